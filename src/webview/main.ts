// Runs inside the summary webview (browser bundle). Filled in by the summary issue.
export {};

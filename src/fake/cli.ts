// Command-line entry of the Close-compatible server (filled in by the foundation issue).
export {};

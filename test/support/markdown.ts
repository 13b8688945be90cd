// Reading rendered Markdown in tests: what a user would see, and where its links go.
// A CommonMark renderer with GFM-style autolinks and raw HTML on: the most permissive reading of the
// Markdown, so anything inert here is inert in VS Code's hover (which is stricter: supportHtml is false).
// eslint-disable-next-line @typescript-eslint/no-require-imports
const MarkdownIt = require('markdown-it') as new (options: object) => { render(text: string): string };
const md = new MarkdownIt({ html: true, linkify: true });
export const html = (markdown: string): string => md.render(markdown);

/** Every href in the rendered HTML. */
export function links(rendered: string): string[] {
  return [...rendered.matchAll(/href="([^"]*)"/g)].map((m) => m[1]);
}

/** The visible text (tags removed, entities decoded). */
export function text(rendered: string): string {
  return rendered
    .replace(/<[^>]*>/g, '')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, '&');
}

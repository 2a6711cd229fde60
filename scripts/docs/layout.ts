// The shell every hand-made page of the documentation site shares: a
// navigation bar with relative links (the site works from file:// and any
// static host), one small stylesheet, and Markdown rendering.
import { Marked } from 'marked';

export const esc = (s: string): string =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

const marked = new Marked({ gfm: true });

export const markdown = (text: string): string => marked.parse(text, { async: false });

/** The site's pages, as paths from the site root. */
export const PAGES = {
  home: 'index.html',
  start: 'getting-started.html',
  api: 'api/index.html',
  sdk: 'sdk/index.html',
  history: 'history.html',
  examples: 'examples/index.html',
  spec: 'spec.html',
} as const;

const NAV: [keyof typeof PAGES, string][] = [
  ['home', 'manila-sdk'],
  ['start', 'Getting started'],
  ['api', 'API reference'],
  ['sdk', 'SDK reference'],
  ['history', 'Microversion history'],
  ['examples', 'Examples'],
  ['spec', 'Spec conventions'],
];

const STYLE = `
:root { color-scheme: light; --fg: #1c2330; --muted: #5b6576; --line: #dde2ea; --accent: #b3261e; --code: #f5f7fa; }
* { box-sizing: border-box; }
body { margin: 0; font: 16px/1.55 system-ui, -apple-system, "Segoe UI", sans-serif; color: var(--fg); }
header { border-bottom: 1px solid var(--line); background: #fafbfc; }
nav { max-width: 72rem; margin: 0 auto; padding: .6rem 1.2rem; display: flex; flex-wrap: wrap; gap: .3rem 1.2rem; }
nav a { color: var(--muted); text-decoration: none; }
nav a:first-child { color: var(--accent); font-weight: 600; }
nav a[aria-current] { color: var(--fg); font-weight: 600; }
main { max-width: 72rem; margin: 0 auto; padding: 1rem 1.2rem 4rem; }
a { color: #1a5fb4; }
code { background: var(--code); padding: .1em .3em; border-radius: 3px; font-size: .92em; }
pre { background: var(--code); border: 1px solid var(--line); border-radius: 6px; padding: .8rem 1rem; overflow-x: auto; line-height: 1.45; }
pre code { background: none; padding: 0; }
table { border-collapse: collapse; }
th, td { border: 1px solid var(--line); padding: .3rem .6rem; text-align: left; vertical-align: top; }
.muted { color: var(--muted); }
.cards { display: grid; grid-template-columns: repeat(auto-fill, minmax(16rem, 1fr)); gap: 1rem; padding: 0; list-style: none; }
.cards li { border: 1px solid var(--line); border-radius: 8px; padding: .8rem 1rem; }
.cards li a { font-weight: 600; }
.version { border-top: 1px solid var(--line); padding-top: .4rem; }
.version h2 { font-size: 1.15rem; margin: .6rem 0 .3rem; }
.version h3 { font-size: 1rem; margin: .5rem 0 .2rem; }
.version h4 { font-size: .9rem; margin: .4rem 0 .1rem; color: var(--muted); }
.version ul { margin: .1rem 0 .4rem; }
.gone { color: #8a1c1c; }
`;

/** A whole page; `path` is where it sits under site/, so links can be made relative. */
export function page(opts: { path: string; title: string; body: string; current?: keyof typeof PAGES }): string {
  const up = '../'.repeat(opts.path.split('/').length - 1);
  const nav = NAV.map(([key, label]) => `<a href="${up}${PAGES[key]}"${opts.current === key ? ' aria-current="page"' : ''}>${esc(label)}</a>`).join('\n');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(opts.title)} · manila-sdk</title>
<link rel="icon" href="${up}favicon.svg" type="image/svg+xml">
<style>${STYLE}</style>
</head>
<body>
<header><nav>
${nav}
</nav></header>
<main>
${opts.body}
</main>
</body>
</html>
`;
}

/** A small mark for the browser tab, so no page asks for a missing /favicon.ico. */
export const FAVICON = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 16 16"><rect width="16" height="16" rx="3" fill="#b3261e"/><path d="M3 12V4l5 5 5-5v8" stroke="#fff" stroke-width="2" fill="none"/></svg>\n`;

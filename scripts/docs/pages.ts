// The hand-made pages of the documentation site: the landing page, getting
// started (sections of the README), one page per example (its first comment
// as the introduction, then the source), and the spec conventions. Content
// is read from the repository's own files at build time, so it cannot go
// stale against them.
import { readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { esc, markdown, page, PAGES } from './layout.js';

/** The README sections the getting-started page is made of, in order. */
export const START_SECTIONS = ['Install', 'Quickstart', 'Configuring it', 'Using it', 'Two commands for a fresh machine'];

/** One `## Title` section of a Markdown text, with its subsections; fails when it is missing. */
export function section(md: string, title: string, file: string): string {
  const lines = md.split('\n');
  const start = lines.findIndex((l) => l.trim() === `## ${title}`);
  if (start < 0) throw new Error(`${file} has no "## ${title}" section (the getting-started page is made of it)`);
  const end = lines.findIndex((l, i) => i > start && /^## /.test(l));
  return lines.slice(start, end < 0 ? undefined : end).join('\n');
}

export interface Example {
  /** File name without `.ts`. */
  name: string;
  /** The first comment, as Markdown-ish text. */
  intro: string;
  source: string;
}

export function readExamples(dir: string): Example[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.ts'))
    .sort()
    .map((f) => {
      const source = readFileSync(join(dir, f), 'utf8');
      const intro: string[] = [];
      for (const line of source.split('\n')) {
        if (!line.startsWith('//')) break;
        intro.push(line.replace(/^\/\/ ?/, ''));
      }
      if (!intro.length) throw new Error(`examples/${f} does not start with a comment saying what it does`);
      return { name: basename(f, '.ts'), intro: intro.join('\n'), source };
    });
}

/** The intro comment as HTML: prose paragraphs, and indented lines (commands) as code blocks. */
function introHtml(text: string): string {
  const blocks: { code: boolean; lines: string[] }[] = [];
  for (const line of text.split('\n')) {
    const code = /^ {2,}\S/.test(line);
    if (!line.trim()) {
      blocks.push({ code: false, lines: [] });
      continue;
    }
    const last = blocks.at(-1);
    if (last && last.code === code && (code || last.lines.length)) last.lines.push(code ? line.trim() : line);
    else blocks.push({ code, lines: [code ? line.trim() : line] });
  }
  return blocks
    .filter((b) => b.lines.length)
    .map((b) => (b.code ? `<pre><code>${esc(b.lines.join('\n'))}</code></pre>` : `<p>${marked(b.lines.join(' '))}</p>`))
    .join('\n');
}

const marked = (inline: string) => markdown(inline).replace(/^<p>|<\/p>\n?$/g, '');

/** The first sentence of an example's intro, for lists. */
const firstSentence = (text: string) => (text.replace(/\s+/g, ' ').match(/^.*?[.:](?=\s|$)/)?.[0] ?? text).replace(/:$/, '.');

export function examplePage(ex: Example): string {
  const body = `<h1>Example: <code>${esc(ex.name)}.ts</code></h1>
${introHtml(ex.intro)}
<p class="muted">The source, <code>examples/${esc(ex.name)}.ts</code>:</p>
<pre><code>${esc(ex.source)}</code></pre>`;
  return page({ path: `examples/${ex.name}.html`, title: `Example: ${ex.name}`, body, current: 'examples' });
}

export function examplesIndex(examples: Example[]): string {
  const items = examples.map((ex) => `<li><a href="${ex.name}.html">${esc(ex.name)}</a><br>${marked(firstSentence(ex.intro))}</li>`).join('\n');
  const body = `<h1>Examples</h1>
<p>Complete programs from the repository's <code>examples/</code> folder. Each runs against your cloud
(<code>OS_CLOUD</code> with <code>clouds.yaml</code>, or the <code>OS_*</code> variables) or the local test bed:
<code>npx tsx examples/&lt;name&gt;.ts</code>.</p>
<ul class="cards">${items}</ul>`;
  return page({ path: PAGES.examples, title: 'Examples', body, current: 'examples' });
}

export function gettingStarted(readme: string): string {
  const parts = START_SECTIONS.map((t) => markdown(section(readme, t, 'README.md')));
  const body = `<h1>Getting started</h1>
<p>Install the package, point it at a cloud through <code>clouds.yaml</code>, and make your first calls.
Every method is listed in the <a href="${PAGES.sdk}">SDK reference</a>; every request and answer in the
<a href="${PAGES.api}">API reference</a>.</p>
${parts.join('\n')}
<h2>Next</h2>
<ul><li><a href="${PAGES.examples}">Examples</a>: whole programs (backups, replica fail-over, quotas, draining a back end).</li>
<li><a href="${PAGES.history}">Microversion history</a>: what each microversion added or removed.</li></ul>`;
  return page({ path: PAGES.start, title: 'Getting started', body, current: 'start' });
}

export function specPage(specReadme: string): string {
  return page({ path: PAGES.spec, title: 'Spec conventions', body: markdown(specReadme), current: 'spec' });
}

export function indexPage(opts: { examples: Example[]; maxVersion: string; operations: number; version: string }): string {
  const card = (href: string, title: string, text: string) => `<li><a href="${href}">${esc(title)}</a><br>${text}</li>`;
  const body = `<h1>manila-sdk ${esc(opts.version)}</h1>
<p>A typed TypeScript SDK for OpenStack Manila, the Shared File Systems service: API v2, microversions 2.0 to
${esc(opts.maxVersion)}, generated from a hand-written OpenAPI 3.1 description of Manila.</p>
<ul class="cards">
${card(PAGES.start, 'Getting started', 'Install, configure with <code>clouds.yaml</code>, the quickstart, one call shape for everything.')}
${card(PAGES.api, 'API reference', `Every Manila v2 operation the spec describes (${opts.operations}), with its microversion range, experimental flag, fields and errors.`)}
${card(PAGES.sdk, 'SDK reference', 'Every method of <code>manila.&lt;group&gt;</code>, its Manila operation, microversions, errors and types.')}
${card(PAGES.history, 'Microversion history', `What appeared and disappeared at each microversion, 2.0 to ${esc(opts.maxVersion)}.`)}
${card(PAGES.examples, 'Examples', `${opts.examples.length} complete programs.`)}
${card(PAGES.spec, 'Spec conventions and maintenance', 'How the spec is written, its <code>x-openstack</code> and <code>x-sdk-*</code> marks, and what to do when Manila releases a new microversion (drift report, runbook).')}
${card('openapi.json', 'openapi.json', 'The bundled OpenAPI 3.1 spec, as the package ships it (<code>manila-sdk/openapi.json</code>); other tools can generate from it.')}
</ul>
<h2>Examples</h2>
<ul>${opts.examples.map((ex) => `<li><a href="examples/${ex.name}.html">${esc(ex.name)}</a>: ${marked(firstSentence(ex.intro))}</li>`).join('\n')}</ul>`;
  return page({ path: PAGES.home, title: 'manila-sdk documentation', body, current: 'home' });
}

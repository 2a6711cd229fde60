// `npm run docs`: builds the documentation site into site/ (git-ignored)
// from the bundled spec (dist/openapi.json, which `npm run build:spec`
// writes first), the SDK's sources, the README and the examples. Every link
// is relative, so the site works from file:// and from any static host.
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { annotate } from './annotate.js';
import { historyBody } from './history.js';
import { FAVICON, page, PAGES } from './layout.js';
import { readFacts } from './marks.js';
import { examplePage, examplesIndex, gettingStarted, indexPage, readExamples, specPage } from './pages.js';
import { buildSdkReference } from './sdk-reference.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const site = join(root, 'site');
const bundlePath = join(root, 'dist/openapi.json');

const write = (path: string, text: string) => {
  mkdirSync(dirname(join(site, path)), { recursive: true });
  writeFileSync(join(site, path), text);
};

const timed = async <T>(what: string, f: () => T | Promise<T>): Promise<T> => {
  const t0 = performance.now();
  const r = await f();
  console.log(`  ${what} (${((performance.now() - t0) / 1000).toFixed(1)} s)`);
  return r;
};

/**
 * Redoc's page, made self-contained: the Redocly logo it would fetch from a
 * CDN is served from the site (the site must load with no network), and the
 * page gets the site's icon.
 */
const REDOCLY_LOGO = `<svg xmlns="http://www.w3.org/2000/svg" width="64" height="16" viewBox="0 0 64 16"><text x="0" y="12" font-family="sans-serif" font-size="12" fill="#0044d4">Redocly</text></svg>\n`;

function buildApiReference(bundle: unknown): void {
  const work = mkdtempSync(join(tmpdir(), 'manila-docs-'));
  try {
    const docsSpec = join(work, 'openapi.json');
    writeFileSync(docsSpec, JSON.stringify(annotate(bundle)));
    const out = join(site, PAGES.api);
    const run = spawnSync(
      join(root, 'node_modules/.bin/redocly'),
      ['build-docs', docsSpec, '--inlineBundle', '--openapi.disableTelemetry=true', '--title', 'Manila v2 API reference · manila-sdk', '-o', out],
      { cwd: root, encoding: 'utf8', env: { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true' } },
    );
    if (run.status !== 0) throw new Error(`redocly build-docs failed:\n${run.stdout}\n${run.stderr}`);
    let html = readFileSync(out, 'utf8');
    const logos = /https:\/\/cdn\.redoc\.ly\/redoc\/logo-mini(-full)?\.svg/g;
    if (!logos.test(html)) console.warn('  note: Redoc no longer names its CDN logo; check the page for other outside requests');
    html = html.replace(logos, 'redocly-logo.svg');
    html = html.replace('<head>', '<head>\n  <link rel="icon" href="../favicon.svg" type="image/svg+xml">');
    writeFileSync(out, html);
    write('api/redocly-logo.svg', REDOCLY_LOGO);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  let bundle: any;
  try {
    bundle = JSON.parse(readFileSync(bundlePath, 'utf8'));
  } catch (e) {
    throw new Error(`cannot read ${bundlePath}: run \`npm run build:spec\` first (npm run docs does) (${(e as Error).message})`);
  }
  const facts = readFacts(bundle);
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
  const examples = readExamples(join(root, 'examples'));
  console.log(`building site/ (spec ${facts.maxVersion}, ${facts.operations.length} operations, ${examples.length} examples)`);

  rmSync(site, { recursive: true, force: true });
  mkdirSync(site, { recursive: true });
  write('favicon.svg', FAVICON);
  copyFileSync(bundlePath, join(site, 'openapi.json'));

  await timed('API reference: redocly build-docs of an annotated copy of the bundle → site/api/', () => buildApiReference(bundle));
  await timed('SDK reference: TypeDoc → site/sdk/', () => buildSdkReference({ root, out: join(site, 'sdk') }));
  await timed('history, getting started, examples, spec, index', () => {
    write(PAGES.history, page({ path: PAGES.history, title: 'Microversion history', body: historyBody(facts, PAGES.api), current: 'history' }));
    write(PAGES.start, gettingStarted(readFileSync(join(root, 'README.md'), 'utf8')));
    for (const ex of examples) write(`examples/${ex.name}.html`, examplePage(ex));
    write(PAGES.examples, examplesIndex(examples));
    write(PAGES.spec, specPage(readFileSync(join(root, 'spec/README.md'), 'utf8')));
    write(PAGES.home, indexPage({ examples, maxVersion: facts.maxVersion, operations: facts.operations.length, version: pkg.version }));
  });
  console.log(`site/ is ready: open site/index.html, or \`npm run docs:serve\``);
}

await main();

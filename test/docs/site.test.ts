// The documentation site in a real browser: Debian's Chromium, headless,
// driven by playwright-core (no browser download). Every page loads with no
// console error and no failed or outside request, the API reference's search
// finds `allow_access`, the history lists 2.99 and its links open their
// operations, and no internal link is broken. Screenshots of each page type
// go to test-artifacts/docs/. Needs a built site: `npm run test:docs` builds it.
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync } from 'node:fs';
import type { Server } from 'node:http';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serveSite } from '../../scripts/docs/serve.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const site = join(root, 'site');
const artifacts = join(root, 'test-artifacts/docs');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

let browser: Browser;
let server: Server;
let base: string;

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`no Chromium at ${CHROMIUM}: install Debian's with \`apt-get install chromium\` (or set CHROMIUM_PATH); .ci/run installs it`);
  }
  if (!existsSync(join(site, 'index.html'))) throw new Error('site/ is not built: run `npm run docs` (npm run test:docs does)');
  mkdirSync(artifacts, { recursive: true });
  ({ server, url: base } = await serveSite(site, 0));
  browser = await chromium.launch({ executablePath: CHROMIUM });
});

afterAll(async () => {
  await browser?.close();
  await new Promise((ok) => (server ? server.close(ok) : ok(undefined)));
});

/** Opens a page of the site and records everything that went wrong while it loaded. */
async function open(path: string, settle = async (_: Page) => {}): Promise<{ page: Page; problems: string[] }> {
  // `file:` paths open the site from the file system, as a reader without a server would.
  const url = path.startsWith('file:') ? path : new URL(path, base).href;
  const home = path.startsWith('file:') ? pathToFileURL(site).href : base;
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  const problems: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(`console error: ${m.text()}`);
  });
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('requestfailed', (r) => problems.push(`request failed: ${r.url()} (${r.failure()?.errorText})`));
  page.on('request', (r) => {
    const u = r.url();
    if (!u.startsWith(home) && !/^(data|blob|about):/.test(u)) problems.push(`outside request: ${u}`);
  });
  page.on('response', (r) => {
    if (r.status() >= 400) problems.push(`HTTP ${r.status()}: ${r.url()}`);
  });
  await page.goto(url, { waitUntil: 'load' });
  await settle(page);
  await page.waitForLoadState('networkidle');
  return { page, problems };
}

const shot = (page: Page, name: string) => page.screenshot({ path: join(artifacts, `${name}.png`) });

/** Redoc renders on the client: wait for the operation's title. */
const redocReady = (title: string) => async (page: Page) => {
  // The heading also holds Redoc's badges (`2.11+`), so match its text, not its whole name.
  await page.locator('h1, h2').filter({ hasText: title }).first().waitFor({ timeout: 30_000 });
};

const examples = readdirSync(join(root, 'examples'))
  .filter((f) => f.endsWith('.ts'))
  .map((f) => f.replace(/\.ts$/, ''));

// Pages open side by side in one browser: the whole file stays well under two minutes.
describe.concurrent('every page loads cleanly', () => {
  const pages: [string, string, ((p: Page) => Promise<void>)?][] = [
    ['index', 'index.html'],
    ['getting-started', 'getting-started.html'],
    ['history', 'history.html'],
    ['spec', 'spec.html'],
    ['examples', 'examples/index.html'],
    ...examples.map((e): [string, string] => [`example-${e}`, `examples/${e}.html`]),
    ['api', 'api/index.html', redocReady('OpenStack Manila Shared File Systems API v2')],
    ['api-operation', 'api/index.html#/shares/shares_show', redocReady('Show a share')],
    ['sdk', 'sdk/index.html'],
    ['sdk-interface', 'sdk/interfaces/SharesApi.html'],
    ['sdk-class', 'sdk/classes/NotFoundError.html'],
    ['sdk-function', 'sdk/functions/createManilaClient.html'],
  ];
  it('from the file system too (relative links, nothing fetched from elsewhere)', async () => {
    const index = await open(pathToFileURL(join(site, 'index.html')).href);
    await index.page.click('text=API reference');
    await redocReady('OpenStack Manila Shared File Systems API v2')(index.page);
    await index.page.waitForLoadState('networkidle');
    expect(index.page.url()).toBe(pathToFileURL(join(site, 'api/index.html')).href);
    const api = await open(`${pathToFileURL(join(site, 'api/index.html')).href}#/shares/shares_show`, redocReady('Show a share'));
    await shot(api.page, 'api-from-file');
    expect([...index.problems, ...api.problems]).toEqual([]);
    await Promise.all([index.page.close(), api.page.close()]);
  });
  it.each(pages)('%s (%s)', async (name, path, settle) => {
    const { page, problems } = await open(path, settle);
    await shot(page, name);
    expect(problems).toEqual([]);
    expect(await page.title()).not.toBe('');
    await page.close();
  });
});

describe.concurrent('API reference', () => {
  it("finds allow_access through Redoc's search", async () => {
    const { page, problems } = await open('api/index.html', redocReady('OpenStack Manila Shared File Systems API v2'));
    await page.click('[data-testid=search-trigger]');
    await page.keyboard.type('allow_access');
    const hit = page.getByText('Run an action on a share', { exact: true }).first();
    await hit.waitFor({ timeout: 15_000 });
    await shot(page, 'api-search');
    await hit.click();
    await page.waitForURL(/#\/share-actions\/shares_action/);
    expect(problems).toEqual([]);
    await page.close();
  });

  it('shows microversion ranges, the experimental flag, action keys and (2.x+) notes', async () => {
    const { page, problems } = await open('api/index.html#/share-actions/shares_action', redocReady('Run an action on a share'));
    const text = await page.locator('#api-content').innerText();
    expect(text).toContain('Microversions: 2.0–latest');
    expect(text).toMatch(/allow_access \(2\.7\+\)/);
    expect(text).toMatch(/migration_start \(2\.29\+, experimental at 2\.29–2\.95\)/);
    await page.close();
    const replicas = await open('api/index.html#/share-replicas/sharereplicas_list', redocReady('List share replicas (id, share, status and replica state only)'));
    const rtext = await replicas.page.locator('#api-content').innerText();
    expect(rtext).toContain('Microversions: 2.11–latest');
    expect(rtext).toContain('Experimental at 2.11–2.55');
    await replicas.page.close();
    const show = await open('api/index.html#/shares/shares_show', redocReady('Show a share'));
    expect(await show.page.locator('#api-content').innerText()).toContain('(2.16+)');
    await show.page.close();
    expect([...problems, ...replicas.problems, ...show.problems]).toEqual([]);
  });
});

describe('microversion history', () => {
  it('lists every version up to 2.99, and its links open their operations in the reference', async () => {
    const { page, problems } = await open('history.html');
    const bundle = JSON.parse(readFileSync(join(site, 'openapi.json'), 'utf8'));
    const top = Number(String(bundle.info.version).split('.')[1]);
    expect(bundle.info.version).toBe('2.99');
    for (let i = 0; i <= top; i++) expect(await page.locator(`section[id="v2.${i}"] h2`).innerText()).toBe(`2.${i}`);
    const last = await page.locator('section[id="v2.99"]').innerText();
    expect(last).toContain('snapshot_inherit_share_access_support');
    const links = await page.$$eval('a[href^="api/index.html#/"]', (as) => as.map((a) => [a.getAttribute('href')!, a.textContent!] as const));
    const distinct = [...new Map(links.map(([h, t]) => [h, t])).entries()];
    expect(distinct.length).toBeGreaterThan(100);
    // A few of them in the browser: first, last and spread between.
    const picks = [0, 1, Math.floor(distinct.length / 3), Math.floor((2 * distinct.length) / 3), distinct.length - 1].map((i) => distinct[i]);
    await Promise.all(
      picks.map(async ([href, title]) => {
        const op = await open(href, redocReady(title));
        expect(op.problems, href).toEqual([]);
        await op.page.close();
      }),
    );
    // All of them against the spec: `#/<tag>/<operationId>`, lower-cased.
    const known = new Set<string>();
    for (const item of Object.values<any>(bundle.paths)) {
      for (const op of Object.values<any>(item)) if (op?.operationId) known.add(`#/${op.tags[0]}/${op.operationId}`.toLowerCase());
    }
    const unknown = distinct.map(([h]) => h.slice('api/index.html'.length)).filter((a) => !known.has(a));
    expect(unknown).toEqual([]);
    expect(problems).toEqual([]);
    await page.close();
  });
});

describe.concurrent('links', () => {
  it('no internal link of the hand-made pages is broken (crawled in the browser from the landing page)', async () => {
    let queue = ['index.html'];
    const seen = new Set(queue);
    const broken: string[] = [];
    let visited = 0;
    // Breadth first, one level of pages at a time, side by side.
    const visit = async (path: string, next: string[]) => {
      const { page, problems } = await open(path);
      visited++;
      broken.push(...problems.map((p) => `${path}: ${p}`));
      const hrefs = await page.$$eval('a[href]', (as) => as.map((a) => (a as HTMLAnchorElement).href));
      for (const href of hrefs) {
        if (!href.startsWith(base)) continue;
        const u = new URL(href);
        const target = decodeURIComponent(u.pathname).slice(1) || 'index.html';
        const file = join(site, target);
        if (!existsSync(file) || statSync(file).isDirectory()) {
          broken.push(`${path} → ${href}: no such file`);
          continue;
        }
        // Fragments of our own pages must name an element (Redoc's hash routes are checked above).
        if (u.hash && target === path && !target.startsWith('api/')) {
          const id = decodeURIComponent(u.hash.slice(1));
          if (!(await page.$(`[id="${id.replace(/"/g, '\\"')}"]`))) broken.push(`${path} → ${u.hash}: no such anchor`);
        }
        // Follow our own pages; the generated references are checked file by file below.
        if (target.endsWith('.html') && !target.startsWith('api/') && !target.startsWith('sdk/') && !seen.has(target)) {
          seen.add(target);
          next.push(target);
        }
      }
      await page.close();
    };
    while (queue.length) {
      const next: string[] = [];
      await Promise.all(queue.map((path) => visit(path, next)));
      queue = next;
    }
    expect(broken).toEqual([]);
    expect(visited).toBeGreaterThanOrEqual(5 + examples.length);
  });

  it('every href and anchor of the TypeDoc pages, and the links of the API reference, resolve to files', () => {
    const files: string[] = [];
    const walk = (dir: string) => {
      for (const f of readdirSync(dir)) {
        const p = join(dir, f);
        if (statSync(p).isDirectory()) walk(p);
        else if (p.endsWith('.html')) files.push(p);
      }
    };
    walk(join(site, 'sdk'));
    files.push(join(site, 'api/index.html'));
    const ids = new Map<string, Set<string>>();
    const idsOf = (file: string) => {
      if (!ids.has(file)) ids.set(file, new Set([...readFileSync(file, 'utf8').matchAll(/\sid="([^"]+)"/g)].map((m) => m[1])));
      return ids.get(file)!;
    };
    const broken: string[] = [];
    let checked = 0;
    for (const file of files) {
      const html = readFileSync(file, 'utf8');
      for (const [, raw] of html.matchAll(/<a\s[^>]*href="([^"]*)"/g)) {
        const href = raw.replace(/&amp;/g, '&');
        if (/^(https?:|mailto:|javascript:|data:)/.test(href) || href === '') continue;
        // Redoc's own hash routes and in-page menu paths (`/shares`) are client-side.
        if (file.endsWith('api/index.html') && (href.startsWith('#') || href.startsWith('/'))) continue;
        checked++;
        const [pathPart, hash] = href.split('#');
        const target = pathPart ? resolve(dirname(file), decodeURIComponent(pathPart)) : file;
        if (!target.startsWith(site) || !existsSync(target)) {
          broken.push(`${relative(site, file)} → ${href}`);
          continue;
        }
        if (hash && target.endsWith('.html') && !idsOf(target).has(decodeURIComponent(hash))) broken.push(`${relative(site, file)} → ${href} (no anchor)`);
      }
    }
    expect(broken.slice(0, 20)).toEqual([]);
    expect(files.length).toBeGreaterThan(100);
    expect(checked).toBeGreaterThan(1000);
  });
});

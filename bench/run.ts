// The benchmark: manila-sdk against raw fetch (same headers) and openapi-fetch
// alone, on a loopback Manila imitation in its own process (bench/server.ts).
// Contenders run in interleaved rounds (the order rotates each round) after
// warm-up rounds; the figures are medians, and each ratio is the median of
// the per-round ratios to raw fetch, so a slow moment of the machine hits
// both sides of a pair. Also: list walks of 10k/100k shares as whole
// processes (wall time, peak RSS), 100 concurrent waiters (requests the
// server saw), cold import and first call as whole processes.
//
//   npm run bench                  # everything, ~3 minutes
//   npm run bench -- --short       # a quick pass that proves it works (CI)
//   npm run bench -- --with-python # also openstacksdk and python-manilaclient (installs a venv)
//   npm run bench -- --bed         # also a scenario on the real test bed
//   npm run bench -- --only=per-call,cold-start   # some sections (per-call, paging, waiters, cold-start)
//
// Writes bench/results/latest.md. No pass/fail: figures, not assertions.
import { execFileSync, fork, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import createClient from 'openapi-fetch';
import type { paths } from '../src/generated/openapi.js';
import { pythonPerCall, pythonVenv, pythonWalkers } from './python.js';
import { bedScenario } from './bed-scenario.js';
import type * as Sdk from '../src/index.js';

const args = new Set(process.argv.slice(2));
const SHORT = args.has('--short');
const SECTIONS = ['per-call', 'paging', 'waiters', 'cold-start'];
const only = [...args].find((a) => a.startsWith('--only='))?.slice('--only='.length).split(',');
const unknown = only?.filter((o) => !SECTIONS.includes(o)) ?? [];
if (unknown.length) throw new Error(`--only: no section ${unknown.join(', ')}; sections are ${SECTIONS.join(', ')}`);
/** `--only=per-call,cold-start` runs those sections; the report is then partial and written to bench/results/partial.md. */
const wanted = (section: string) => !only || only.includes(section);
const WARMUP = SHORT ? 1 : 2;
// A multiple of 6: every order of the three contenders, as often. The
// paired ratios of one run spread by about ±0.06 around their median, so
// fewer rounds moved the median itself by several percent between runs.
const ROUNDS = SHORT ? 2 : 36;
const CALLS = SHORT ? 100 : 1000;
const root = fileURLToPath(new URL('..', import.meta.url));
const ID = '0b5e8f4c-5cd4-4c6f-a4f6-3a5b2f2c5a11';
const TOKEN = 'bench-token';

/** Linear interpolation between the closest ranks. */
const quantile = (xs: number[], q: number) => {
  const s = [...xs].sort((a, b) => a - b);
  const at = (s.length - 1) * q;
  const lo = Math.floor(at);
  return s[lo] + (s[Math.min(lo + 1, s.length - 1)] - s[lo]) * (at - lo);
};
const median = (xs: number[]) => quantile(xs, 0.5);
const fmt = (n: number, d = 3) => n.toFixed(d);
const report: string[] = [];
const out = (line = '') => {
  console.log(line);
  report.push(line);
};

// The published build, as users load it (src through tsx would add tsx's
// own wrappers to every function). Built at the start of each run.
let sdk!: typeof Sdk;

async function startServer(total: number): Promise<{ child: ChildProcess; endpoint: string; origin: string }> {
  const child = fork(`${root}bench/server.ts`, { env: { ...process.env, BENCH_SHARES: String(total) }, execArgv: ['--import', 'tsx'] });
  const port = await new Promise<number>((resolve) => child.once('message', (m) => resolve(Number(m))));
  return { child, origin: `http://127.0.0.1:${port}`, endpoint: `http://127.0.0.1:${port}/v2` };
}

const orders = <T>(xs: T[]): T[][] => (xs.length <= 1 ? [xs] : xs.flatMap((x, i) => orders([...xs.slice(0, i), ...xs.slice(i + 1)]).map((rest) => [x, ...rest])));

/**
 * Runs each contender in rounds, each round in another of the possible
 * orders; answers ms per call per round. Not a rotation: there each
 * contender always follows the same one, and raw fetch, run after the SDK,
 * measured 3-5% slower than a copy of itself run elsewhere in the order,
 * which flattered the SDK's ratio.
 */
async function interleaved(contenders: Record<string, () => Promise<unknown>>, calls: number, concurrency: number): Promise<Record<string, number[]>> {
  const names = Object.keys(contenders);
  const all = orders(names);
  const times: Record<string, number[]> = Object.fromEntries(names.map((n) => [n, []]));
  for (let round = 0; round < WARMUP + ROUNDS; round++) {
    const order = all[(round + all.length - (WARMUP % all.length)) % all.length];
    for (const name of order) {
      const fn = contenders[name];
      let next = 0;
      const started = performance.now();
      await Promise.all(
        Array.from({ length: concurrency }, async () => {
          while (next++ < calls) await fn();
        }),
      );
      if (round >= WARMUP) times[name].push((performance.now() - started) / calls);
    }
  }
  return times;
}

function perCallTable(title: string, times: Record<string, number[]>) {
  out(`### ${title}`);
  out();
  out('| client | median ms/call | ratio to raw fetch (median of paired rounds) | middle half of the paired ratios |');
  out('| --- | ---: | ---: | ---: |');
  for (const [name, t] of Object.entries(times)) {
    const ratios = t.map((x, i) => x / times['raw fetch'][i]);
    out(`| ${name} | ${fmt(median(t))} | ${fmt(median(ratios), 2)}× | ${fmt(quantile(ratios, 0.25), 2)}–${fmt(quantile(ratios, 0.75), 2)} |`);
  }
  out();
}

async function perCall(endpoint: string) {
  const headers = { 'X-Auth-Token': TOKEN, 'X-OpenStack-Manila-API-Version': '2.99', Accept: 'application/json', 'User-Agent': 'bench' };
  const url = `${endpoint}/shares/${ID}`;
  const manila = sdk.createManilaClient({ endpoint, token: TOKEN, microversion: '2.99' });
  const of = createClient<paths>({ baseUrl: endpoint, headers });
  const contenders = {
    'raw fetch': async () => (await fetch(url, { headers })).json(),
    'openapi-fetch': async () => (await of.GET('/shares/{share_id}', { params: { path: { share_id: ID } } })).data,
    'manila-sdk': () => manila.shares.show(ID),
  };
  out(`## Per call: GET /shares/{id}, ${CALLS} calls a round, ${ROUNDS} rounds after ${WARMUP} of warm-up`);
  out();
  perCallTable('Sequential', await interleaved(contenders, CALLS, 1));
  perCallTable('Concurrency 16', await interleaved(contenders, CALLS, 16));
}

function walk(mode: string, endpoint: string, total: number) {
  const r = spawnSync(process.execPath, ['--import', 'tsx', `${root}bench/walk.ts`, mode, endpoint, String(total)], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`walk ${mode} ${total}: ${r.stderr}`);
  return JSON.parse(r.stdout.trim().split('\n').at(-1)!) as { ms: number; items: number; maxRssMiB: number };
}

async function paging(extra: Array<[string, (endpoint: string, total: number) => { ms: number; items: number; maxRssMiB: number }]>) {
  out('## Walking every share of a list (whole process each)');
  out();
  out('| client | shares | items seen | wall ms (median) | peak RSS MiB |');
  out('| --- | ---: | ---: | ---: | ---: |');
  for (const total of SHORT ? [10_000] : [10_000, 100_000]) {
    const server = await startServer(total);
    const runs = SHORT ? 1 : 3;
    const walkers: Array<[string, (endpoint: string, total: number) => { ms: number; items: number; maxRssMiB: number }]> = [
      ['raw fetch loop', (e, t) => walk('raw', e, t)],
      ['manila-sdk `for await`', (e, t) => walk('sdk', e, t)],
      ...extra,
    ];
    for (const [name, fn] of walkers) {
      const rs = Array.from({ length: runs }, () => fn(server.endpoint, total));
      out(`| ${name} | ${total} | ${rs[0].items} | ${fmt(median(rs.map((r) => r.ms)), 0)} | ${fmt(median(rs.map((r) => r.maxRssMiB)), 0)} |`);
    }
    server.child.kill();
  }
  out();
}

async function waiters(origin: string, endpoint: string) {
  const n = 100;
  out(`## ${n} concurrent waiters, each share available on its fifth read`);
  out();
  out('| client | requests the server saw | wall ms |');
  out('| --- | ---: | ---: |');
  const ids = Array.from({ length: n }, (_, i) => `w-${i}`);
  const fast = { minDelayMs: 100, maxDelayMs: 1000 };
  for (const [name, run] of [
    ['manila-sdk, one client (batched)', () => { const m = sdk.createManilaClient({ endpoint, token: TOKEN, microversion: '2.99' }); return Promise.all(ids.map((id) => m.waitFor.share(id, fast))); }],
    ['manila-sdk, a client per share (unbatched)', () => Promise.all(ids.map((id) => sdk.createManilaClient({ endpoint, token: TOKEN, microversion: '2.99' }).waitFor.share(id, fast)))],
  ] as const) {
    await fetch(`${origin}/reset?waiters=${n}`, { method: 'POST' });
    const started = performance.now();
    await run();
    const ms = performance.now() - started;
    const { requests } = (await (await fetch(`${origin}/stats`)).json()) as { requests: number };
    out(`| ${name} | ${requests - 1} | ${fmt(ms, 0)} |`);
  }
  out();
}

/** Runs `node -e <code>` in `cwd`; answers what it prints (ms) and its wall time. */
function processOnce(code: string, cwd: string): { inside: number; wall: number } {
  const started = performance.now();
  const r = spawnSync(process.execPath, ['--input-type=module', '-e', code], { encoding: 'utf8', cwd });
  const wall = performance.now() - started;
  if (r.status !== 0) throw new Error(r.stderr);
  return { inside: Number(r.stdout.trim()), wall };
}

/**
 * A consumer's folder: both packages imported by name, as a user's program
 * does (resolving a bare name through node_modules and `exports` costs
 * about as much as loading a small module, so a path for one side only
 * would flatter it).
 */
function consumerDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'manila-sdk-bench-'));
  mkdirSync(join(dir, 'node_modules'));
  writeFileSync(join(dir, 'package.json'), '{ "type": "module", "private": true }\n');
  symlinkSync(root, join(dir, 'node_modules', 'manila-sdk'), 'dir');
  symlinkSync(join(root, 'node_modules', 'openapi-fetch'), join(dir, 'node_modules', 'openapi-fetch'), 'dir');
  return dir;
}

/** Whole processes of each kind, interleaved; medians, and the median of the per-pair ratios to the first kind. */
function processPairs(codes: Record<string, string>, times: number, cwd: string) {
  const runs: Record<string, Array<{ inside: number; wall: number }>> = Object.fromEntries(Object.keys(codes).map((k) => [k, []]));
  for (let i = 0; i < times; i++) for (const [k, code] of Object.entries(codes)) runs[k].push(processOnce(code, cwd));
  const [base] = Object.keys(codes);
  return Object.fromEntries(
    Object.entries(runs).map(([k, rs]) => [
      k,
      { inside: median(rs.map((r) => r.inside)), wall: median(rs.map((r) => r.wall)), ratio: median(rs.map((r, i) => r.inside / runs[base][i].inside)) },
    ]),
  );
}

async function coldStart(endpoint: string) {
  const times = SHORT ? 3 : 15;
  const cwd = consumerDir();
  try {
    const importOf = (name: string) => `const t = performance.now(); await import(${JSON.stringify(name)}); console.log(performance.now() - t);`;
    const imports = processPairs({ of: importOf('openapi-fetch'), sdk: importOf('manila-sdk') }, times, cwd);
    const first = processPairs(
      {
        raw: `const t = performance.now(); const r = await fetch('${endpoint}/shares/${ID}', { headers: { 'X-Auth-Token': 't', 'X-OpenStack-Manila-API-Version': '2.99' } }); await r.json(); console.log(performance.now() - t);`,
        sdk: `const t = performance.now(); const { createManilaClient } = await import('manila-sdk'); const m = createManilaClient({ endpoint: '${endpoint}', token: 't', microversion: '2.99' }); await m.shares.show('${ID}'); console.log(performance.now() - t);`,
      },
      times,
      cwd,
    );
    out(`## Cold start (whole processes, ${times} of each, interleaved; packages imported by name from a consumer's folder)`);
    out();
    out('| what | ms inside the process (median) | ratio (median of pairs) | ms for the whole process |');
    out('| --- | ---: | ---: | ---: |');
    out(`| import openapi-fetch alone | ${fmt(imports.of.inside, 1)} | 1.00× | ${fmt(imports.of.wall, 0)} |`);
    out(`| import manila-sdk | ${fmt(imports.sdk.inside, 1)} | ${fmt(imports.sdk.ratio, 2)}× openapi-fetch | ${fmt(imports.sdk.wall, 0)} |`);
    out(`| raw fetch: first call | ${fmt(first.raw.inside, 1)} | 1.00× | ${fmt(first.raw.wall, 0)} |`);
    out(`| manila-sdk: import, client, first call | ${fmt(first.sdk.inside, 1)} | ${fmt(first.sdk.ratio, 2)}× raw fetch | ${fmt(first.sdk.wall, 0)} |`);
    out();
  } finally {
    rmSync(cwd, { recursive: true, force: true });
  }
}

async function main() {
  const started = new Date();
  out(`# manila-sdk benchmark${SHORT ? ' (short mode: figures are rough)' : ''}`);
  out();
  out(`${started.toISOString().slice(0, 16).replace('T', ' ')} UTC on ${cpus()[0]?.model ?? 'an unknown CPU'} (${cpus().length} cores, ${fmt(totalmem() / 2 ** 30, 0)} GiB), Node ${process.versions.node}. Loopback server in its own process.`);
  out();
  execFileSync('npm', ['run', 'build', '--silent'], { cwd: root, stdio: 'ignore' });
  sdk = (await import(`${root}dist/index.js`)) as typeof Sdk;
  const server = await startServer(1000);
  try {
    const python = args.has('--with-python') ? pythonVenv(root) : undefined;
    if (wanted('per-call')) await perCall(server.endpoint);
    if (python && wanted('per-call')) pythonPerCall(python, server.endpoint, SHORT ? 50 : 300, out);
    if (wanted('paging')) await paging(python ? pythonWalkers(python) : []);
    if (wanted('waiters')) await waiters(server.origin, server.endpoint);
    if (wanted('cold-start')) await coldStart(server.endpoint);
    if (args.has('--bed')) await bedScenario(root, sdk, python, out);
  } finally {
    server.child.kill();
  }
  mkdirSync(`${root}bench/results`, { recursive: true });
  writeFileSync(`${root}bench/results/${SHORT ? 'short' : only ? 'partial' : 'latest'}.md`, `${report.join('\n')}\n`);
}

await main();

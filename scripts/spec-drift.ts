// `npm run spec:drift`: what a live Manila says that the spec does not know
// (new microversions, unknown response fields, rejected filters), as a
// Markdown report. Exit 0 no drift, 1 drift, 2 usage or connection error.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { createManilaClient, KeystoneAuth, loadCloud, type ManilaClientOptions } from '../src/index.js';
import { exitCodeOf, formatReport } from './spec-drift/report.js';
import { ANY_VERSION, runDrift } from './spec-drift/run.js';

const root = fileURLToPath(new URL('../', import.meta.url));
const USAGE = `usage: npm run spec:drift -- [--cloud NAME | --endpoint URL --token TOKEN] [--spec bundle.json]
       [--manila-source DIR] [--out report.md] [--id name=value ...]
  Without --cloud or --endpoint: the local test bed (npm run testbed:up), as its admin.
  --spec           the bundled spec to compare with (default dist/openapi.json, built if missing)
  --manila-source  a Manila source checkout: list its version-history notes beyond the spec
  --out            also write the report to this file (it always goes to stdout)
  --id             a value for a path parameter, tried before those found in lists (share_id=...)
Exit status: 0 no drift, 1 drift, 2 usage or connection error.`;

class UsageError extends Error {}

function clientOptions(a: { cloud?: string; endpoint?: string; token?: string }): Promise<ManilaClientOptions> | ManilaClientOptions {
  if (a.cloud) {
    if (a.endpoint || a.token) throw new UsageError('give --cloud or --endpoint with --token, not both');
    return loadCloud(a.cloud);
  }
  if (a.endpoint || a.token) {
    if (!a.endpoint || !a.token) throw new UsageError('--endpoint and --token go together');
    return { endpoint: a.endpoint, token: a.token };
  }
  const state = process.env.MANILA_TESTBED_STATE ?? `${root}.testbed`;
  if (!existsSync(`${state}/testbed.env`)) {
    throw new UsageError(`no test bed at ${state} (start it with \`npm run testbed:up\`), and neither --cloud nor --endpoint was given`);
  }
  // The bed's clouds.yaml names its admin as cloud `testbed`.
  return loadCloud('testbed', { searchPath: [state] });
}

function specPath(given: string | undefined): string {
  if (given) {
    if (!existsSync(given)) throw new UsageError(`no spec bundle at ${given}`);
    return given;
  }
  const bundle = `${root}dist/openapi.json`;
  if (!existsSync(bundle)) {
    console.error('spec-drift: dist/openapi.json is missing; bundling the spec (npm run build:spec)');
    execFileSync('npm', ['run', 'build:spec', '--silent'], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });
  }
  return bundle;
}

async function main(): Promise<number> {
  let args;
  try {
    args = parseArgs({
      options: {
        cloud: { type: 'string' },
        endpoint: { type: 'string' },
        token: { type: 'string' },
        spec: { type: 'string' },
        'manila-source': { type: 'string' },
        out: { type: 'string' },
        id: { type: 'string', multiple: true },
        help: { type: 'boolean', short: 'h' },
      },
      allowPositionals: false,
    }).values;
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
  if (args.help) {
    console.log(USAGE);
    return 0;
  }
  const ids: Record<string, string> = {};
  for (const pair of args.id ?? []) {
    const m = /^([A-Za-z_][\w]*)=(.+)$/.exec(pair);
    if (!m) throw new UsageError(`--id wants name=value, not "${pair}"`);
    ids[m[1]] = m[2];
  }
  const source = args['manila-source'];
  if (source && !existsSync(source)) throw new UsageError(`no Manila source at ${source}`);
  const spec = specPath(args.spec);
  const bundle = JSON.parse(readFileSync(spec, 'utf8'));
  const options = await clientOptions(args);
  const auth = options.auth instanceof KeystoneAuth ? options.auth : undefined;
  // Negotiation then settles on the server's own maximum.
  const client = createManilaClient({ ...options, microversion: undefined, maxMicroversion: ANY_VERSION, timeoutMs: 30_000 });
  const result = await runDrift({
    client,
    bundle,
    specPath: args.spec ?? 'dist/openapi.json',
    ids,
    projectId: () => auth?.projectId,
    manilaSource: source,
    progress: (line) => console.error(`spec-drift: ${line}`),
  });
  const report = formatReport(result);
  process.stdout.write(report);
  if (args.out) writeFileSync(args.out, report);
  return exitCodeOf(result);
}

main().then(
  (code) => process.exit(code),
  (err) => {
    console.error(`spec-drift: ${err instanceof Error ? err.message : String(err)}`);
    if (err instanceof UsageError) console.error(USAGE);
    process.exit(2);
  },
);

// Where the functional tests find the real Manila: the env file a ready test
// bed writes (scripts/testbed), overridable by MANILA_ENDPOINT/MANILA_TOKEN.
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { randomUUID } from 'node:crypto';
import { createManilaClient, KeystoneAuth, type KeystoneAuthOptions, type ManilaClient, type ManilaClientOptions } from '../../../src/index.js';
import { contractFetch } from './contract.js';

const stateDir = process.env.MANILA_TESTBED_STATE ?? fileURLToPath(new URL('../../../.testbed', import.meta.url));

function readEnvFile(): Record<string, string> {
  const file = `${stateDir}/testbed.env`;
  if (!existsSync(file)) return {};
  const out: Record<string, string> = {};
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    const m = /^([A-Z_][A-Z0-9_]*)=(.*)$/.exec(line.trim());
    if (m) out[m[1]] = m[2].replace(/^['"]|['"]$/g, '');
  }
  return out;
}

const fileEnv = readEnvFile();
const env = (name: string): string | undefined => process.env[name] ?? fileEnv[name];

/** What the bed runs and the credentials it was set up with. */
export const bed = {
  auth: env('MANILA_AUTH') ?? 'noauth',
  endpoint: env('MANILA_ENDPOINT'),
  /** noauth only. */
  token: env('MANILA_TOKEN'),
  authUrl: env('OS_AUTH_URL'),
  region: env('OS_REGION_NAME'),
  admin: { username: env('TESTBED_ADMIN_USER'), password: env('TESTBED_ADMIN_PASSWORD'), project: env('TESTBED_ADMIN_PROJECT') },
  member: {
    username: env('TESTBED_MEMBER_USER'),
    userId: env('TESTBED_MEMBER_USER_ID'),
    password: env('TESTBED_MEMBER_PASSWORD'),
    project: env('TESTBED_MEMBER_PROJECT'),
    projectId: env('TESTBED_MEMBER_PROJECT_ID'),
  },
  appCredential: { id: env('TESTBED_APPCRED_ID'), secret: env('TESTBED_APPCRED_SECRET') },
  tokenTtlSeconds: Number(env('TESTBED_TOKEN_TTL') ?? 0),
  cloudsYaml: `${stateDir}/clouds.yaml`,
};
if (!bed.endpoint || (bed.auth === 'noauth' ? !bed.token : !bed.authUrl)) {
  throw new Error(`no test bed: start it with \`npm run testbed:up\` (looked for ${stateDir}/testbed.env)`);
}
export const keystoneBed = bed.auth === 'keystone';

/** Keystone password auth as the bed's admin (or another user of the bed). */
export function bedAuth(overrides: Partial<KeystoneAuthOptions> = {}): KeystoneAuth {
  return new KeystoneAuth({
    authUrl: bed.authUrl!,
    username: bed.admin.username,
    password: bed.admin.password,
    userDomainId: 'default',
    projectName: bed.admin.project,
    projectDomainId: 'default',
    regionName: bed.region,
    ...overrides,
  });
}

/**
 * An SDK client on the bed whose every Manila response is checked against
 * the spec. With Keystone it finds Manila in the catalog, as users do.
 */
export function bedClient(opts: Partial<ManilaClientOptions> = {}): ManilaClient {
  const access: Partial<ManilaClientOptions> = keystoneBed ? { auth: bedAuth() } : { endpoint: bed.endpoint, token: bed.token };
  return createManilaClient({
    ...access,
    fetch: contractFetch(bed.endpoint!),
    timeoutMs: 30_000,
    ...opts,
  } as ManilaClientOptions);
}

/** A name no earlier run used. */
export function uniqueName(what: string): string {
  return `sdkft-${what}-${randomUUID().slice(0, 8)}`;
}

/** Fast polling: the dummy driver answers in well under a second. */
export const FAST = { minDelayMs: 200, maxDelayMs: 1000, maxWaitMs: 60_000 };

/**
 * Cleanups registered during a test run in reverse order afterwards, also
 * when the test failed; their own failures are reported, not swallowed.
 */
export class Cleanup {
  private steps: Array<{ what: string; fn: () => Promise<unknown> }> = [];
  add(what: string, fn: () => Promise<unknown>) {
    this.steps.push({ what, fn });
  }
  async run(): Promise<void> {
    const failures: string[] = [];
    for (const step of this.steps.reverse()) {
      try {
        await step.fn();
      } catch (err) {
        failures.push(`${step.what}: ${(err as Error).message}`);
      }
    }
    this.steps = [];
    if (failures.length) throw new Error(`cleanup failed:\n  ${failures.join('\n  ')}`);
  }
}

/** The version just below `v` (2.45 → 2.44). */
export function versionBelow(v: string): string {
  const [major, minor] = v.split('.').map(Number);
  return `${major}.${minor - 1}`;
}

/**
 * Raw requests as the bed's admin, for what the SDK refuses to send (a
 * field or filter below its microversion). Answers status and parsed body.
 */
export async function rawManila(given?: KeystoneAuth) {
  // One KeystoneAuth for the file's raw requests: it renews the bed's short-lived tokens.
  const auth = keystoneBed ? (given ?? bedAuth()) : undefined;
  const endpoint = auth ? await auth.getEndpoint() : bed.endpoint!;
  return async (method: string, path: string, version: string, opts: { query?: Record<string, string>; body?: unknown } = {}) => {
    const url = new URL(`${endpoint}${path}`);
    for (const [k, v] of Object.entries(opts.query ?? {})) url.searchParams.set(k, v);
    const token = auth ? await auth.getToken() : bed.token!;
    const res = await fetch(url, {
      method,
      headers: { 'X-Auth-Token': token, 'X-OpenStack-Manila-API-Version': version, 'Content-Type': 'application/json', Accept: 'application/json' },
      body: opts.body === undefined ? undefined : JSON.stringify(opts.body),
    });
    const text = await res.text();
    return { status: res.status, body: (text ? JSON.parse(text) : undefined) as Record<string, any> };
  };
}

// Where the functional tests find the real Manila: the env file a ready test
// bed writes (scripts/testbed), overridable by MANILA_ENDPOINT/MANILA_TOKEN.
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { randomUUID } from 'node:crypto';
import { createManilaClient, type ManilaClient, type ManilaClientOptions } from '../../../src/index.js';
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
export const bed = {
  endpoint: process.env.MANILA_ENDPOINT ?? fileEnv.MANILA_ENDPOINT,
  token: process.env.MANILA_TOKEN ?? fileEnv.MANILA_TOKEN,
};
if (!bed.endpoint || !bed.token) {
  throw new Error(`no test bed: start it with \`npm run testbed:up\` (looked for ${stateDir}/testbed.env)`);
}

/** An SDK client on the bed whose every response is checked against the spec. */
export function bedClient(opts: Partial<ManilaClientOptions> = {}): ManilaClient {
  return createManilaClient({
    endpoint: bed.endpoint,
    token: bed.token,
    fetch: contractFetch(bed.endpoint),
    timeoutMs: 30_000,
    ...opts,
  });
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

// Where the examples find Manila: MANILA_ENDPOINT/MANILA_TOKEN, else the
// local test bed's env file (written by `npm run testbed:up`).
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export function endpointFromEnv(): { endpoint: string; token: string } {
  let { MANILA_ENDPOINT: endpoint, MANILA_TOKEN: token } = process.env;
  const file = fileURLToPath(new URL('../.testbed/testbed.env', import.meta.url));
  if ((!endpoint || !token) && existsSync(file)) {
    for (const line of readFileSync(file, 'utf8').split('\n')) {
      const m = /^(MANILA_ENDPOINT|MANILA_TOKEN)=(.*)$/.exec(line.trim());
      if (m && m[1] === 'MANILA_ENDPOINT') endpoint ??= m[2];
      if (m && m[1] === 'MANILA_TOKEN') token ??= m[2];
    }
  }
  if (!endpoint || !token) {
    throw new Error('set MANILA_ENDPOINT and MANILA_TOKEN, or start the test bed with `npm run testbed:up`');
  }
  return { endpoint, token };
}

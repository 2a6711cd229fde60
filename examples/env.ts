// Where the examples find Manila: your cloud (OS_CLOUD with clouds.yaml, or
// the OS_* variables), else the local test bed's clouds.yaml.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { loadCloud, type ManilaClientOptions } from '../src/index.js';

export async function exampleCloud(): Promise<ManilaClientOptions> {
  if (process.env.OS_CLOUD || process.env.OS_AUTH_URL) return loadCloud();
  const bedDir = fileURLToPath(new URL('../.testbed/', import.meta.url));
  if (existsSync(`${bedDir}clouds.yaml`)) return loadCloud('testbed', { searchPath: [bedDir] });
  throw new Error('set OS_CLOUD (with a clouds.yaml) or the OS_* variables, or start the test bed with `npm run testbed:up`');
}

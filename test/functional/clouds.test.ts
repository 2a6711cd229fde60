// clouds.yaml end to end: the bed writes one with its real credentials; the
// SDK loads each cloud from it, from OS_* variables, and drives the quickstart.
import { describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { CloudConfigError, connect, createManilaClient, loadCloud } from '../../src/index.js';
import { bed, keystoneBed } from './support/bed.js';
import { contractFetch } from './support/contract.js';

const run = promisify(execFile);
const bedDir = dirname(bed.cloudsYaml);
const repo = fileURLToPath(new URL('../..', import.meta.url));
const fetch = contractFetch(bed.endpoint!);

describe('clouds.yaml from the bed', () => {
  it.each(keystoneBed ? ['testbed', 'testbed-member', 'testbed-appcred'] : ['testbed'])('cloud %s reaches Manila', async (name) => {
    const manila = createManilaClient(await loadCloud(name, { searchPath: [bedDir], env: {}, fetch }));
    expect(Array.isArray((await manila.shares.list()).items)).toBe(true);
  });

  it('connect() reaches Manila in one call, with overrides', async () => {
    const manila = await connect('testbed', { microversion: '2.60' }, { searchPath: [bedDir], env: {}, fetch });
    expect((await manila.limits.show()).absolute).toBeDefined();
    expect((await manila.microversion()).version).toBe('2.60');
  });

  it('OS_CLOUD picks the cloud, OS_CLIENT_CONFIG_FILE the file', async () => {
    const opts = await loadCloud(undefined, { env: { OS_CLOUD: 'testbed', OS_CLIENT_CONFIG_FILE: bed.cloudsYaml }, searchPath: [], fetch });
    expect((await createManilaClient(opts).limits.show()).absolute).toBeDefined();
  });

  it.runIf(keystoneBed)('plain OS_* variables make a cloud of their own', async () => {
    const env = {
      OS_AUTH_URL: bed.authUrl,
      OS_USERNAME: bed.member.username,
      OS_PASSWORD: bed.member.password,
      OS_PROJECT_NAME: bed.member.project,
      OS_USER_DOMAIN_NAME: 'Default',
      OS_PROJECT_DOMAIN_NAME: 'Default',
      OS_REGION_NAME: 'RegionOne',
      OS_INTERFACE: 'internal',
      OS_SHARED_FILE_SYSTEM_API_VERSION: '2.65',
    };
    const manila = createManilaClient(await loadCloud(undefined, { env, searchPath: [], fetch }));
    expect(await manila.endpoint()).toBe(`${new URL(bed.endpoint!).origin}/v2`);
    expect((await manila.microversion()).version).toBe('2.65');
    expect(Array.isArray((await manila.shares.list()).items)).toBe(true);
  });

  it('names the file when the cloud is not in it', async () => {
    await expect(loadCloud('nowhere', { searchPath: [bedDir], env: {} })).rejects.toThrow(CloudConfigError);
    await expect(loadCloud('nowhere', { searchPath: [bedDir], env: {} })).rejects.toThrow(`${bed.cloudsYaml} has no cloud "nowhere"`);
  });

  it.runIf(keystoneBed)('drives the quickstart example as the member user', async () => {
    const { stdout } = await run('npx', ['tsx', 'examples/quickstart.ts'], {
      cwd: repo,
      env: { ...process.env, OS_CLOUD: 'testbed-member', OS_CLIENT_CONFIG_FILE: bed.cloudsYaml },
      timeout: 120_000,
    });
    expect(stdout).toMatch(/share [0-9a-f-]{36} is ready: mount \S+/);
    expect(stdout).toContain('cleaned up');
  });
});

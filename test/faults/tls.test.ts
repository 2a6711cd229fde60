// TLS from clouds.yaml against a real TLS server with a self-signed
// certificate (made here with openssl): checking is on unless the cloud
// says `verify: false` (or `insecure: true`), a path in `verify` is a CA
// bundle, anything else is a CloudConfigError; a refused certificate is a
// TlsError, sent: false, never retried.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CloudConfigError, createManilaClient, loadCloud, TlsError } from '../../src/index.js';
import { json, manila, type FaultServer } from './support/servers.js';

let dir: string;
let tls: { key: Buffer; cert: Buffer };
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'sdk-tls-'));
  execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-subj', '/CN=127.0.0.1',
    '-addext', 'subjectAltName=IP:127.0.0.1', '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem')], { stdio: 'ignore' });
  tls = { key: readFileSync(join(dir, 'key.pem')), cert: readFileSync(join(dir, 'cert.pem')) };
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const LIMITS = { limits: { absolute: { maxTotalShares: 50 }, rate: [] } };
const server = () => manila((_hit, res) => json(res, 200, LIMITS), { tls }) as Promise<FaultServer & { endpoint: string }>;

function cloud(endpoint: string, extra: string) {
  writeFileSync(join(dir, 'clouds.yaml'), `clouds:\n  tls:\n    auth_type: admin_token\n    auth: {token: t0ken-value}\n    shared_file_system_endpoint_override: ${endpoint}\n${extra}`);
  return loadCloud('tls', { searchPath: [dir], env: {} });
}

describe('TLS options from clouds.yaml', () => {
  it('refuses an unknown certificate by default: a TlsError, nothing sent, not retried', async () => {
    const m = await server();
    const client = createManilaClient({ ...(await cloud(m.endpoint, '')), retries: 3, microversion: '2.99' });
    const err = (await client.limits.show().catch((e: unknown) => e)) as TlsError;
    expect(err).toBeInstanceOf(TlsError);
    expect(err.sent).toBe(false);
    expect(m.hits).toHaveLength(0);
  });

  it('trusts the CA named by cacert, or by a path in verify', async () => {
    const m = await server();
    for (const extra of [`    cacert: ${join(dir, 'cert.pem')}\n`, `    verify: ${join(dir, 'cert.pem')}\n`]) {
      const client = createManilaClient({ ...(await cloud(m.endpoint, extra)), microversion: '2.99' });
      expect((await client.limits.show()).absolute).toEqual({ maxTotalShares: 50 });
    }
  });

  it('skips checking only when told so, and warns once', async () => {
    const m = await server();
    const warnings: string[] = [];
    const onWarning = (w: Error) => warnings.push(w.message);
    process.on('warning', onWarning);
    try {
      for (const extra of ['    verify: false\n', '    insecure: true\n', '    verify: false\n']) {
        const client = createManilaClient({ ...(await cloud(m.endpoint, extra)), microversion: '2.99' });
        expect((await client.limits.show()).absolute).toEqual({ maxTotalShares: 50 });
      }
      await new Promise((r) => setImmediate(r));
    } finally {
      process.off('warning', onWarning);
    }
    expect(warnings.filter((w) => /TLS certificate checks are off/.test(w))).toHaveLength(1);
  });

  it('refuses a verify or insecure value it cannot read, instead of turning checks off', async () => {
    const m = await server();
    for (const extra of ['    verify: Y\n', '    verify: enabled\n', '    verify: /no/such/ca.pem\n', '    insecure: maybe\n', '    verify: [a]\n']) {
      await expect(cloud(m.endpoint, extra), extra).rejects.toBeInstanceOf(CloudConfigError);
    }
    expect(m.hits).toHaveLength(0);
  });
});

describe('a hostile clouds.yaml', () => {
  it('an alias bomb is refused at once, not expanded', async () => {
    const levels = 'abcdefghi'.split('');
    const lines = [`a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]`];
    for (let i = 1; i < levels.length; i++) lines.push(`${levels[i]}: &${levels[i]} [${Array(9).fill(`*${levels[i - 1]}`).join(',')}]`);
    lines.push('clouds:', '  x:', '    auth: {auth_url: "http://127.0.0.1:1/v3", username: u, password: pppppppp, user_domain_id: default, project_id: p}', '    region_name: *i');
    writeFileSync(join(dir, 'clouds.yaml'), `${lines.join('\n')}\n`);
    const started = Date.now();
    await expect(loadCloud('x', { searchPath: [dir], env: {} })).rejects.toThrow(/expands to more than/);
    expect(Date.now() - started).toBeLessThan(2000);
  });
});

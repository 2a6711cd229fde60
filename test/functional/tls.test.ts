// cacert and verify:false against a real TLS server with a self-signed
// certificate (made here with openssl), through loadCloud as users set them.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { NetworkError, createManilaClient, loadCloud } from '../../src/index.js';

let dir: string;
let server: Server;
let url: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'sdk-tls-'));
  execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-subj', '/CN=127.0.0.1',
    '-addext', 'subjectAltName=IP:127.0.0.1', '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem')], { stdio: 'ignore' });
  server = createServer({ key: readFileSync(join(dir, 'key.pem')), cert: readFileSync(join(dir, 'cert.pem')) }, (req, res) => {
    res.setHeader('Content-Type', 'application/json');
    if (req.url === '/v2/') res.end(JSON.stringify({ versions: [{ id: 'v2.0', status: 'CURRENT', version: '2.99', min_version: '2.0' }] }));
    else res.end(JSON.stringify({ limits: { absolute: { maxTotalShares: 50 }, rate: [] }, token: req.headers['x-auth-token'] }));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  url = `https://127.0.0.1:${(server.address() as AddressInfo).port}/v2`;
});
afterAll(() => {
  server?.close();
  rmSync(dir, { recursive: true, force: true });
});

function cloud(extra: string) {
  writeFileSync(join(dir, 'clouds.yaml'), `clouds:\n  tls:\n    auth_type: admin_token\n    auth: {token: t0k}\n    shared_file_system_endpoint_override: ${url}\n${extra}`);
  return loadCloud('tls', { searchPath: [dir], env: {} });
}

describe('TLS options from clouds.yaml', () => {
  it('refuses an unknown CA by default', async () => {
    const manila = createManilaClient({ ...(await cloud('')), retries: 1 });
    await expect(manila.limits.show()).rejects.toBeInstanceOf(NetworkError);
  });

  it('trusts the CA named by cacert', async () => {
    const manila = createManilaClient(await cloud(`    cacert: ${join(dir, 'cert.pem')}\n`));
    expect((await manila.limits.show()).absolute).toEqual({ maxTotalShares: 50 });
  });

  it('skips verification with verify: false', async () => {
    const manila = createManilaClient(await cloud('    verify: false\n'));
    expect((await manila.limits.show()).absolute).toEqual({ maxTotalShares: 50 });
  });
});

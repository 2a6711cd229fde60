import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inspect } from 'node:util';
import { CloudConfigError, KeystoneAuth, StaticToken, connect, loadCloud } from '../../src/index.js';

let root: string;
let cwd: string;
let home: string;
let etc: string;
const dirs = () => [cwd, home, etc];

function write(dir: string, name: string, text: string) {
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, name), text);
}

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'clouds-'));
  cwd = join(root, 'cwd');
  home = join(root, 'home');
  etc = join(root, 'etc');
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

const CLOUDS = `
clouds:
  prod:
    auth:
      auth_url: https://keystone.example:5000
      username: alice
      user_domain_name: Default
      project_name: demo
      project_domain_name: Default
    region_name: RegionTwo
    interface: internal
    shared_file_system_api_version: "2.65"
  appcred:
    auth_type: v3applicationcredential
    auth:
      auth_url: https://keystone.example:5000/v3
      application_credential_id: ac1
      application_credential_secret: s3cret-appcred
  static:
    auth_type: admin_token
    auth:
      token: static-tok-123
    shared_file_system_endpoint_override: http://manila.example:8786/v2
`;

describe('loadCloud', () => {
  it('searches cwd, then ~/.config/openstack, then /etc/openstack; the first file wins', async () => {
    write(etc, 'clouds.yaml', 'clouds: {prod: {auth: {auth_url: http://etc, token: t}, shared_file_system_endpoint_override: http://etc-manila/v2}}');
    write(home, 'clouds.yml', CLOUDS);
    const opts = await loadCloud('prod', { searchPath: dirs(), env: { } }).catch((e: unknown) => e);
    // prod in home has no password: the error names the file and key.
    expect(opts).toBeInstanceOf(CloudConfigError);
    expect(String((opts as Error).message)).toBe(`${join(home, 'clouds.yml')} (clouds.prod): auth.password is missing`);
  });

  it('merges secure.yaml and maps every option', async () => {
    write(cwd, 'clouds.yaml', CLOUDS);
    write(etc, 'secure.yaml', 'clouds: {prod: {auth: {password: pw-from-secure}}}');
    const opts = await loadCloud('prod', { searchPath: dirs(), env: {} });
    expect(opts.microversion).toBe('2.65');
    expect(opts.auth).toBeInstanceOf(KeystoneAuth);
    const auth = opts.auth as KeystoneAuth;
    expect(auth.method).toBe('password');
    expect(auth.authUrl).toBe('https://keystone.example:5000/v3');
    expect(inspect(auth)).not.toContain('pw-from-secure');
    expect(inspect(opts)).not.toContain('pw-from-secure');
  });

  it('OS_CLOUD names the cloud; application credentials and static tokens', async () => {
    write(cwd, 'clouds.yaml', CLOUDS);
    const ac = await loadCloud(undefined, { searchPath: dirs(), env: { OS_CLOUD: 'appcred' } });
    expect((ac.auth as KeystoneAuth).method).toBe('applicationCredential');
    expect(inspect(ac)).not.toContain('s3cret-appcred');
    const st = await loadCloud('static', { searchPath: dirs(), env: {} });
    expect(st.endpoint).toBe('http://manila.example:8786/v2');
    expect(st.auth).toBeInstanceOf(StaticToken);
    expect(await st.auth!.getToken()).toBe('static-tok-123');
    for (const text of [inspect(st), JSON.stringify(st), String(st.auth)]) expect(text).not.toContain('static-tok-123');
  });

  it('connect() makes a client from a cloud in one call, overrides winning', async () => {
    write(cwd, 'clouds.yaml', CLOUDS);
    const manila = await connect('static', { microversion: '2.50' }, { searchPath: dirs(), env: {} });
    expect(await manila.endpoint()).toBe('http://manila.example:8786/v2');
    expect(await manila.microversion()).toEqual({ version: '2.50' });
    await expect(connect('nowhere', {}, { searchPath: dirs(), env: {} })).rejects.toBeInstanceOf(CloudConfigError);
  });

  it('OS_* variables form a cloud when none is named', async () => {
    const opts = await loadCloud(undefined, {
      searchPath: dirs(),
      env: {
        OS_AUTH_URL: 'http://ks:5000/v3',
        OS_APPLICATION_CREDENTIAL_ID: 'ac9',
        OS_APPLICATION_CREDENTIAL_SECRET: 'sec',
        OS_REGION_NAME: 'R',
        OS_INTERFACE: 'admin',
      },
    });
    expect((opts.auth as KeystoneAuth).method).toBe('applicationCredential');
  });

  it('clear errors: no file, no cloud, no name, bad auth_type, missing domain, missing cacert', async () => {
    await expect(loadCloud('x', { searchPath: dirs(), env: {} })).rejects.toThrow(/no clouds.yaml in/);
    write(cwd, 'clouds.yaml', CLOUDS);
    await expect(loadCloud('nope', { searchPath: dirs(), env: {} })).rejects.toThrow(/has no cloud "nope" under "clouds" \(it has: prod, appcred, static\)/);
    await expect(loadCloud(undefined, { searchPath: dirs(), env: {} })).rejects.toThrow(/no cloud named/);
    write(cwd, 'clouds.yaml', 'clouds: {a: {auth_type: saml2, auth: {auth_url: http://k}}, b: {auth: {auth_url: http://k, username: u, password: p}}, c: {cacert: /no/such/ca.pem, auth: {auth_url: http://k, user_id: u, password: p}}}');
    await expect(loadCloud('a', { searchPath: dirs(), env: {} })).rejects.toThrow(/auth_type "saml2" is not supported/);
    await expect(loadCloud('b', { searchPath: dirs(), env: {} })).rejects.toThrow(/clouds\.b\): auth\.user_domain_name \(or auth\.user_domain_id\) is missing/);
    await expect(loadCloud('c', { searchPath: dirs(), env: {} })).rejects.toThrow(/cacert \/no\/such\/ca.pem does not exist/);
    write(cwd, 'clouds.yaml', 'clouds: [not, a, map');
    await expect(loadCloud('a', { searchPath: dirs(), env: {} })).rejects.toThrow(/is not valid YAML/);
  });
});

import { describe, expect, it } from 'vitest';
import { http, HttpResponse } from 'msw';
import { inspect } from 'node:util';
import {
  KeystoneAuth,
  UnauthorizedError,
  ValidationError,
  createManilaClient,
  endpointFromCatalog,
  type KeystoneAuthOptions,
} from '../../src/index.js';
import { ENDPOINT, route, server, versionDocument } from './support/manila-mock.js';

const KS = 'http://keystone.test:5000';
const PROJECT = '0123456789abcdef0123456789abcdef';
const SECRET = 'pa55-w0rd-never-shown';

function catalog(urls: Record<string, string> = { 'shared-file-system': `http://manila.test:8786/v2/%(project_id)s` }) {
  return Object.entries(urls).map(([type, url]) => ({
    type,
    name: type,
    endpoints: [
      { interface: 'public', region_id: 'RegionOne', region: 'RegionOne', url },
      { interface: 'internal', region_id: 'RegionOne', region: 'RegionOne', url: 'http://manila.test:8786/v2' },
    ],
  }));
}

/** A fake Keystone: records token requests, answers with the given lifetime and catalog. */
function keystone(opts: { ttlMs?: number; catalog?: unknown[]; status?: number; unscoped?: boolean } = {}) {
  const bodies: any[] = [];
  let n = 0;
  server.use(
    http.post(`${KS}/v3/auth/tokens`, async ({ request }) => {
      bodies.push(await request.json());
      if (opts.status && opts.status !== 201) {
        return HttpResponse.json({ error: { code: opts.status, title: 'Unauthorized', message: 'The request you have made requires authentication.' } }, { status: opts.status, headers: { 'x-openstack-request-id': 'req-ks-1' } });
      }
      n++;
      return HttpResponse.json(
        {
          token: {
            expires_at: new Date(Date.now() + (opts.ttlMs ?? 3_600_000)).toISOString(),
            ...(opts.unscoped ? {} : { project: { id: PROJECT, name: 'demo' } }),
            catalog: opts.catalog ?? catalog(),
          },
        },
        { status: 201, headers: { 'X-Subject-Token': `token-${n}` } },
      );
    }),
  );
  return bodies;
}

const base: KeystoneAuthOptions = { authUrl: KS, username: 'alice', userDomainName: 'Default', password: SECRET, projectName: 'demo', projectDomainId: 'default' };

describe('KeystoneAuth', () => {
  it('password by name: body, /v3 appended, token from X-Subject-Token', async () => {
    const bodies = keystone();
    const auth = new KeystoneAuth(base);
    expect(await auth.getToken()).toBe('token-1');
    expect(bodies[0]).toEqual({
      auth: {
        identity: { methods: ['password'], password: { user: { name: 'alice', domain: { name: 'Default' }, password: SECRET } } },
        scope: { project: { name: 'demo', domain: { id: 'default' } } },
      },
    });
  });

  it('password by ids, domain, system scope and unscoped bodies', async () => {
    const bodies = keystone();
    await new KeystoneAuth({ authUrl: `${KS}/v3/`, userId: 'u1', password: SECRET, projectId: 'p1' }).getToken();
    await new KeystoneAuth({ authUrl: KS, userId: 'u1', password: SECRET, domainName: 'Default' }).getToken();
    await new KeystoneAuth({ authUrl: KS, userId: 'u1', password: SECRET, systemScope: 'all' }).getToken();
    await new KeystoneAuth({ authUrl: KS, userId: 'u1', password: SECRET }).getToken();
    expect(bodies.map((b) => b.auth.scope)).toEqual([{ project: { id: 'p1' } }, { domain: { name: 'Default' } }, { system: { all: true } }, undefined]);
    expect(bodies[0].auth.identity.password.user).toEqual({ id: 'u1', password: SECRET });
  });

  it('application credential by id (no scope) and by name with its user', async () => {
    const bodies = keystone();
    await new KeystoneAuth({ authUrl: KS, applicationCredentialId: 'ac1', applicationCredentialSecret: SECRET, projectName: 'ignored', projectDomainId: 'd' }).getToken();
    await new KeystoneAuth({ authUrl: KS, applicationCredentialName: 'ci', username: 'alice', userDomainId: 'default', applicationCredentialSecret: SECRET }).getToken();
    expect(bodies[0]).toEqual({ auth: { identity: { methods: ['application_credential'], application_credential: { id: 'ac1', secret: SECRET } } } });
    expect(bodies[1].auth.identity.application_credential).toEqual({ name: 'ci', user: { name: 'alice', domain: { id: 'default' } }, secret: SECRET });
  });

  it('token re-scope', async () => {
    const bodies = keystone();
    await new KeystoneAuth({ authUrl: KS, token: 'old-token', projectId: 'p2' }).getToken();
    expect(bodies[0]).toEqual({ auth: { identity: { methods: ['token'], token: { id: 'old-token' } }, scope: { project: { id: 'p2' } } } });
  });

  it('refuses incomplete options before sending anything', () => {
    expect(() => new KeystoneAuth({ authUrl: KS, username: 'alice', password: SECRET })).toThrow(/userDomainName or userDomainId/);
    expect(() => new KeystoneAuth({ authUrl: KS, userId: 'u', password: SECRET, projectName: 'p' })).toThrow(/projectDomainName or projectDomainId/);
    expect(() => new KeystoneAuth({ authUrl: KS, userId: 'u' })).toThrow(ValidationError);
    expect(() => new KeystoneAuth({ authUrl: KS, applicationCredentialName: 'x', applicationCredentialSecret: SECRET })).toThrow(/needs its user/);
    expect(() => new KeystoneAuth({ authUrl: '', userId: 'u', password: SECRET })).toThrow(/authUrl/);
  });

  it('concurrent callers share one authentication', async () => {
    const bodies = keystone();
    const auth = new KeystoneAuth(base);
    const tokens = await Promise.all([auth.getToken(), auth.getToken(), auth.getToken()]);
    expect(new Set(tokens)).toEqual(new Set(['token-1']));
    expect(bodies).toHaveLength(1);
  });

  it('re-authenticates shortly before expires_at, and after invalidate()', async () => {
    const bodies = keystone({ ttlMs: 60_000 });
    let now = Date.now();
    const auth = new KeystoneAuth({ ...base, now: () => now, expiryMarginMs: 30_000 });
    expect(await auth.getToken()).toBe('token-1');
    now += 20_000;
    expect(await auth.getToken()).toBe('token-1');
    now += 15_000; // 25 s left, inside the 30 s margin
    expect(await auth.getToken()).toBe('token-2');
    auth.invalidate();
    expect(await auth.getToken()).toBe('token-3');
    expect(bodies).toHaveLength(3);
  });

  it('a refused login is an UnauthorizedError without the secret', async () => {
    keystone({ status: 401 });
    const auth = new KeystoneAuth(base);
    const err = await auth.getToken().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UnauthorizedError);
    expect((err as UnauthorizedError).requestId).toBe('req-ks-1');
    expect((err as Error).message).toContain('requires authentication');
    for (const text of [(err as Error).message, inspect(err), JSON.stringify(err), inspect(auth), String(auth), JSON.stringify({ auth })]) {
      expect(text).not.toContain(SECRET);
    }
  });

  it('never shows a token in inspect output', async () => {
    keystone();
    const auth = new KeystoneAuth({ authUrl: KS, token: 'tok-secret-123', projectId: 'p' });
    await auth.getToken();
    expect(inspect(auth)).not.toContain('tok-secret');
    expect(inspect(auth)).not.toContain('token-1');
  });
});

describe('endpoint discovery', () => {
  it('fills the project id into templates ($ and % forms)', async () => {
    keystone({ catalog: catalog({ 'shared-file-system': 'http://manila.test:8786/v2/$(tenant_id)s' }) });
    expect(await new KeystoneAuth(base).getEndpoint()).toBe(`http://manila.test:8786/v2/${PROJECT}`);
  });

  it('prefers v2 URLs and the official type; interface and region filter', () => {
    const cat = [
      { type: 'share', endpoints: [{ interface: 'public', region_id: 'R1', url: 'http://m/v1/x' }] },
      { type: 'sharev2', endpoints: [{ interface: 'public', region_id: 'R1', url: 'http://m/v2/x' }] },
      { type: 'shared-file-system', endpoints: [
        { interface: 'public', region_id: 'R2', url: 'http://m2/v2' },
        { interface: 'admin', region_id: 'R1', url: 'http://admin/v2' },
      ] },
    ];
    expect(endpointFromCatalog(cat, { regionName: 'R1' })).toBe('http://m/v2/x');
    expect(endpointFromCatalog(cat, { regionName: 'R2' })).toBe('http://m2/v2');
    expect(endpointFromCatalog(cat, { interface: 'adminURL' })).toBe('http://admin/v2');
    expect(endpointFromCatalog(cat, { serviceType: 'share' })).toBe('http://m/v2/x');
    expect(() => endpointFromCatalog(cat, { regionName: 'R9' })).toThrow(/in region R9; it offers: share\(public@R1\)/);
  });

  it('a project template with a token that has no project is a clear error', async () => {
    keystone({ unscoped: true });
    const auth = new KeystoneAuth({ authUrl: KS, userId: 'u', password: SECRET, domainId: 'default' });
    await expect(auth.getEndpoint()).rejects.toThrow(/needs a project id, but the token is not project-scoped/);
  });

  it('an override is used as given, without authenticating first', async () => {
    const bodies = keystone();
    expect(await new KeystoneAuth({ ...base, endpointOverride: 'http://elsewhere/v2' }).getEndpoint()).toBe('http://elsewhere/v2');
    expect(bodies).toHaveLength(0);
  });
});

describe('the client with KeystoneAuth', () => {
  it('finds Manila in the catalog, sends the token, and retries once on a 401 with a new token', async () => {
    const bodies = keystone();
    server.use(versionDocument());
    let calls = 0;
    const seen = route('GET', `/${PROJECT}/limits`, () => {
      calls++;
      return calls === 1
        ? HttpResponse.json({ error: { code: 401, title: 'Unauthorized', message: 'revoked' } }, { status: 401 })
        : HttpResponse.json({ limits: { absolute: {}, rate: [] } });
    });
    const manila = createManilaClient({ auth: new KeystoneAuth(base) });
    expect(await manila.endpoint()).toBe(`${ENDPOINT}/${PROJECT}`);
    await manila.limits.show();
    expect(seen.map((s) => s.headers.get('x-auth-token'))).toEqual(['token-1', 'token-2']);
    expect(bodies).toHaveLength(2);
  });

  it('needs an endpoint when the auth provider cannot find one', () => {
    expect(() => createManilaClient({ token: 't' } as never)).toThrow(/endpoint is required/);
  });
});

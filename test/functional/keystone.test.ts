// Keystone against the bed's real Keystone: every auth method, catalog
// discovery, re-authentication, policy (a member is not an admin) and
// project isolation.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inspect } from 'node:util';
import {
  ForbiddenError,
  KeystoneAuth,
  ManilaError,
  NotFoundError,
  UnauthorizedError,
  createManilaClient,
  type AuthProvider,
} from '../../src/index.js';
import { bed, bedAuth, bedClient, Cleanup, FAST, keystoneBed, uniqueName } from './support/bed.js';
import { contractFetch } from './support/contract.js';
import { deleteShare } from './support/resources.js';

const MANILA = new URL(bed.endpoint!).origin;
const checked = contractFetch(bed.endpoint!);

/** Counts the tokens a KeystoneAuth asks for. */
function countingFetch() {
  const seen = { authentications: 0 };
  const fetch = (req: Request) => {
    if (req.method === 'POST' && req.url.endsWith('/auth/tokens')) seen.authentications++;
    return globalThis.fetch(req);
  };
  return { seen, fetch };
}

function clientWith(auth: AuthProvider, extra: Record<string, unknown> = {}) {
  return createManilaClient({ auth, fetch: checked, ...extra });
}

async function revoke(token: string) {
  const admin = await bedAuth().getToken();
  const res = await fetch(`${bed.authUrl}/auth/tokens`, { method: 'DELETE', headers: { 'X-Auth-Token': admin, 'X-Subject-Token': token } });
  expect(res.status).toBe(204);
}

describe.runIf(keystoneBed)('keystone auth on the real bed', () => {
  const cleanup = new Cleanup();
  afterAll(() => cleanup.run());

  it('password by names: finds the templated shared-file-system endpoint and calls Manila', async () => {
    const auth = bedAuth();
    const manila = clientWith(auth);
    const endpoint = await manila.endpoint();
    expect(endpoint).toMatch(new RegExp(`^${MANILA}/v2/[0-9a-f]{32}$`));
    expect((await manila.limits.show()).absolute).toBeDefined();
    expect(auth.expiresAt).toBeGreaterThan(Date.now());
  });

  it('password by ids, other interfaces and the sharev2 alias', async () => {
    const internal = clientWith(
      bedAuth({ username: undefined, userId: bed.member.userId, password: bed.member.password, projectName: undefined, projectId: bed.member.projectId, interface: 'internal' }),
    );
    expect(await internal.endpoint()).toBe(`${MANILA}/v2`);
    expect(Array.isArray((await internal.shares.list()).items)).toBe(true);
    const alias = clientWith(bedAuth({ serviceType: 'sharev2' }));
    expect(await alias.endpoint()).toBe(`${MANILA}/v2`);
    const missing = bedAuth({ regionName: 'Atlantis' });
    await expect(missing.getEndpoint()).rejects.toThrow(/no shared-file-system\/sharev2\/share with interface public in region Atlantis/);
  });

  it('an endpoint override wins over the catalog, templates filled in', async () => {
    const auth = bedAuth({ endpointOverride: `${MANILA}/v2/$(project_id)s` });
    const manila = clientWith(auth);
    expect(await manila.endpoint()).toMatch(new RegExp(`^${MANILA}/v2/[0-9a-f]{32}$`));
    expect((await manila.availabilityZones.list()).items.length).toBeGreaterThan(0);
  });

  it('application credential by id, and by name with its user', async () => {
    const byId = clientWith(new KeystoneAuth({ authUrl: bed.authUrl!, applicationCredentialId: bed.appCredential.id, applicationCredentialSecret: bed.appCredential.secret }));
    expect(Array.isArray((await byId.shares.list()).items)).toBe(true);
    const byName = clientWith(
      new KeystoneAuth({
        authUrl: bed.authUrl!,
        applicationCredentialName: 'sdk-testbed',
        username: bed.member.username,
        userDomainName: 'Default',
        applicationCredentialSecret: bed.appCredential.secret,
      }),
    );
    expect(await byName.endpoint()).toBe(`${MANILA}/v2/${bed.member.projectId}`);
    const wrong = new KeystoneAuth({ authUrl: bed.authUrl!, applicationCredentialId: bed.appCredential.id, applicationCredentialSecret: 'not-the-secret' });
    const err = await wrong.getToken().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UnauthorizedError);
    expect(String((err as Error).message)).not.toContain('not-the-secret');
    expect(inspect(wrong)).not.toContain('not-the-secret');
  });

  it('token: re-scopes an existing token to a project', async () => {
    const unscoped = await bedAuth({ projectName: undefined, projectDomainId: undefined }).getToken();
    const rescoped = new KeystoneAuth({ authUrl: bed.authUrl!, token: unscoped, projectName: bed.admin.project, projectDomainName: 'Default' });
    const manila = clientWith(rescoped);
    expect((await manila.limits.show()).absolute).toBeDefined();
    expect(inspect(rescoped)).not.toContain(unscoped);
  });

  it('domain and system scope give tokens and a catalog without project-templated URLs', async () => {
    const domain = bedAuth({ projectName: undefined, projectDomainId: undefined, domainId: 'default' });
    expect(await domain.getToken()).toBeTruthy();
    // Keystone leaves the templated shared-file-system URL out of a domain
    // token's catalog, so the plain sharev2 one is found.
    expect(await domain.getEndpoint()).toBe(`${MANILA}/v2`);
    expect(await bedAuth({ projectName: undefined, projectDomainId: undefined, domainId: 'default', interface: 'internal' }).getEndpoint()).toBe(`${MANILA}/v2`);
    const system = bedAuth({ projectName: undefined, projectDomainId: undefined, systemScope: 'all', interface: 'internal' });
    expect(await system.getToken()).toBeTruthy();
    expect(await system.getEndpoint()).toBe(`${MANILA}/v2`);
  });

  it('shares one authentication between concurrent calls and re-authenticates before expiry', async () => {
    const { seen, fetch } = countingFetch();
    const sent: string[] = [];
    // The bed's tokens live TESTBED_TOKEN_TTL seconds; treat them as stale 8 s after issue.
    const auth = bedAuth({ fetch, expiryMarginMs: (bed.tokenTtlSeconds - 8) * 1000 });
    const manila = clientWith(auth, {
      fetch: (req: Request) => {
        sent.push(req.headers.get('x-auth-token')!);
        return checked(req);
      },
    });
    await Promise.all([manila.limits.show(), manila.availabilityZones.list(), manila.shares.list(), manila.shareTypes.list()]);
    expect(seen.authentications).toBe(1);
    expect(new Set(sent).size).toBe(1);
    await new Promise((r) => setTimeout(r, 8500));
    await manila.limits.show();
    expect(seen.authentications).toBe(2);
    expect(sent.at(-1)).not.toBe(sent[0]);
  });

  it('re-authenticates once when Manila refuses a revoked token, then succeeds', async () => {
    const { seen, fetch } = countingFetch();
    const auth = bedAuth({ fetch });
    const manila = clientWith(auth);
    // Revoked before Manila ever saw it, so its token cache cannot vouch for it.
    await revoke(await auth.getToken());
    await manila.limits.show();
    expect(seen.authentications).toBe(2);
  });

  it('surfaces the 401 when a fresh token is refused too', async () => {
    const dead = await bedAuth().getToken();
    await revoke(dead);
    let invalidated = 0;
    const stuck: AuthProvider = {
      getToken: async () => dead,
      invalidate: () => void invalidated++,
      getEndpoint: () => bedAuth().getEndpoint(),
    };
    const err = await clientWith(stuck).limits.show().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UnauthorizedError);
    expect((err as UnauthorizedError).status).toBe(401);
    expect(invalidated).toBe(1);
    expect((err as Error).message).not.toContain(dead);
  });

  describe('a member of another project', () => {
    let admin: ReturnType<typeof bedClient>;
    let member: ReturnType<typeof bedClient>;
    let adminShareId: string;
    let memberShareId: string;

    beforeAll(async () => {
      admin = bedClient();
      member = clientWith(bedAuth({ username: bed.member.username, password: bed.member.password, projectName: bed.member.project }));
      const a = await admin.shares.create({ share_proto: 'NFS', size: 1, name: uniqueName('admin-owned') });
      adminShareId = a.id;
      cleanup.add(`delete share ${a.id}`, () => deleteShare(admin, a.id));
      const m = await member.shares.create({ share_proto: 'NFS', size: 1, name: uniqueName('member-owned') });
      memberShareId = m.id;
      cleanup.add(`delete share ${m.id}`, () => deleteShare(admin, m.id));
      await Promise.all([admin.waitFor.share(a.id, FAST), member.waitFor.share(m.id, FAST)]);
    });

    it("cannot see the admin project's share", async () => {
      const mine = await member.shares.listDetail();
      expect(mine.items.map((s) => s.id)).toContain(memberShareId);
      expect(mine.items.map((s) => s.id)).not.toContain(adminShareId);
      await expect(member.shares.show(adminShareId)).rejects.toBeInstanceOf(NotFoundError);
      const all = await admin.shares.list({ all_tenants: true });
      expect(all.items.map((s) => s.id)).toEqual(expect.arrayContaining([adminShareId, memberShareId]));
    });

    it("gets a typed 403 for admin-only calls, with Manila's message and the request id", async () => {
      const err = await member.shares.resetStatus(memberShareId, { status: 'error' }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(ForbiddenError);
      const f = err as ForbiddenError;
      expect(f.status).toBe(403);
      expect(f.serverMessage).toBeTruthy();
      expect(f.requestId).toMatch(/^req-/);
      await expect(member.shareTypes.create({ name: uniqueName('nope'), extra_specs: { driver_handles_share_servers: 'false' } })).rejects.toBeInstanceOf(
        ForbiddenError,
      );
      expect((await member.shares.show(memberShareId)).status).toBe('available');
    });

    it('sees the defaults of capabilities a share type leaves unset, as booleans', async () => {
      // The bed's default type sets every capability but the 2.99 one.
      const asMember = await member.shareTypes.showDefault();
      expect(asMember.extra_specs).toMatchObject({ snapshot_support: 'true', snapshot_inherit_share_access_support: false });
      const asAdmin = await admin.shareTypes.showDefault();
      expect(asAdmin.extra_specs).not.toHaveProperty('snapshot_inherit_share_access_support');
    });
  });

  it('a missing password is a typed error before anything is sent', () => {
    expect(() => new KeystoneAuth({ authUrl: bed.authUrl!, username: 'admin', userDomainId: 'default' })).toThrow(ManilaError);
  });
});

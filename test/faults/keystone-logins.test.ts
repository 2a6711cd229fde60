// How often the SDK logs in to Keystone: once for many concurrent calls,
// once for a burst of 401s, and not on every call when a token lives
// shorter than the refresh margin or looks expired to a skewed clock.
import { describe, expect, it } from 'vitest';
import { createManilaClient, KeystoneAuth } from '../../src/index.js';
import { json, keystone, manila, share, SHARE_ID } from './support/servers.js';

const auth = (authUrl: string) => new KeystoneAuth({ authUrl, username: 'u', userDomainId: 'default', password: 'pa55word-secret', projectId: 'p' });

describe('Keystone logins', () => {
  it('a token shorter-lived than the refresh margin is reused, not replaced on every call', async () => {
    const m = await manila((_hit, res) => json(res, 200, { share: share() }));
    const ks = await keystone({ manila: m.endpoint, lifetimeMs: 20_000 });
    const client = createManilaClient({ auth: auth(ks.authUrl), microversion: '2.99' });
    for (let i = 0; i < 5; i++) await client.shares.show(SHARE_ID);
    expect(ks.issued()).toBe(1);
  });

  it('a token that looks expired to a clock two hours off is reused too', async () => {
    const m = await manila((_hit, res) => json(res, 200, { share: share() }));
    const ks = await keystone({ manila: m.endpoint, skewMs: -2 * 3_600_000 });
    const client = createManilaClient({ auth: auth(ks.authUrl), microversion: '2.99' });
    for (let i = 0; i < 5; i++) await client.shares.show(SHARE_ID);
    expect(ks.issued()).toBe(1);
  });

  it('concurrent calls share one login; twenty 401s for one stale token cause one new login', async () => {
    let ks: Awaited<ReturnType<typeof keystone>>;
    // The first token is refused once it has been used by twenty calls at once.
    const m = await manila((hit, res) => {
      if (hit.headers['x-auth-token'] === 'token-1-secret-value') return json(res, 401, { error: { code: 401, title: 'Unauthorized', message: 'expired' } });
      json(res, 200, { share: share() });
    });
    ks = await keystone({ manila: m.endpoint });
    const client = createManilaClient({ auth: auth(ks.authUrl), microversion: '2.99' });
    const results = await Promise.all(Array.from({ length: 20 }, () => client.shares.show(SHARE_ID)));
    expect(results.every((s) => s.id === SHARE_ID)).toBe(true);
    expect(ks.issued()).toBe(2);
    expect(m.hits.filter((h) => h.headers['x-auth-token'] === 'token-2-secret-value')).toHaveLength(20);
  });
});

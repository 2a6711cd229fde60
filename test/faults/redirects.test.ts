// Redirects: credentials and bodies never go to another origin. A read may
// follow a redirect within its origin; anything else is a RedirectError,
// and the other server never sees a byte.
import { describe, expect, it } from 'vitest';
import { createManilaClient, KeystoneAuth, RedirectError } from '../../src/index.js';
import { json, keystone, manila, serve, share, SHARE_ID } from './support/servers.js';

const TOKEN = 'manila-t0ken-secret';
const PASSWORD = 'keystone-pa55word';

describe('redirects', () => {
  it('a 302 of a read to another origin is refused; the token never leaves', async () => {
    const elsewhere = await serve((_hit, res) => json(res, 200, { share: share() }));
    const m = await manila((hit, res) => {
      res.writeHead(302, { Location: `${elsewhere.origin}${hit.url}` });
      res.end();
    });
    const client = createManilaClient({ endpoint: m.endpoint, token: TOKEN, microversion: '2.99' });
    const err = (await client.shares.show(SHARE_ID).catch((e: unknown) => e)) as RedirectError;
    expect(err).toBeInstanceOf(RedirectError);
    expect(err.location).toBe(`${elsewhere.origin}/v2/shares/${SHARE_ID}`);
    expect(err.message).not.toContain(TOKEN);
    expect(elsewhere.hits).toHaveLength(0);
    expect(m.hits).toHaveLength(1);
  });

  it('a 307 of a create to another origin is refused; neither the body nor the token goes there, and the create is not repeated', async () => {
    const elsewhere = await serve((_hit, res) => json(res, 200, { share: share() }));
    const m = await manila((hit, res) => {
      res.writeHead(307, { Location: `${elsewhere.origin}${hit.url}` });
      res.end();
    });
    const client = createManilaClient({ endpoint: m.endpoint, token: TOKEN, microversion: '2.99', retries: 5 });
    const err = (await client.shares.create({ share_proto: 'NFS', size: 1 }).catch((e: unknown) => e)) as RedirectError;
    expect(err).toBeInstanceOf(RedirectError);
    expect(err.sent).toBe(true);
    expect(elsewhere.hits).toHaveLength(0);
    expect(m.hits.filter((h) => h.method === 'POST')).toHaveLength(1);
  });

  it('a 307 of a create within the origin is refused too: a body is never sent twice', async () => {
    const m = await manila((hit, res) => {
      if (hit.path === '/v2/shares') {
        res.writeHead(307, { Location: '/v2/shares-again' });
        return res.end();
      }
      json(res, 200, { share: share() });
    });
    const client = createManilaClient({ endpoint: m.endpoint, token: TOKEN, microversion: '2.99' });
    await expect(client.shares.create({ share_proto: 'NFS', size: 1 })).rejects.toBeInstanceOf(RedirectError);
    expect(m.hits.map((h) => `${h.method} ${h.path}`)).toEqual(['POST /v2/shares']);
  });

  it('a read follows a redirect within its origin, token and all', async () => {
    const m = await manila((hit, res) => {
      if (hit.path === `/v2/shares/${SHARE_ID}`) {
        res.writeHead(301, { Location: `/v2/moved/${SHARE_ID}` });
        return res.end();
      }
      json(res, 200, { share: share() });
    });
    const client = createManilaClient({ endpoint: m.endpoint, token: TOKEN, microversion: '2.99' });
    const { data, response } = await client.shares.show(SHARE_ID).withResponse();
    expect(data.id).toBe(SHARE_ID);
    expect(response.url).toBe(`${m.origin}/v2/moved/${SHARE_ID}`);
    expect(m.hits.map((h) => [h.path, h.headers['x-auth-token']])).toEqual([
      [`/v2/shares/${SHARE_ID}`, TOKEN],
      [`/v2/moved/${SHARE_ID}`, TOKEN],
    ]);
  });

  it('a read stops after five redirects', async () => {
    const m = await manila((hit, res) => {
      res.writeHead(302, { Location: `${hit.path}x` });
      res.end();
    });
    const client = createManilaClient({ endpoint: m.endpoint, token: TOKEN, microversion: '2.99' });
    await expect(client.shares.show(SHARE_ID)).rejects.toThrow(/more than 5 redirects/);
    expect(m.hits).toHaveLength(6);
  });

  it('a Keystone 307 to another origin is refused: the password never goes there, and its token and catalog are never used', async () => {
    const m = await manila((_hit, res) => json(res, 200, { share: share() }));
    const evil = await keystone({ manila: 'http://127.0.0.1:9/v2' });
    const ks = await serve((hit, res) => {
      res.writeHead(307, { Location: `${evil.origin}${hit.url}` });
      res.end();
    });
    const auth = new KeystoneAuth({ authUrl: `${ks.origin}/v3`, username: 'u', userDomainId: 'default', password: PASSWORD, projectId: 'p', endpointOverride: m.endpoint });
    const client = createManilaClient({ auth, microversion: '2.99' });
    const err = (await client.shares.show(SHARE_ID).catch((e: unknown) => e)) as RedirectError;
    expect(err).toBeInstanceOf(RedirectError);
    expect(JSON.stringify(err) + err.message).not.toContain(PASSWORD);
    expect(evil.hits).toHaveLength(0);
    expect(ks.hits).toHaveLength(1);
    expect(m.hits).toHaveLength(0);
  });
});

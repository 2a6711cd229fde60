// What the SDK refuses before anything leaves: ids that would leave their
// path segment, unknown filters, NaN and Infinity, values JSON cannot carry,
// header values that would split a request, a port fetch will not use. Each
// is a ValidationError with sent: false, and the server sees nothing; no
// RangeError or TypeError escapes the SDK's own errors.
import { describe, expect, it } from 'vitest';
import { createManilaClient, ManilaError, StaticToken, ValidationError } from '../../src/index.js';
import { json, manila, share, SHARE_ID } from './support/servers.js';

async function refused(m: { hits: unknown[] }, call: () => Promise<unknown>, pattern?: RegExp) {
  const err = await call().then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(ValidationError);
  expect((err as ValidationError).sent).toBe(false);
  if (pattern) expect((err as Error).message).toMatch(pattern);
  expect(m.hits).toHaveLength(0);
}

describe('checked before sending', () => {
  it('ids and keys that are not one path segment', async () => {
    const m = await manila((_hit, res) => json(res, 200, { share: share() }));
    const c = createManilaClient({ endpoint: m.endpoint, token: 't0ken-value', microversion: '2.99' }) as unknown as Record<string, Record<string, (...a: unknown[]) => Promise<unknown>>>;
    await refused(m, () => c.shares.show('..'), /cannot be "\.\."/);
    await refused(m, () => c.shares.show('.'));
    await refused(m, () => c.shares.show(''));
    await refused(m, () => c.shares.show('a/b'));
    await refused(m, () => c.shares.show('a?b'));
    await refused(m, () => c.shares.show(Number.NaN), /NaN/);
    await refused(m, () => c.shares.show(null));
    await refused(m, () => c.shareMetadata.delete(SHARE_ID, '..'));
    await refused(m, () => c.shares.show());
  });

  it('unknown filters, and NaN or Infinity anywhere', async () => {
    const m = await manila((_hit, res) => json(res, 200, { shares: [] }));
    const c = createManilaClient({ endpoint: m.endpoint, token: 't0ken-value', microversion: '2.99' });
    await refused(m, () => c.shares.list({ nmae: 'web' } as never), /unknown filter "nmae"/);
    await refused(m, () => c.shares.list({ limit: Number.NaN }));
    await refused(m, () => c.shares.create({ share_proto: 'NFS', size: Number.POSITIVE_INFINITY }), /Infinity/);
    await refused(m, () => c.shares.extend(SHARE_ID, { new_size: Number.NaN }));
    await refused(m, () => c.shares.create({ share_proto: 'NFS', size: 1, metadata: { a: Number.NaN as unknown as string } }));
  });

  it('bodies JSON cannot carry: BigInt, cycles, functions', async () => {
    const m = await manila((_hit, res) => json(res, 200, { share: share() }));
    const c = createManilaClient({ endpoint: m.endpoint, token: 't0ken-value', microversion: '2.99' });
    await refused(m, () => c.shares.create({ share_proto: 'NFS', size: 10n as unknown as number }), /BigInt/);
    const loop: Record<string, unknown> = { a: 'b' };
    loop.self = loop;
    await refused(m, () => c.shares.create({ share_proto: 'NFS', size: 1, metadata: loop as never }), /refers to itself/);
    await refused(m, () => c.shares.create({ share_proto: 'NFS', size: 1, metadata: { f: (() => 1) as unknown as string } }));
  });

  it('header values that would split the request, and a token that is not a header value, without showing it', async () => {
    const m = await manila((_hit, res) => json(res, 200, { share: share() }));
    const c = createManilaClient({ endpoint: m.endpoint, token: 't0ken-value', microversion: '2.99' });
    await refused(m, () => c.shares.show(SHARE_ID, { headers: { 'X-Trace': 'a\r\nX-Evil: 1' } }));
    await refused(m, () => c.shares.show(SHARE_ID, { headers: { 'Bad Name': 'x' } }));
    const badToken = 'abc\ndef-secret-part';
    const bad = createManilaClient({ endpoint: m.endpoint, auth: new StaticToken(badToken), microversion: '2.99' });
    const err = await bad.shares.show(SHARE_ID).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ValidationError);
    expect(JSON.stringify({ m: (err as Error).message, c: String((err as Error).cause) })).not.toContain('secret-part');
    expect(m.hits).toHaveLength(0);
  });

  it('a port fetch refuses to use', async () => {
    const c = createManilaClient({ endpoint: 'http://127.0.0.1:6000/v2', token: 't0ken-value', microversion: '2.99', retries: 3 });
    const err = await c.shares.show(SHARE_ID).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ValidationError);
    expect((err as ValidationError).sent).toBe(false);
  });

  it('options and client settings that make no sense', async () => {
    const m = await manila((_hit, res) => json(res, 200, { share: share() }));
    const c = createManilaClient({ endpoint: m.endpoint, token: 't0ken-value', microversion: '2.99' });
    await refused(m, () => c.shares.show(SHARE_ID, { signal: 'soon' as never }));
    await refused(m, () => c.shares.show(SHARE_ID, { timeoutMs: Number.NaN }));
    for (const bad of [{ endpoint: 'ftp://x/v2' }, { endpoint: 'not a url' }, { endpoint: 'http://u:p@host/v2' }, { retries: 0 }, { maxResponseBytes: -1 }, { microversion: '2.x' }, { userAgent: 'a\nb' }]) {
      expect(() => createManilaClient({ endpoint: m.endpoint, token: 't0ken-value', ...bad } as never), JSON.stringify(bad)).toThrow(ValidationError);
    }
  });

  it('nothing escapes as a RangeError or TypeError', async () => {
    const m = await manila((_hit, res) => json(res, 200, { share: share() }));
    const c = createManilaClient({ endpoint: m.endpoint, token: 't0ken-value', microversion: '2.99' }) as unknown as Record<string, Record<string, (...a: unknown[]) => Promise<unknown>>>;
    const odd: unknown[] = [undefined, null, 42, 'x', [], {}, Symbol('s'), () => 1, new Date(), Number.NaN];
    for (const input of odd) {
      for (const call of [() => c.shares.create(input), () => c.shares.extend(SHARE_ID, input), () => c.shares.list(input), () => c.shares.show(SHARE_ID, input)]) {
        const r = await call().then(
          () => 'ok',
          (e: unknown) => e,
        );
        if (r !== 'ok') expect(r, String(input)).toBeInstanceOf(ManilaError);
      }
    }
  });
});

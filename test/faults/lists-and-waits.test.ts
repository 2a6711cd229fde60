// List walks and waits against servers that repeat themselves, hang, or
// fail for a while: a walk ends (with every item once, or a PaginationError)
// and a wait keeps its floor, its time limit over the poll in flight, and
// sits out transient errors.
import { describe, expect, it } from 'vitest';
import { createManilaClient, PaginationError, WaitFailedError, WaitTimeoutError } from '../../src/index.js';
import { delay, json, manila, share, SHARE_ID } from './support/servers.js';

const client = (endpoint: string) => createManilaClient({ endpoint, token: 't0ken-value', microversion: '2.99', retries: { maxAttempts: 1 } });
const item = (id: string) => ({ id, name: id, links: [] });

describe('list walks that would not end', () => {
  it('a server that ignores offset and answers changing pages stops at its own count', async () => {
    let minted = 0;
    const m = await manila((hit, res) => {
      const limit = Number(hit.query.get('limit'));
      json(res, 200, { shares: Array.from({ length: limit }, () => item(`s-${minted++}`)), count: 1000 });
    });
    let n = 0;
    for await (const _ of client(m.endpoint).shares.list({ limit: 100 })) n++;
    expect(n).toBe(1000);
    expect(m.hits).toHaveLength(10);
  });

  it('without a count, maxItems bounds it with a PaginationError', async () => {
    let minted = 0;
    const m = await manila((hit, res) => json(res, 200, { shares: Array.from({ length: Number(hit.query.get('limit')) }, () => item(`s-${minted++}`)) }));
    // `with_count` is asked for; this server does not give it.
    const err = (await (async () => {
      for await (const _ of client(m.endpoint).shares.list({ limit: 500 }, { maxItems: 2000 }));
    })().catch((e: unknown) => e)) as PaginationError;
    expect(err).toBeInstanceOf(PaginationError);
    expect(err.itemsSeen).toBeGreaterThan(2000);
    expect(m.hits.length).toBeLessThanOrEqual(6);
  });

  it('a server that answers the same page whatever the offset fails after two requests', async () => {
    const m = await manila((_hit, res) => json(res, 200, { shares: [item('a'), item('b'), item('c')] }));
    const seen: string[] = [];
    const err = await (async () => {
      for await (const s of client(m.endpoint).shares.list({ limit: 3 })) seen.push(s.id);
    })().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PaginationError);
    expect(seen).toEqual(['a', 'b', 'c']);
    expect(m.hits).toHaveLength(2);
  });
});

describe('waits', () => {
  it('minDelayMs: 0 still polls no more than ten times a second', async () => {
    const m = await manila((_hit, res) => json(res, 200, { share: share({ status: 'creating' }) }));
    await client(m.endpoint).waitFor.share(SHARE_ID, { minDelayMs: 0, maxDelayMs: 0, maxWaitMs: 1000 }).catch(() => undefined);
    expect(m.hits.length).toBeLessThanOrEqual(12);
  });

  it('maxWaitMs bounds the wait while a poll hangs', async () => {
    const m = await manila(async (_hit, res) => {
      await delay(10_000);
      json(res, 200, { share: share() });
    });
    const started = Date.now();
    const err = await client(m.endpoint).waitFor.share(SHARE_ID, { maxWaitMs: 1000 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(WaitTimeoutError);
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it('a 500 and a few seconds of 503s do not end a wait', async () => {
    const started = Date.now();
    const m = await manila((hit, res) => {
      if (m.hits.length === 1) return json(res, 500, { computeFault: { code: 500, message: 'boom' } });
      if (Date.now() - started < 3000) return json(res, 503, { serviceUnavailable: { code: 503, message: 'busy' } });
      json(res, 200, { share: share() });
      void hit;
    });
    const s = await client(m.endpoint).waitFor.share(SHARE_ID, { minDelayMs: 100, maxDelayMs: 400, maxWaitMs: 20_000 });
    expect(s.status).toBe('available');
    expect(m.hits.length).toBeGreaterThan(3);
  });

  it('a failure is reported without waiting long for its explanation', async () => {
    const m = await manila(async (hit, res) => {
      if (hit.path.endsWith('/messages')) {
        await delay(10_000);
        return json(res, 200, { messages: [] });
      }
      json(res, 200, { share: share({ status: 'error' }) });
    });
    const started = Date.now();
    const err = (await client(m.endpoint).waitFor.share(SHARE_ID).catch((e: unknown) => e)) as WaitFailedError;
    expect(err).toBeInstanceOf(WaitFailedError);
    expect(err.messages).toEqual([]);
    expect(Date.now() - started).toBeLessThan(4000);
  });
});

import { describe, expect, it } from 'vitest';
import { paginate } from '../../src/handwritten/pagination.js';

type Q = Record<string, unknown>;

/** A list endpoint over `total` items that caps limit at `cap` and can ignore paging. */
function fakeServer(total: number, { cap = 1000, ignoreLimit = false, ignoreOffset = false } = {}) {
  const items = Array.from({ length: total }, (_, i) => ({ id: `id-${i}` }));
  const calls: Q[] = [];
  const fetchPage = async (q: Q) => {
    calls.push(q);
    const offset = ignoreOffset ? 0 : Number(q.offset ?? 0);
    const limit = ignoreLimit ? total : Math.min(Number(q.limit ?? cap), cap);
    return { shares: items.slice(offset, offset + limit) };
  };
  return { fetchPage, calls };
}

async function collect(it: AsyncIterable<unknown>) {
  const out: unknown[] = [];
  for await (const x of it) out.push(x);
  return out;
}

const ids = (xs: unknown[]) => xs.map((x) => (x as { id: string }).id);

describe('offset pagination', () => {
  it('pages by offset and stops on a short last page', async () => {
    const s = fakeServer(25);
    const got = await collect(paginate('t', s.fetchPage, 'shares', { limit: 10 }, undefined));
    expect(ids(got)).toEqual(Array.from({ length: 25 }, (_, i) => `id-${i}`));
    expect(s.calls.map((c) => [c.limit, c.offset])).toEqual([[10, 0], [10, 10], [10, 20]]);
  });

  it('stops on an empty page when the last page is full', async () => {
    const s = fakeServer(20);
    const got = await collect(paginate('t', s.fetchPage, 'shares', { limit: 10 }, undefined));
    expect(got).toHaveLength(20);
    expect(s.calls.map((c) => c.offset)).toEqual([0, 10, 20]);
  });

  it('keeps going when the server caps the page size below the limit', async () => {
    const s = fakeServer(250, { cap: 100 });
    const got = await collect(paginate('t', s.fetchPage, 'shares', { limit: 500 }, undefined));
    expect(new Set(ids(got)).size).toBe(250);
    expect(s.calls.map((c) => c.offset)).toEqual([0, 100, 200]);
  });

  it('handles a list that fits in one short page with one probe', async () => {
    const s = fakeServer(3);
    const got = await collect(paginate('t', s.fetchPage, 'shares', { limit: 10 }, undefined));
    expect(got).toHaveLength(3);
    expect(s.calls).toHaveLength(2);
  });

  it('ends on a server that ignores offset instead of looping', async () => {
    const s = fakeServer(7, { ignoreLimit: true, ignoreOffset: true });
    const got = await collect(paginate('t', s.fetchPage, 'shares', { limit: 10 }, undefined));
    expect(ids(got)).toEqual(Array.from({ length: 7 }, (_, i) => `id-${i}`));
    expect(s.calls.length).toBeLessThanOrEqual(2);
  });

  it('ends on a server that ignores limit and sends more than asked', async () => {
    const s = fakeServer(30, { ignoreLimit: true });
    const got = await collect(paginate('t', s.fetchPage, 'shares', { limit: 10 }, undefined));
    expect(got).toHaveLength(30);
    expect(s.calls).toHaveLength(1);
  });

  it('passes filters through and starts at the given offset', async () => {
    const s = fakeServer(12);
    const got = await collect(paginate('t', s.fetchPage, 'shares', { limit: 5, offset: 4, status: 'available' }, undefined));
    expect(ids(got)[0]).toBe('id-4');
    expect(got).toHaveLength(8);
    expect(s.calls[0]).toEqual({ limit: 5, offset: 4, status: 'available' });
  });

  it('uses a default page size when none is given', async () => {
    const s = fakeServer(2);
    await collect(paginate('t', s.fetchPage, 'shares', undefined, undefined));
    expect(s.calls[0].limit).toBe(1000);
  });

  it('refuses a nonsense limit', async () => {
    const s = fakeServer(2);
    await expect(collect(paginate('t', s.fetchPage, 'shares', { limit: 0 }, undefined))).rejects.toThrow(RangeError);
  });
});

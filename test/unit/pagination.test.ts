// The list walk over offset-paged lists, against fake servers that cap,
// ignore or repeat: every item once, and a typed error instead of a loop.
import { describe, expect, it } from 'vitest';
import { PaginationError, ValidationError } from '../../src/index.js';
import { PageImpl, PagePromise, type PageSource } from '../../src/handwritten/pagination.js';

type Item = { id: string };
type At = { limit?: number; offset?: number; walk?: boolean };

interface FakeOptions {
  cap?: number;
  ignoreLimit?: boolean;
  ignoreOffset?: boolean;
  /** Answers with the count, as `with_count` does. */
  count?: number;
  /** Fresh ids on every page, whatever was asked: a list that never ends. */
  endless?: boolean;
}

/** A list of `total` items that caps limit at `cap` and can misbehave. */
function fakeList(total: number, o: FakeOptions = {}, start: { limit?: number; offset?: number; maxItems?: number } = {}) {
  const items = Array.from({ length: total }, (_, i) => ({ id: `id-${i}` }));
  const calls: At[] = [];
  let minted = 0;
  const source: PageSource<Item> = {
    label: 'things.list',
    paging: true,
    ...start,
    fetch: async (at) => {
      calls.push(at);
      const offset = o.ignoreOffset ? 0 : (at.offset ?? 0);
      const limit = o.ignoreLimit ? total : Math.min(at.limit ?? o.cap ?? 1000, o.cap ?? 1000);
      const page = o.endless ? Array.from({ length: limit }, () => ({ id: `new-${minted++}` })) : items.slice(offset, offset + limit);
      return { data: new PageImpl(source, { limit: at.limit, offset }, page, o.count), response: { status: 200, headers: new Headers(), url: 'http://x', attempts: 1 } };
    },
  };
  return { list: new PagePromise(source), calls };
}

async function collect(it: AsyncIterable<Item>) {
  const out: Item[] = [];
  for await (const x of it) out.push(x);
  return out;
}

const ids = (xs: Item[]) => xs.map((x) => x.id);
const range = (n: number, from = 0) => Array.from({ length: n }, (_, i) => `id-${i + from}`);

describe('a list walk', () => {
  it('pages by offset and stops on a short last page', async () => {
    const s = fakeList(25, {}, { limit: 10 });
    expect(ids(await collect(s.list))).toEqual(range(25));
    expect(s.calls.map((c) => [c.limit, c.offset])).toEqual([[10, 0], [10, 10], [10, 20]]);
  });

  it('stops on an empty page when the last page is full', async () => {
    const s = fakeList(20, {}, { limit: 10 });
    expect(await collect(s.list)).toHaveLength(20);
    expect(s.calls.map((c) => c.offset)).toEqual([0, 10, 20]);
  });

  it('stops as soon as the count is reached', async () => {
    const s = fakeList(20, { count: 20 }, { limit: 10 });
    expect(await collect(s.list)).toHaveLength(20);
    expect(s.calls.map((c) => c.offset)).toEqual([0, 10]);
  });

  it('keeps going when the server caps the page size below the limit', async () => {
    const s = fakeList(250, { cap: 100 }, { limit: 500 });
    expect(new Set(ids(await collect(s.list))).size).toBe(250);
    expect(s.calls.map((c) => c.offset)).toEqual([0, 100, 200]);
  });

  it('handles a list that fits in one short page with one probe', async () => {
    const s = fakeList(3, {}, { limit: 10 });
    expect(await collect(s.list)).toHaveLength(3);
    expect(s.calls).toHaveLength(2);
  });

  it('walks at a default page size of 1000 when none is given, and at the server\'s cap below it', async () => {
    const s = fakeList(5, { cap: 2 });
    expect(ids(await collect(s.list))).toEqual(range(5));
    expect(s.calls.map((c) => [c.limit, c.offset])).toEqual([[1000, 0], [2, 2], [2, 4]]);
  });

  it('fails with a PaginationError on a server that ignores offset, instead of looping', async () => {
    const s = fakeList(7, { ignoreLimit: true, ignoreOffset: true }, { limit: 10 });
    const seen: string[] = [];
    const err = await (async () => {
      for await (const x of s.list) seen.push(x.id);
    })().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PaginationError);
    expect((err as PaginationError).itemsSeen).toBe(7);
    expect(seen).toEqual(range(7));
    expect(s.calls).toHaveLength(2);
  });

  it('stops at the count the server gave, however many more it would send', async () => {
    const s = fakeList(1000, { endless: true, count: 1000 }, { limit: 100 });
    expect(await collect(s.list)).toHaveLength(1000);
    expect(s.calls).toHaveLength(10);
  });

  it('fails past maxItems when the server gives no count', async () => {
    const s = fakeList(0, { endless: true }, { limit: 100, maxItems: 250 });
    const err = await collect(s.list).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PaginationError);
    expect((err as Error).message).toMatch(/maxItems 250/);
  });

  it('skips items a shifting list sends twice', async () => {
    // A share created during the walk pushes the others back by one.
    const pages = [range(3), range(3, 2), range(1, 5)];
    let n = 0;
    const source: PageSource<Item> = {
      label: 'things.list',
      paging: true,
      limit: 3,
      fetch: async (at) => ({
        data: new PageImpl(source, { limit: at.limit, offset: at.offset ?? 0 }, (pages[n++] ?? []).map((id) => ({ id }))),
        response: { status: 200, headers: new Headers(), url: 'http://x', attempts: 1 },
      }),
    };
    expect(ids(await collect(new PagePromise(source)))).toEqual(range(6));
  });

  it('ends on a server that ignores limit and sends more than asked', async () => {
    const s = fakeList(30, { ignoreLimit: true }, { limit: 10 });
    expect(await collect(s.list)).toHaveLength(30);
    expect(s.calls).toHaveLength(1);
  });

  it('starts at the given offset', async () => {
    const s = fakeList(12, {}, { limit: 5, offset: 4 });
    const got = await collect(s.list);
    expect(ids(got)[0]).toBe('id-4');
    expect(got).toHaveLength(8);
    expect(s.calls[0]).toMatchObject({ limit: 5, offset: 4 });
  });

  it('refuses a nonsense limit', async () => {
    const s = fakeList(2, {}, { limit: 0 });
    await expect(collect(s.list)).rejects.toBeInstanceOf(ValidationError);
    expect(s.calls).toHaveLength(0);
  });

  it('walks pages with pages(), and one page tells whether another follows', async () => {
    const s = fakeList(5, { count: 5 }, { limit: 2 });
    const sizes: number[] = [];
    for await (const page of s.list.pages()) sizes.push(page.items.length);
    expect(sizes).toEqual([2, 2, 1]);
    const first = await fakeList(5, { count: 5 }, { limit: 2 }).list;
    expect(first.hasNextPage()).toBe(true);
    const second = await first.nextPage();
    expect(ids(second.items)).toEqual(['id-2', 'id-3']);
    const last = await (await second.nextPage());
    expect(last.hasNextPage()).toBe(false);
  });
});

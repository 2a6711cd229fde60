// Lists. Every list method answers a PagePromise: await it for one page
// (items, count, links), or walk it with `for await` for every item across
// pages. Manila pages by offset: it silently caps `limit` at its
// osapi_max_limit and its next links carry a `marker` it ignores, so neither
// page size nor links can be trusted; the walk counts what comes back, and
// stops with a PaginationError when the server repeats itself.
import { ApiPromise, type WithResponse } from './api-promise.js';
import { PaginationError, ValidationError } from './errors.js';

/** Page size of a walk when the caller gives none: Manila's default osapi_max_limit. */
export const DEFAULT_PAGE_SIZE = 1000;

export interface Link {
  href: string;
  rel: string;
}

/** One answer of a list call. */
export interface Page<T> {
  readonly items: T[];
  /** The number of matching items, where the call was asked `with_count`. */
  readonly count?: number;
  /** Manila's `*_links` (they carry a `marker` Manila ignores: use nextPage()). */
  readonly links?: Link[];
  /** Whether another page may follow (offset-paged lists only). */
  hasNextPage(): boolean;
  /** The page after this one. */
  nextPage(): PagePromise<T>;
}

/** Where a list's pages come from: the dispatcher's view of one list call. */
export interface PageSource<T> {
  label: string;
  /** Whether the list pages by offset (otherwise one answer holds everything). */
  paging: boolean;
  /** The caller's own `limit` and `offset`. */
  limit?: number;
  offset?: number;
  /** Stop a walk with PaginationError past this many items. */
  maxItems?: number;
  /**
   * Sends the call with `limit`/`offset` set as given (undefined: the
   * caller's); `walk` asks for the count too where the call offers it.
   */
  fetch(at: { limit?: number; offset?: number; walk?: boolean }): Promise<WithResponse<Page<T>>>;
}

export class PageImpl<T> implements Page<T> {
  readonly items: T[];
  readonly count?: number;
  readonly links?: Link[];
  readonly #source: PageSource<T>;
  readonly #at: { limit?: number; offset: number };

  constructor(source: PageSource<T>, at: { limit?: number; offset: number }, items: T[], count?: number, links?: Link[]) {
    this.items = items;
    if (count !== undefined) this.count = count;
    if (links !== undefined) this.links = links;
    this.#source = source;
    this.#at = at;
  }

  hasNextPage(): boolean {
    if (!this.#source.paging || !this.items.length) return false;
    if (this.count !== undefined) return this.#at.offset + this.items.length < this.count;
    return this.#at.limit !== undefined && this.items.length >= this.#at.limit;
  }

  nextPage(): PagePromise<T> {
    const next = { limit: this.#at.limit ?? this.items.length, offset: this.#at.offset + this.items.length };
    return new PagePromise({ ...this.#source, limit: next.limit, offset: next.offset });
  }
}

/** The key that identifies an item across pages. */
function keyOf(item: unknown): string {
  const id = (item as { id?: unknown })?.id;
  return typeof id === 'string' || typeof id === 'number' ? `id:${id}` : JSON.stringify(item);
}

export class PagePromise<T> extends ApiPromise<Page<T>> implements AsyncIterable<T> {
  readonly #source: PageSource<T>;

  constructor(source: PageSource<T>) {
    super(() => source.fetch({ limit: source.limit, offset: source.offset }));
    this.#source = source;
  }

  /** Every page, from the caller's offset on. */
  async *pages(): AsyncGenerator<Page<T>, void, undefined> {
    for await (const step of this.#walk()) yield step.page;
  }

  /** Every item across pages, each once. */
  [Symbol.asyncIterator](): AsyncIterableIterator<T> {
    // By hand rather than `yield*` in an async generator, which costs
    // several promise turns per item: here an item of a page already in
    // costs one.
    const walk = this.#walk();
    let items: T[] = [];
    let i = 0;
    const done = { done: true, value: undefined } as IteratorReturnResult<undefined>;
    const it: AsyncIterableIterator<T> = {
      async next(): Promise<IteratorResult<T>> {
        while (i >= items.length) {
          const step = await walk.next();
          if (step.done) return done;
          items = step.value.fresh;
          i = 0;
        }
        return { done: false, value: items[i++] };
      },
      async return(): Promise<IteratorResult<T>> {
        await walk.return(undefined);
        return done;
      },
      [Symbol.asyncIterator]: () => it,
    };
    return it;
  }

  async *#walk(): AsyncGenerator<{ page: Page<T>; fresh: T[] }, void, undefined> {
    const src = this.#source;
    if (!src.paging) {
      const { data } = await src.fetch({});
      yield { page: data, fresh: data.items };
      return;
    }
    if (src.limit !== undefined && (!Number.isInteger(src.limit) || src.limit < 1)) {
      throw new ValidationError(src.label, `limit must be a positive integer to walk the list, got ${src.limit}`);
    }
    const seen = new Set<string>();
    // Shares take any limit (a walk without one would ask for everything at
    // once) and ignore offset without limit: a walk always sends both.
    let limit = src.limit ?? DEFAULT_PAGE_SIZE;
    let offset = src.offset ?? 0;
    // True once a page came back full: the server honours this page size, so
    // a shorter page can only be the last one.
    let sizeConfirmed = false;
    let count: number | undefined;
    for (;;) {
      const { data: page } = await src.fetch({ limit, offset, walk: true });
      const items = page.items;
      if (items.length === 0) return;
      count ??= page.count;
      const fresh = items.filter((item) => {
        const key = keyOf(item);
        if (seen.has(key)) return false;
        seen.add(key);
        return true;
      });
      // A server that ignores offset sends what it sent before.
      if (!fresh.length) throw new PaginationError(src.label, `the server sent a page of items it had already sent (offset ${offset})`, seen.size);
      const bound = src.maxItems ?? (count !== undefined ? count + items.length : undefined);
      if (bound !== undefined && seen.size > bound) {
        throw new PaginationError(src.label, `the walk passed ${src.maxItems !== undefined ? `maxItems ${src.maxItems}` : `the ${count} items the server counted`}`, seen.size);
      }
      yield { page, fresh };
      offset += items.length;
      if (count !== undefined && offset >= count) return;
      // A server that ignores limit sent everything at once.
      if (items.length > limit) return;
      if (items.length === limit) {
        sizeConfirmed = true;
        continue;
      }
      if (sizeConfirmed) return;
      // Short page at a size never confirmed: either the end, or the server
      // capped our size. Ask once more at the size it gave; an empty page settles it.
      limit = items.length;
      sizeConfirmed = true;
    }
  }
}

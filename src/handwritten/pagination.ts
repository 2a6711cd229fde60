// Offset paging over Manila lists. The server silently caps `limit` at its
// osapi_max_limit and its next links carry a `marker` it ignores, so neither
// page size nor links can be trusted: we count what comes back instead.
import type { RequestOptions } from './operation-spec.js';

type Json = Record<string, unknown>;

/** Page size when the caller gives none: Manila's default cap. */
export const DEFAULT_PAGE_SIZE = 1000;

export async function* paginate(
  label: string,
  fetchPage: (query: Json, opts?: RequestOptions) => Promise<Json>,
  itemsKey: string,
  query: Json | undefined,
  opts: RequestOptions | undefined,
): AsyncIterableIterator<unknown> {
  const base = { ...(query ?? {}) };
  let pageSize = Number(base.limit ?? DEFAULT_PAGE_SIZE);
  let offset = Number(base.offset ?? 0);
  if (!Number.isInteger(pageSize) || pageSize < 1) throw new RangeError(`${label}: limit must be a positive integer`);
  // True once a page came back full: the server honours this page size, so
  // a shorter page can only be the last one.
  let sizeConfirmed = false;
  let firstKey: string | undefined;
  for (;;) {
    const page = await fetchPage({ ...base, limit: pageSize, offset }, opts);
    const items = (page?.[itemsKey] as unknown[] | undefined) ?? [];
    if (items.length === 0) return;
    const key = JSON.stringify(items[0]);
    // A server that ignores offset sends the first page again: everything
    // has been seen already.
    if (firstKey !== undefined && key === firstKey) return;
    firstKey ??= key;
    yield* items;
    offset += items.length;
    // A server that ignores limit sent everything at once.
    if (items.length > pageSize) return;
    if (items.length === pageSize) {
      sizeConfirmed = true;
      continue;
    }
    if (sizeConfirmed) return;
    // Short first page: either the end, or the server capped our size.
    // Ask once more at the size it gave; an empty page settles it.
    pageSize = items.length;
    sizeConfirmed = true;
  }
}

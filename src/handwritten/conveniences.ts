// The few conveniences users of other OpenStack SDKs reach for, each a few
// lines over the generated calls: find by name or id, delete that shrugs at
// a missing resource, delete-and-wait, and resize. Which group gets which is
// data (`convenienceTable`, generated from the methods and waiters it has).
import { AmbiguousMatchError, NotFoundError } from './errors.js';
import type { ConvenienceTable, RequestOptions } from './operation-spec.js';
import type { PagePromise } from './pagination.js';
import type { DeleteWaitOptions, WaitOptions } from './waiters.js';

type Json = Record<string, unknown>;
type Fn = (...args: unknown[]) => Promise<unknown>;
type Group = Record<string, Fn>;

const UUID = /^[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}$/i;

async function missingIsFine(p: Promise<unknown>): Promise<boolean> {
  try {
    await p;
    return true;
  } catch (err) {
    if (err instanceof NotFoundError) return false;
    throw err;
  }
}

/** Splits waiter options from request options (the rest). */
function waitPart(o: Json): { request: RequestOptions; wait: Json } {
  const { signal, timeoutMs, headers, extraQuery, maxItems, ...wait } = o as Json & RequestOptions;
  return { request: { signal, timeoutMs, headers, extraQuery, maxItems }, wait: signal ? { ...wait, signal } : wait };
}

/** Adds the conveniences the table gives group `name` to its methods `g`. */
export function addConveniences(
  name: string,
  g: Group,
  table: ConvenienceTable,
  waitFor: Record<string, (id: string, o?: Json) => Promise<unknown>>,
): void {
  const c = table[name];
  if (!c) return;
  if (c.find) {
    g.find = async (nameOrId: unknown, options?: unknown) => {
      const o = (options ?? {}) as RequestOptions;
      const key = String(nameOrId);
      if (UUID.test(key)) {
        try {
          return await g.show(key, undefined, o);
        } catch (err) {
          if (!(err instanceof NotFoundError)) throw err;
        }
      }
      // Manila's `name` filter matches exactly; a walk sees every page.
      const matches: Json[] = [];
      for await (const item of (g.list as unknown as (q: Json, o: RequestOptions) => PagePromise<Json>)({ name: key }, o)) {
        if (item.name === key) matches.push(item);
      }
      if (!matches.length) {
        throw new NotFoundError('not_found', { status: 404, method: 'GET', path: `${name}.find`, operation: `${name}.find`, serverMessage: `no ${name} has the id or name "${key}"` });
      }
      if (matches.length > 1) throw new AmbiguousMatchError(`${name}.find`, key, matches.map((m) => String(m.id)));
      return g.show(String(matches[0].id), undefined, o);
    };
  }
  if (c.deleteIfExists) g.deleteIfExists = (id: unknown, options?: unknown) => missingIsFine(g.delete(id, undefined, options));
  if (c.deleteAndWait) {
    const waiter = `${c.deleteAndWait}Deleted`;
    g.deleteAndWait = async (id: unknown, options?: unknown) => {
      const { request, wait } = waitPart((options ?? {}) as Json);
      await missingIsFine(g.delete(id, undefined, request));
      await waitFor[waiter](String(id), wait as DeleteWaitOptions<unknown> as Json);
    };
  }
  if (c.resize) {
    g.resize = async (id: unknown, newSize: unknown, options?: unknown) => {
      const { request, wait } = waitPart((options ?? {}) as Json);
      const current = (await g.show(id, undefined, request)) as Json;
      if (current.size === newSize) return current;
      const grow = typeof current.size === 'number' && typeof newSize === 'number' && newSize > current.size;
      await (grow ? g.extend : g.shrink)(id, { new_size: newSize }, request);
      // The group's own waiter (the one that also sees deletions through).
      return c.deleteAndWait ? waitFor[c.deleteAndWait](String(id), wait as WaitOptions<unknown> as Json) : g.show(id, undefined, request);
    };
  }
}

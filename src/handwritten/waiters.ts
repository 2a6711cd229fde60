// One poller for every waiter the spec marks (src/generated/table.ts,
// `waiterTable`), in the style of the AWS SDK v3 waiters: growing delays with
// jitter between a floor and a ceiling, a total time limit that also bounds
// the poll in flight, an AbortSignal, transient errors retried within the
// wait, and failures that carry the resource as last seen and Manila's own
// explanation (its user messages).
import { AbortedError, ManilaApiError, ManilaError, NetworkError, NotFoundError, ServerError, TimeoutError, TooManyRequestsError, ValidationError, WaitFailedError, WaitTimeoutError } from './errors.js';
import { compareVersions, inRange, type NegotiatedVersion } from './microversion.js';
import type { RequestOptions, WaiterSpec } from './operation-spec.js';
import type { PagePromise } from './pagination.js';
import { MAX_TIMER_MS, sleep } from './transport.js';
import { awaitShared } from './shared-work.js';
import { PollBatch } from './waiter-batch.js';

export interface DeleteWaitOptions<T> {
  /** Pause before the second poll, in ms; later pauses grow. Default 250, at least 100. */
  minDelayMs?: number;
  /** Longest pause between polls in ms. Default 15000. */
  maxDelayMs?: number;
  /** Give up after this long in ms, the poll in flight included. Default 30 minutes. */
  maxWaitMs?: number;
  signal?: AbortSignal;
  /** Called with every representation polled (shares report `progress`). */
  onProgress?: (resource: T) => void;
}

export interface WaitOptions<T, Field extends string = string> extends DeleteWaitOptions<T> {
  /**
   * The state(s) to wait for instead of the ready ones: a state or list of
   * states of the first state field, or an object naming fields.
   */
  until?: string | string[] | Partial<Record<Field, string | string[]>>;
}

const WAIT_OPTION_KEYS = ['minDelayMs', 'maxDelayMs', 'maxWaitMs', 'signal', 'onProgress', 'until'];

/** The smallest pause between polls: waiters never hammer the API. */
export const MIN_POLL_DELAY_MS = 100;
/** How long a failed wait gives Manila to write the message that explains it. */
const MESSAGE_LAG_MS = 500;
/** The explanation is a courtesy: it never holds a failure back longer than this. */
const EXPLAIN_LIMIT_MS = 3000;

type Json = Record<string, unknown>;
type Call = (...args: unknown[]) => PagePromise<unknown> | Promise<unknown>;

/** What the poller needs from the client. */
export interface WaiterHost {
  version(w: { signal?: AbortSignal; what: string }): Promise<NegotiatedVersion>;
  /** The generated method `group.method`. */
  method(name: string): Call;
}

/** Errors a wait sits out: the next poll may well succeed. */
function transient(err: unknown): boolean {
  return err instanceof ServerError || err instanceof TooManyRequestsError || err instanceof NetworkError || err instanceof TimeoutError
    || (err instanceof ManilaApiError && err.status === 413 && err.retryAfter !== undefined);
}

const list = (v: string | string[]) => (Array.isArray(v) ? v : [v]);

interface Judge {
  targets: Record<string, string[]>;
  failures: Record<string, string[]>;
}

function judgeOf(resource: string, spec: WaiterSpec, until: WaitOptions<unknown>['until'], deletion: boolean): Judge {
  const fields = Object.keys(spec.states);
  const targets: Record<string, string[]> = {};
  const failures: Record<string, string[]> = {};
  for (const f of fields) {
    targets[f] = deletion ? [] : spec.states[f].ready;
    failures[f] = spec.states[f].failure;
  }
  if (until !== undefined && !deletion) {
    if (typeof until === 'string' || Array.isArray(until)) targets[fields[0]] = list(until);
    else {
      for (const [f, v] of Object.entries(until)) {
        if (!fields.includes(f)) throw new ValidationError(`waitFor.${resource}`, `"${f}" is not a state the wait judges (${fields.join(', ')})`);
        if (v !== undefined) targets[f] = list(v as string | string[]);
      }
    }
  }
  return { targets, failures };
}

function describe(r: unknown, fields: string[]): string {
  if (!r || typeof r !== 'object') return '';
  const o = r as Json;
  const bits = [
    ...fields.slice(1).map((f) => (o[f] !== undefined ? `${f} ${o[f]}` : '')),
    o.task_state && !fields.includes('task_state') ? `task_state ${o.task_state}` : '',
    o.progress ? `progress ${o.progress}` : '',
  ].filter(Boolean);
  return bits.length ? ` (${bits.join(', ')})` : '';
}

/** One wait: polls until the judge says done, failed, or time is up. */
async function poll(
  host: WaiterHost,
  resource: string,
  id: string,
  spec: WaiterSpec,
  read: Reader,
  judge: Judge,
  deletion: boolean,
  opts: DeleteWaitOptions<unknown>,
): Promise<unknown> {
  const minDelay = Math.max(MIN_POLL_DELAY_MS, opts.minDelayMs ?? 250);
  const maxDelay = Math.max(minDelay, opts.maxDelayMs ?? 15_000);
  const maxWait = Math.min(MAX_TIMER_MS, Math.max(1, opts.maxWaitMs ?? 30 * 60_000));
  const started = Date.now();
  const what = `waiting for ${resource} ${id}`;
  const fields = Object.keys(spec.states);
  let last: unknown;
  let lastError: unknown;
  // For resources Manila marks `deleting` only once a service picks the
  // deletion up (a share server in `error`), a deletion wait ignores the
  // failure state the resource was in when the wait began, until it moves.
  let before: string | undefined;
  let moved = !deletion || !spec.lateDelete;
  const timeout = () =>
    new WaitTimeoutError(resource, id, last, Date.now() - started, deletion ? 'deleted' : fields.map((f) => `${f} ${judge.targets[f].join('/')}`).join(' and '));
  for (let attempt = 0; ; attempt++) {
    if (opts.signal?.aborted) throw new AbortedError(what, opts.signal.reason);
    const left = maxWait - (Date.now() - started);
    if (left <= 0) throw withCause(timeout(), lastError);
    let gone = false;
    try {
      last = await read(opts.signal, left, last);
      lastError = undefined;
    } catch (err) {
      if (opts.signal?.aborted) throw new AbortedError(what, opts.signal.reason);
      if (err instanceof NotFoundError) {
        if (!deletion) throw new WaitFailedError(resource, id, last, 'no longer exists');
        gone = true;
      } else if (transient(err)) {
        lastError = err;
        if (maxWait - (Date.now() - started) <= 0) throw withCause(timeout(), err);
      } else throw err;
    }
    if (gone) return undefined;
    if (lastError === undefined) {
      opts.onProgress?.(last);
      const state = last as Json;
      if (!deletion && fields.every((f) => judge.targets[f].includes(String(state?.[f])))) return last;
      const now = fields.map((f) => String(state?.[f])).join('\u0000');
      before ??= now;
      moved ||= now !== before;
      const failed = moved && fields.find((f) => judge.failures[f].includes(String(state?.[f])) && !judge.targets[f].includes(String(state?.[f])));
      if (failed) {
        // The failure itself is the news; not knowing why must not hide it.
        const messages = spec.explain ? await explain(host, id, opts.signal) : [];
        throw new WaitFailedError(resource, id, last, `reached ${failed} ${String(state[failed])}${describe(last, fields)}`, messages);
      }
    }
    const elapsed = Date.now() - started;
    if (elapsed >= maxWait) throw withCause(timeout(), lastError);
    // Doubling with jitter above the floor, never past the deadline. Batched
    // waits keep in step instead: one round serves them all.
    const step = Math.min(maxDelay, minDelay * 2 ** attempt);
    const delay = Math.min(read.batched ? step : minDelay + Math.random() * (step - minDelay), maxWait - elapsed);
    try {
      await sleep(delay, opts.signal);
    } catch (reason) {
      throw new AbortedError(what, reason);
    }
  }
}

function withCause<E extends Error>(err: E, cause: unknown): E {
  if (cause !== undefined) Object.defineProperty(err, 'cause', { value: cause, enumerable: false, configurable: true, writable: true });
  return err;
}

/**
 * Manila's user messages about the resource (2.37+), newest first. Manila
 * sets the error status a moment before it writes the message, so an empty
 * answer is asked once more. Bounded: a slow message service never delays
 * the failure by more than EXPLAIN_LIMIT_MS.
 */
async function explain(host: WaiterHost, id: string, signal?: AbortSignal): Promise<WaitFailedError['messages']> {
  const limit = AbortSignal.timeout(EXPLAIN_LIMIT_MS);
  const bounded = signal ? AbortSignal.any([signal, limit]) : limit;
  try {
    const { version } = await host.version({ signal: bounded, what: 'reading user messages' });
    if (compareVersions(version, '2.37') < 0) return [];
    const list = host.method('messages.list');
    for (let attempt = 1; ; attempt++) {
      const page = (await list({ resource_id: id, limit: 5, sort_key: 'created_at', sort_dir: 'desc' }, { signal: bounded, timeoutMs: EXPLAIN_LIMIT_MS })) as {
        items: WaitFailedError['messages'];
      };
      if (page.items.length || attempt === 2) return page.items;
      await sleep(MESSAGE_LAG_MS, bounded);
    }
  } catch {
    return [];
  }
}

/** Reads the resource for one poll, given what the last poll saw. */
interface Reader {
  (signal: AbortSignal | undefined, timeoutMs: number, last: unknown): Promise<unknown>;
  /** Polls in rounds shared with other waits of the same kind. */
  batched?: boolean;
}

/** Reads the resource for one poll, by the variant the version calls for. */
function reader(host: WaiterHost, name: string, spec: WaiterSpec, id: string, opts: Json) {
  return async (signal: AbortSignal | undefined, timeoutMs: number): Promise<unknown> => {
    const nv = await host.version({ signal, what: `waiting for ${name} ${id}` });
    const via = spec.via.find((v) => inRange(nv.version, v));
    if (!via) throw new ManilaError(`waitFor.${name} cannot read a ${name} at microversion ${nv.version}`);
    const parents = (via.parents ?? []).map((p) => {
      const v = opts[p];
      if (typeof v !== 'string' || !v) throw new ValidationError(`waitFor.${name}`, `needs the ${p} option at microversion ${nv.version} (it reads ${via.method})`);
      return v;
    });
    const options: RequestOptions = { signal, timeoutMs: Math.min(timeoutMs, MAX_TIMER_MS) };
    const call = host.method(via.method);
    if (!via.find) return call(...parents, id, options);
    // A list without the resource: gone, as a 404 would say.
    for await (const item of call(...parents, undefined, options) as PagePromise<unknown>) {
      if ((item as Json)?.[via.find] === id) return item;
    }
    const [group, method] = via.method.split('.');
    throw new NotFoundError('not_found', { status: 404, method: 'GET', path: `${group}.${method}`, serverMessage: `${name} ${id} is not in the list` });
  };
}

/** `waitFor`: a waiter and, where the spec says so, a deletion waiter per marked resource. */
export function createWaiters(host: WaiterHost, table: Record<string, WaiterSpec>): Record<string, (id: string, opts?: Json) => Promise<unknown>> {
  const out: Record<string, (id: string, opts?: Json) => Promise<unknown>> = {};
  for (const [name, spec] of Object.entries(table)) {
    // Concurrent waits of this kind share their polls (waiter-batch.ts), where
    // the resource is read by a show call and a list can filter on its state.
    const batch = spec.batch
      ? new PollBatch(spec.batch.filter, () => host.method(spec.batch!.method) as never, (id, timeoutMs) => reader(host, name, spec, id, {})(undefined, timeoutMs))
      : undefined;
    const batchedReader = (id: string, judge: Judge): Reader => {
      const field = spec.batch!.filter;
      const read: Reader = async (signal, timeoutMs, last) => {
        const known = (last as Json | undefined)?.[field];
        return awaitShared(batch!.read(id, typeof known === 'string' ? known : undefined, judge.targets[field], timeoutMs, signal), { signal, timeoutMs, what: `waiting for ${name} ${id}` });
      };
      read.batched = true;
      return read;
    };
    const parents = [...new Set(spec.via.flatMap((v) => v.parents ?? []))];
    const known = new Set([...WAIT_OPTION_KEYS, ...parents]);
    const start = (id: string, opts: Json | undefined, deletion: boolean) => {
      const label = `waitFor.${name}${deletion ? 'Deleted' : ''}`;
      if (typeof id !== 'string' || !id) return Promise.reject(new ValidationError(label, 'the id must be a non-empty string'));
      const o = (opts ?? {}) as Json & WaitOptions<unknown>;
      // A misspelt option (`status` for `until`) would silently change the wait.
      const unknown = Object.keys(o).filter((k) => o[k] !== undefined && (!known.has(k) || (deletion && k === 'until')));
      if (unknown.length) return Promise.reject(new ValidationError(label, `unknown option ${unknown.map((k) => `"${k}"`).join(', ')} (it takes ${[...known].filter((k) => !deletion || k !== 'until').join(', ')})`));
      try {
        const judge = judgeOf(name, spec, o.until, deletion);
        // Waits that need parent ids read through a list of their own: no batching.
        const read = batch && !parents.length ? batchedReader(id, judge) : reader(host, name, spec, id, o);
        return poll(host, name, id, spec, read, judge, deletion, o);
      } catch (err) {
        return Promise.reject(err);
      }
    };
    out[name] = (id, opts) => start(id, opts, false);
    if (spec.deleted) out[`${name}Deleted`] = async (id, opts) => void (await start(id, opts, true));
  }
  return out;
}

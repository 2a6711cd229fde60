// One request, many attempts: the only place the SDK calls fetch. It owns
// per-attempt time limits, the caller's AbortSignal, retries where a repeat
// cannot change anything on the server, the redirect policy, and a cap on
// how much of an answer is read.
import { AbortedError, InvalidResponseError, NetworkError, RedirectError, TimeoutError, TlsError, ValidationError } from './errors.js';
import { parseRetryAfter } from './retry-after.js';
import type { Logger } from './logger.js';

/** The fetch the SDK calls: the standard signature. */
export type FetchLike = (input: string, init: RequestInit) => Promise<Response>;

/** Makes a custom Request-taking fetch look like the standard one. */
export function fetchLike(custom: ((input: Request) => Promise<Response>) | undefined): FetchLike {
  // The global fetch is looked up per call: test interceptors replace it late.
  if (!custom) return (url, init) => globalThis.fetch(url, init);
  return async (url, init) => {
    const req = new Request(url, init);
    const res = await custom(req);
    // Held until the answer is in: undici may drop the signal of a Request
    // nothing references any more.
    void req;
    return res;
  };
}

export interface RetryOptions {
  /** Attempts in all, the first included. Default 3; 1 disables retries. */
  maxAttempts?: number;
  /** First backoff step in ms (full jitter, doubling). Default 250. */
  baseDelayMs?: number;
  /** Ceiling of one backoff step in ms. Default 8000. */
  maxDelayMs?: number;
  /** A Retry-After longer than this is not waited for; the error surfaces. Default 60000. */
  maxRetryAfterMs?: number;
}

export const DEFAULT_RETRY: Required<RetryOptions> = {
  maxAttempts: 3,
  baseDelayMs: 250,
  maxDelayMs: 8000,
  maxRetryAfterMs: 60_000,
};

/** Longest delay a timer can hold; larger values fire at once in Node. */
export const MAX_TIMER_MS = 2 ** 31 - 1;
/** Default cap of one answer's body. */
export const DEFAULT_MAX_RESPONSE_BYTES = 32 * 1024 * 1024;
/** Same-origin redirects followed for one read. */
const MAX_REDIRECTS = 5;

export interface TransportOptions {
  fetch: FetchLike;
  timeoutMs: number;
  retry: Required<RetryOptions>;
  maxResponseBytes: number;
  /** Jitter source, for tests. */
  random?: () => number;
  logger?: Logger;
}

export interface OutgoingRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  body?: string;
  /** Overrides the method's own idempotency (issuing a Keystone token is safe to repeat). */
  idempotent?: boolean;
  /** For messages: the route template (never the filled URL, which may carry names). */
  path: string;
  /** For messages: the SDK method (`shares.create`). */
  operation?: string;
  signal?: AbortSignal;
  timeoutMs?: number;
}

export interface Exchange {
  status: number;
  headers: Headers;
  text: string;
  /** The URL that answered (after same-origin redirects). */
  url: string;
  attempts: number;
}

/** Statuses that say "not done, try later"; only ever retried for reads. */
const RETRYABLE_STATUS = new Set([429, 502, 503, 504]);
// Manila's rate limiter answers 413 (overLimit) with Retry-After; a 413
// without it is a real "too large" or a quota, and final.
const retryableStatus = (status: number, headers: Headers) => RETRYABLE_STATUS.has(status) || (status === 413 && headers.has('retry-after'));
// Connection failures that happen before a byte of the request leaves.
const NOT_SENT_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'UND_ERR_CONNECT_TIMEOUT']);
// The certificate was refused during the handshake: no request byte left.
const TLS_CODES = /^(CERT_|DEPTH_ZERO_SELF_SIGNED_CERT|SELF_SIGNED_CERT_IN_CHAIN|UNABLE_TO_|ERR_TLS_|ERR_SSL_|HOSTNAME_MISMATCH)/;

export function isIdempotent(method: string): boolean {
  return method === 'GET' || method === 'HEAD';
}

function errorCode(err: unknown): string | undefined {
  const e = err as { code?: string; cause?: { code?: string; errors?: Array<{ code?: string }> } };
  return e?.cause?.code ?? e?.cause?.errors?.[0]?.code ?? e?.code;
}

export function backoffMs(attempt: number, retry: Required<RetryOptions>, random = Math.random): number {
  const cap = Math.min(retry.maxDelayMs, retry.baseDelayMs * 2 ** (attempt - 1));
  return Math.floor(random() * cap);
}

/** Clamps a time limit to what a timer can hold; refuses what is not a time. */
export function checkTimeout(where: string, ms: number): number {
  if (typeof ms !== 'number' || Number.isNaN(ms) || ms <= 0) throw new ValidationError(where, `timeoutMs must be a positive number of ms, got ${String(ms)}`);
  return Math.min(ms, MAX_TIMER_MS);
}

export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal!.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, Math.min(Math.max(0, ms), MAX_TIMER_MS));
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/** Reads a body up to `max` bytes; undefined when it is larger. */
function readCapped(res: Response, max: number, abandon?: Abandon): Promise<string | undefined> {
  const declared = res.headers.get('content-length');
  if (declared !== null && /^\d+$/.test(declared)) {
    if (Number(declared) > max) return res.body ? res.body.cancel().then(() => undefined, () => undefined) : Promise.resolve(undefined);
    // HTTP/1.1 cannot deliver more than it declared: the fast path is safe
    // (and, not being async, costs no extra turn of the event loop).
    return res.text();
  }
  return readStreamCapped(res, max, abandon);
}

async function readStreamCapped(res: Response, max: number, abandon?: Abandon): Promise<string | undefined> {
  if (!res.body) return '';
  const reader = res.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    // A body still trickling in when the time is up is not read on.
    if (abandon?.why) {
      await reader.cancel().catch(() => {});
      throw abandon.why;
    }
    total += value.byteLength;
    if (total > max) {
      await reader.cancel().catch(() => {});
      return undefined;
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** An origin change we accept: none, or http to https on the same host. */
function sameOrigin(from: URL, to: URL): boolean {
  if (from.origin === to.origin) return true;
  const defaultPort = (u: URL) => u.port || (u.protocol === 'https:' ? '443' : '80');
  return from.protocol === 'http:' && to.protocol === 'https:' && from.hostname === to.hostname && (to.port === '' || defaultPort(to) === '443');
}

/** The request id Manila (or a proxy in front of it) gave an answer. */
export function requestIdOf(headers: Headers): string | undefined {
  return headers.get('x-openstack-request-id') ?? headers.get('x-compute-request-id') ?? undefined;
}

/** What errors and logs call the request; made only when one is said. */
const labelOf = (req: OutgoingRequest) => `${req.method} ${req.path}`;

/**
 * Sends the request, retrying where that is safe, and returns the final
 * answer with its body read. Throws only SDK errors: for transport
 * failures, time limits, aborts and refused redirects; HTTP error statuses
 * are answers, for the caller to judge.
 */
export async function send(t: TransportOptions, req: OutgoingRequest): Promise<Exchange> {
  const idempotent = req.idempotent ?? isIdempotent(req.method);
  // A timer cannot hold more than 2^31-1 ms (more fires at once).
  const timeoutMs = Math.min(req.timeoutMs ?? t.timeoutMs, MAX_TIMER_MS);
  for (let n = 1; ; n++) {
    if (req.signal?.aborted) throw new AbortedError(labelOf(req), req.signal.reason);
    const started = t.logger ? Date.now() : 0;
    let ex: Exchange;
    try {
      ex = await attempt(t, req, timeoutMs, idempotent);
      ex.attempts = n;
    } catch (err) {
      if (req.signal?.aborted) throw new AbortedError(labelOf(req), req.signal.reason);
      if (err instanceof RedirectError || err instanceof ValidationError || err instanceof InvalidResponseError) throw err;
      let failure: Error;
      let retryable: boolean;
      if (err instanceof TimeoutError) {
        failure = err;
        retryable = idempotent;
      } else {
        const code = errorCode(err) ?? '';
        if (TLS_CODES.test(code)) throw new TlsError(req.method, req.path, err);
        const notSent = NOT_SENT_CODES.has(code);
        failure = new NetworkError(req.method, req.path, !notSent, err);
        // A request that may have reached the server is never repeated
        // unless repeating it cannot change anything.
        retryable = idempotent || notSent;
      }
      t.logger?.warn?.({ message: `${labelOf(req)} attempt ${n} failed: ${failure.message}`, method: req.method, path: req.path, attempt: n, durationMs: Date.now() - started });
      if (!retryable || n >= t.retry.maxAttempts) throw failure;
      await pause(backoffMs(n, t.retry, t.random), req.signal, labelOf(req));
      continue;
    }
    if (!idempotent || !retryableStatus(ex.status, ex.headers) || n >= t.retry.maxAttempts) return ex;
    const after = parseRetryAfter(ex.headers.get('retry-after'));
    if (after !== undefined && after * 1000 > t.retry.maxRetryAfterMs) return ex;
    t.logger?.info?.({ message: `${labelOf(req)} answered ${ex.status}; retrying`, method: req.method, path: req.path, status: ex.status, attempt: n });
    await pause(after !== undefined ? after * 1000 : backoffMs(n, t.retry, t.random), req.signal, labelOf(req));
  }
}

async function pause(ms: number, signal: AbortSignal | undefined, label: string): Promise<void> {
  try {
    await sleep(ms, signal);
  } catch (reason) {
    throw new AbortedError(label, reason);
  }
}

/** Once an attempt has given up on its request: the error its caller got. */
interface Abandon {
  why?: Error;
}

/**
 * The time limits of the attempts in flight, kept by one timer armed for
 * the earliest of them. An attempt that ends leaves the set and touches no
 * timer: a timer armed and cleared per request cost more than the rest of
 * the transport. The set holds each attempt's controller until it ends
 * (undici may lose a signal whose Request nothing references).
 */
interface Deadline {
  at: number;
  expire(): void;
}
const inFlight = new Set<Deadline>();
let watch: ReturnType<typeof setTimeout> | undefined;
let watchAt = Infinity;

function watchFor(d: Deadline): void {
  inFlight.add(d);
  // Held open only while an attempt waits, as a timer per attempt would be.
  if (inFlight.size === 1) watch?.ref();
  if (d.at < watchAt) arm(d.at);
}

function settled(d: Deadline): void {
  inFlight.delete(d);
  if (inFlight.size === 0) watch?.unref();
}

function arm(at: number): void {
  if (watch) clearTimeout(watch);
  watchAt = at;
  // No clamp needed: send() caps every limit at what a timer holds.
  watch = setTimeout(expireDue, Math.max(0, at - performance.now()));
  if (inFlight.size === 0) watch.unref();
}

function expireDue(): void {
  watch = undefined;
  watchAt = Infinity;
  const now = performance.now();
  let next = Infinity;
  for (const d of inFlight) {
    if (d.at <= now) {
      inFlight.delete(d);
      d.expire();
    } else if (d.at < next) next = d.at;
  }
  if (next < Infinity) arm(next);
}

function attempt(t: TransportOptions, req: OutgoingRequest, timeoutMs: number, idempotent: boolean): Promise<Exchange> {
  // A signal goes to fetch only when the caller gave one, so that their
  // abort cancels the request on the wire at once. Without one the time
  // limit alone keeps it: undici's handling of a signal costs more per
  // request than the rest of the SDK. At the limit the call fails at once
  // either way; an abandoned request's answer, if one ever comes, is
  // cancelled unread, and undici's own header and body time limits close a
  // connection that never answers.
  const controller = req.signal ? new AbortController() : undefined;
  const abandon: Abandon = {};
  // One promise settles the attempt: the answer, the time limit or the
  // caller's abort, whichever comes first. The latter two reject at once
  // even if fetch missed the abort.
  return new Promise<Exchange>((resolve, reject) => {
    const deadline: Deadline = {
      at: performance.now() + timeoutMs,
      expire() {
        abandon.why = new TimeoutError(req.method, req.path, timeoutMs);
        controller?.abort(new Error('time limit'));
        done();
        reject(abandon.why);
      },
    };
    const done = () => {
      settled(deadline);
      req.signal?.removeEventListener('abort', onAbort);
    };
    const onAbort = () => {
      abandon.why = new AbortedError(labelOf(req), req.signal!.reason);
      controller!.abort(req.signal!.reason);
      done();
      reject(abandon.why);
    };
    req.signal?.addEventListener('abort', onAbort, { once: true });
    watchFor(deadline);
    exchange(t, req, controller?.signal, abandon, idempotent).then(
      (ex) => {
        done();
        resolve(ex);
      },
      (err) => {
        done();
        reject(err);
      },
    );
  });
}

async function exchange(t: TransportOptions, req: OutgoingRequest, signal: AbortSignal | undefined, abandon: Abandon, idempotent: boolean): Promise<Exchange> {
  let url = req.url;
  for (let hop = 0; ; hop++) {
    let res: Response;
    try {
      res = await t.fetch(url, { method: req.method, headers: req.headers, body: req.body, signal, redirect: 'manual' });
    } catch (err) {
      // Node refuses some requests before sending them (a forbidden port).
      const cause = (err as { cause?: { message?: string } })?.cause;
      if (cause?.message === 'bad port' || /bad port/.test(String((err as Error)?.message))) {
        throw new ValidationError(`${req.method} ${req.path}`, `the endpoint's port is one fetch refuses to use (${new URL(url).port})`, { cause: err });
      }
      throw err;
    }
    if (abandon.why) {
      // Too late: the caller has its error already.
      void res.body?.cancel().catch(() => {});
      throw abandon.why;
    }
    if (res.status >= 300 && res.status < 400 && res.status !== 300 && res.status !== 304) {
      const location = res.headers.get('location');
      await res.body?.cancel().catch(() => {});
      const target = location ? new URL(location, url) : undefined;
      const shown = target ? `${target.origin}${target.pathname}` : '(no location)';
      if (!target) throw new RedirectError(req.method, req.path, res.status, shown, 'it names no location');
      if (!sameOrigin(new URL(url), target)) {
        throw new RedirectError(req.method, req.path, res.status, shown, 'another origin: credentials and bodies never go there');
      }
      if (!idempotent) throw new RedirectError(req.method, req.path, res.status, shown, 'only reads are redirected: a body is never sent twice');
      if (hop >= MAX_REDIRECTS) throw new RedirectError(req.method, req.path, res.status, shown, `more than ${MAX_REDIRECTS} redirects`);
      url = target.toString();
      continue;
    }
    const text = await readCapped(res, t.maxResponseBytes, abandon);
    if (text === undefined) {
      throw new InvalidResponseError(req.method, req.path, res.status, requestIdOf(res.headers), `a body larger than ${t.maxResponseBytes} bytes`, req.operation);
    }
    return { status: res.status, headers: res.headers, text, url, attempts: 1 };
  }
}

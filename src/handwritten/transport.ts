// One call, many attempts: per-attempt time limits, the caller's AbortSignal,
// and retries only where a repeat cannot change anything on the server.
import { AbortedError, NetworkError, TimeoutError } from './errors.js';

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

export interface AttemptContext {
  method: string;
  /** Overrides the method's own idempotency (issuing a Keystone token is safe to repeat). */
  idempotent?: boolean;
  path: string;
  timeoutMs: number;
  signal?: AbortSignal;
  retry: Required<RetryOptions>;
  /** Deterministic jitter in tests. */
  random?: () => number;
}

export const DEFAULT_RETRY: Required<RetryOptions> = {
  maxAttempts: 3,
  baseDelayMs: 250,
  maxDelayMs: 8000,
  maxRetryAfterMs: 60_000,
};

// Statuses that say "not done, try later"; only ever retried for GET/HEAD.
// Manila's rate limiter answers 413 (overLimit) with Retry-After; a 413
// without it is a real "too large" and final.
const RETRYABLE_STATUS = new Set([429, 502, 503, 504]);
const retryableStatus = (res: Response) => RETRYABLE_STATUS.has(res.status) || (res.status === 413 && res.headers.has('retry-after'));
// Connection failures that happen before a byte of the request leaves.
const NOT_SENT_CODES = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'UND_ERR_CONNECT_TIMEOUT',
]);

export function isIdempotent(method: string): boolean {
  return method === 'GET' || method === 'HEAD';
}

function errorCode(err: unknown): string | undefined {
  const e = err as { code?: string; cause?: { code?: string; errors?: Array<{ code?: string }> } };
  return e?.cause?.code ?? e?.cause?.errors?.[0]?.code ?? e?.code;
}

/** Seconds to wait from a Retry-After header (delta-seconds or HTTP date). */
export function parseRetryAfter(value: string | null, now = Date.now()): number | undefined {
  if (!value) return undefined;
  if (/^\s*\d+\s*$/.test(value)) return Number(value);
  const at = Date.parse(value);
  if (Number.isNaN(at)) return undefined;
  return Math.max(0, Math.ceil((at - now) / 1000));
}

export function backoffMs(attempt: number, retry: Required<RetryOptions>, random = Math.random): number {
  const cap = Math.min(retry.maxDelayMs, retry.baseDelayMs * 2 ** (attempt - 1));
  return Math.floor(random() * cap);
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
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

async function pause(ms: number, ctx: AttemptContext): Promise<void> {
  try {
    await sleep(ms, ctx.signal);
  } catch (reason) {
    throw new AbortedError(`${ctx.method} ${ctx.path}`, reason);
  }
}

/**
 * Runs `attempt` until it yields a response that is final. `attempt` must not
 * throw for HTTP error statuses, only for transport failures.
 */
export async function withRetries<T extends { response: Response }>(
  ctx: AttemptContext,
  attempt: (signal: AbortSignal) => Promise<T>,
): Promise<T> {
  const idempotent = ctx.idempotent ?? isIdempotent(ctx.method);
  for (let n = 1; ; n++) {
    if (ctx.signal?.aborted) throw new AbortedError(`${ctx.method} ${ctx.path}`, ctx.signal.reason);
    const timeout = AbortSignal.timeout(ctx.timeoutMs);
    const signal = ctx.signal ? AbortSignal.any([ctx.signal, timeout]) : timeout;
    let result: T;
    try {
      result = await attempt(signal);
    } catch (err) {
      if (ctx.signal?.aborted) throw new AbortedError(`${ctx.method} ${ctx.path}`, ctx.signal.reason);
      let failure: Error;
      let retryable: boolean;
      if (timeout.aborted) {
        failure = new TimeoutError(ctx.method, ctx.path, ctx.timeoutMs);
        retryable = idempotent;
      } else {
        const notSent = NOT_SENT_CODES.has(errorCode(err) ?? '');
        failure = new NetworkError(ctx.method, ctx.path, !notSent, err);
        // A request that may have reached the server is never repeated
        // unless repeating it cannot change anything.
        retryable = idempotent || notSent;
      }
      if (!retryable || n >= ctx.retry.maxAttempts) throw failure;
      await pause(backoffMs(n, ctx.retry, ctx.random), ctx);
      continue;
    }
    if (!idempotent || !retryableStatus(result.response) || n >= ctx.retry.maxAttempts) return result;
    const after = parseRetryAfter(result.response.headers.get('retry-after'));
    if (after !== undefined && after * 1000 > ctx.retry.maxRetryAfterMs) return result;
    await pause(after !== undefined ? after * 1000 : backoffMs(n, ctx.retry, ctx.random), ctx);
  }
}

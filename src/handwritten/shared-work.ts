// Work many callers share (one authentication, one negotiation, one catalog
// lookup): it runs once, under its own time limit, and each caller waits for
// it only as long as its own signal and time limit allow. One caller giving
// up never fails the others.
import { AbortedError, TimeoutError } from './errors.js';
import { MAX_TIMER_MS } from './transport.js';

export interface Waiting {
  signal?: AbortSignal;
  timeoutMs?: number;
  /** For the caller's error: what it was waiting for. */
  what: string;
}

export function awaitShared<T>(work: Promise<T>, w: Waiting): Promise<T> {
  if (!w.signal && w.timeoutMs === undefined) return work;
  if (w.signal?.aborted) return Promise.reject(new AbortedError(w.what, w.signal.reason));
  return new Promise<T>((resolve, reject) => {
    const done = () => {
      if (timer) clearTimeout(timer);
      w.signal?.removeEventListener('abort', onAbort);
    };
    const onAbort = () => {
      done();
      reject(new AbortedError(w.what, w.signal!.reason));
    };
    const timer =
      w.timeoutMs === undefined
        ? undefined
        : setTimeout(() => {
            done();
            reject(new TimeoutError('WAIT', w.what, w.timeoutMs!));
          }, Math.min(w.timeoutMs, MAX_TIMER_MS));
    w.signal?.addEventListener('abort', onAbort, { once: true });
    work.then(
      (v) => {
        done();
        resolve(v);
      },
      (err: unknown) => {
        done();
        reject(err);
      },
    );
  });
}

/**
 * A value computed once by `run`, shared by every caller while in flight and
 * kept once it succeeded; a failure is not kept, so the next caller tries again.
 */
export class Once<T> {
  #value?: T;
  #has = false;
  #inflight?: Promise<T>;
  constructor(private readonly run: () => Promise<T>) {}

  /** The value, if it was computed already: no promise on the hot path. */
  peek(): T | undefined {
    return this.#value;
  }

  get known(): boolean {
    return this.#has;
  }

  get(w: Waiting): Promise<T> {
    if (this.#has) return Promise.resolve(this.#value as T);
    this.#inflight ??= this.run().then(
      (v) => {
        this.#value = v;
        this.#has = true;
        this.#inflight = undefined;
        return v;
      },
      (err: unknown) => {
        this.#inflight = undefined;
        throw err;
      },
    );
    return awaitShared(this.#inflight, w);
  }

  /** Forget the value; the next get() computes it again. */
  reset(): void {
    this.#value = undefined;
    this.#has = false;
  }
}

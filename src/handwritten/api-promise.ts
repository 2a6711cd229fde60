// The promise every SDK method returns: awaiting it gives the data, and
// `.withResponse()` gives the data with what the answer said about itself
// (request id, status, headers, microversion), without a second call.

/** What an answer said about itself. */
export interface ResponseMeta {
  status: number;
  /** Manila's request id: what an operator asks for in a support ticket. */
  requestId?: string;
  headers: Headers;
  /** The microversion the request was sent with. */
  microversion?: string;
  /** The URL that answered, without its query string. */
  url: string;
  /** Attempts the transport made (retries included). */
  attempts: number;
}

export interface WithResponse<T> {
  data: T;
  response: ResponseMeta;
}

export class ApiPromise<T> extends Promise<T> {
  #start?: () => Promise<WithResponse<T>>;
  #result?: Promise<WithResponse<T>>;
  #data?: Promise<T>;

  /** A started call, or one that starts when first awaited (lists: iteration sends its own requests). */
  constructor(result: Promise<WithResponse<T>> | (() => Promise<WithResponse<T>>)) {
    // The base promise is a placeholder: then/catch/finally read the result.
    super((resolve) => resolve(undefined as T));
    if (typeof result === 'function') this.#start = result;
    else this.#result = result;
  }

  // Chained promises are plain ones: `.then()` must not build another ApiPromise.
  static override get [Symbol.species]() {
    return Promise;
  }

  /** The data with the answer's request id, status and headers. */
  withResponse(): Promise<WithResponse<T>> {
    return (this.#result ??= this.#start!());
  }

  #value(): Promise<T> {
    return (this.#data ??= this.withResponse().then((r) => r.data));
  }

  override then<A = T, B = never>(
    onFulfilled?: ((value: T) => A | PromiseLike<A>) | null,
    onRejected?: ((reason: any) => B | PromiseLike<B>) | null,
  ): Promise<A | B> {
    return this.#value().then(onFulfilled, onRejected);
  }

  override catch<B = never>(onRejected?: ((reason: any) => B | PromiseLike<B>) | null): Promise<T | B> {
    return this.#value().catch(onRejected);
  }

  override finally(onFinally?: (() => void) | null): Promise<T> {
    return this.#value().finally(onFinally);
  }
}

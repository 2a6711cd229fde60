// Every failure the SDK raises is a ManilaError subclass, so callers can catch
// one type and switch on the class or `kind`. Messages, causes and bodies are
// scrubbed of every known secret and of terminal control sequences.
import { redactBody, safeCause, sanitize, scrub } from './redaction.js';

export type ApiErrorKind =
  | 'bad_request'
  | 'unauthorized'
  | 'forbidden'
  | 'not_found'
  | 'not_acceptable'
  | 'conflict'
  | 'over_limit'
  | 'unprocessable'
  | 'rate_limited'
  | 'server'
  | 'other';

export class ManilaError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(sanitize(message, 4000), options?.cause === undefined ? undefined : { cause: safeCause(options.cause) });
    this.name = new.target.name;
  }
}

/** Headers that carry credentials; an error never keeps them. */
const SECRET_HEADERS = ['x-subject-token', 'x-auth-token', 'set-cookie', 'authorization'];

export interface ApiErrorDetails {
  status: number;
  method: string;
  /** Path relative to the endpoint (the route template), without the query string. */
  path: string;
  /** Manila's fault name (`itemNotFound`, `badRequest`, ...), when it sent one. */
  code?: string;
  /** Manila's own explanation. */
  serverMessage?: string;
  requestId?: string;
  /** Seconds the server asked us to wait (Retry-After, as seconds or a date), if it said. */
  retryAfter?: number;
  operation?: string;
  headers?: Headers;
  /** The parsed error body (or its text), secrets hidden. */
  body?: unknown;
}

/** The server answered with an error status. */
export class ManilaApiError extends ManilaError implements ApiErrorDetails {
  readonly kind: ApiErrorKind;
  readonly status: number;
  readonly method: string;
  readonly path: string;
  readonly code?: string;
  readonly serverMessage?: string;
  readonly requestId?: string;
  readonly retryAfter?: number;
  readonly operation?: string;
  /** The response headers, without credential-bearing ones. */
  readonly headers: Headers;
  /** The parsed error body (or its text), secrets hidden. */
  readonly body?: unknown;
  /** The server answered, so the request arrived; whether it acted depends on the status. */
  readonly sent = true;

  constructor(kind: ApiErrorKind, d: ApiErrorDetails) {
    const what = d.operation ? `${d.operation} (${d.method} ${d.path})` : `${d.method} ${d.path}`;
    const serverMessage = d.serverMessage === undefined ? undefined : sanitize(d.serverMessage);
    const why = serverMessage ? `: ${serverMessage}` : '';
    const rid = d.requestId ? ` [request ${d.requestId}]` : '';
    super(`${what} failed with HTTP ${d.status}${d.code ? ` ${d.code}` : ''}${why}${rid}`);
    this.kind = kind;
    this.status = d.status;
    this.method = d.method;
    this.path = d.path;
    this.code = d.code === undefined ? undefined : sanitize(d.code, 100);
    this.serverMessage = serverMessage;
    this.requestId = d.requestId === undefined ? undefined : sanitize(d.requestId, 200);
    this.retryAfter = d.retryAfter;
    this.operation = d.operation;
    const headers = new Headers(d.headers);
    for (const h of SECRET_HEADERS) headers.delete(h);
    // A header that echoes a credential keeps its name, not the credential.
    headers.forEach((value, name) => {
      const clean = scrub(value);
      if (clean !== value) headers.set(name, clean);
    });
    this.headers = headers;
    this.body = redactBody(typeof d.body === 'string' ? sanitize(d.body, 10_000) : d.body);
  }
}

export class BadRequestError extends ManilaApiError {}
export class UnauthorizedError extends ManilaApiError {}
export class ForbiddenError extends ManilaApiError {}
export class NotFoundError extends ManilaApiError {}
export class ConflictError extends ManilaApiError {}
/** 413: a quota exceeded, or Manila's rate limiter (then with Retry-After). */
export class OverLimitError extends ManilaApiError {}
/** 422: Manila refuses a request it understood (a snapshot of a share type without snapshot support). */
export class UnprocessableEntityError extends ManilaApiError {}
/** 429: a proxy or gateway in front of Manila limits the rate. */
export class TooManyRequestsError extends ManilaApiError {}
export class ServerError extends ManilaApiError {}

export function apiErrorFor(d: ApiErrorDetails): ManilaApiError {
  switch (d.status) {
    case 400:
      return new BadRequestError('bad_request', d);
    case 401:
      return new UnauthorizedError('unauthorized', d);
    case 403:
      return new ForbiddenError('forbidden', d);
    case 404:
      return new NotFoundError('not_found', d);
    case 406:
      return new ManilaApiError('not_acceptable', d);
    case 409:
      return new ConflictError('conflict', d);
    case 413:
      return new OverLimitError('over_limit', d);
    case 422:
      return new UnprocessableEntityError('unprocessable', d);
    case 429:
      return new TooManyRequestsError('rate_limited', d);
    default:
      return d.status >= 500 ? new ServerError('server', d) : new ManilaApiError('other', d);
  }
}

/** The call needs a microversion the client did not negotiate. Nothing was sent. */
export class MicroversionError extends ManilaError {
  readonly sent = false;
  constructor(
    readonly operation: string,
    /** The range the operation, action, field or filter exists in. */
    readonly required: { min?: string; max?: string },
    /** The version this client sends. */
    readonly negotiated: string,
    /** The server's highest version, when it was asked. */
    readonly serverMax: string | undefined,
    detail?: string,
  ) {
    const need = required.min && required.max
      ? `microversions ${required.min} to ${required.max}`
      : required.min
        ? `microversion ${required.min} or later`
        : `microversion ${required.max} or earlier`;
    const server = serverMax ? `, server maximum ${serverMax}` : '';
    super(`${operation}${detail ? ` ${detail}` : ''} needs ${need}; this client uses ${negotiated}${server}`);
  }
}

/** The input is wrong in a way we can tell before sending. Nothing was sent. */
export class ValidationError extends ManilaError {
  readonly sent = false;
  constructor(readonly operation: string, detail: string, options?: { cause?: unknown }) {
    super(`${operation}: ${detail}`, options);
  }
}

/** No HTTP answer came back. `sent` says whether the request may have reached the server. */
export class NetworkError extends ManilaError {
  constructor(readonly method: string, readonly path: string, readonly sent: boolean, cause: unknown, detail?: string) {
    const code = (cause as { cause?: { code?: string }; code?: string })?.cause?.code ?? (cause as { code?: string })?.code;
    super(`${method} ${path}: ${detail ?? 'network error'}${code ? ` (${code})` : ''}${sent ? '' : ', request not sent'}`, { cause });
  }
}

/** The server's certificate was refused (or TLS failed before any request byte left). Nothing was sent. */
export class TlsError extends NetworkError {
  constructor(method: string, path: string, cause: unknown) {
    super(method, path, false, cause, 'TLS handshake failed');
  }
}

/** One attempt took longer than its time limit. The request may have reached the server. */
export class TimeoutError extends ManilaError {
  readonly sent = true;
  constructor(readonly method: string, readonly path: string, readonly timeoutMs: number) {
    super(`${method} ${path}: no answer within ${timeoutMs} ms`);
  }
}

/** The caller's AbortSignal fired. */
export class AbortedError extends ManilaError {
  constructor(what: string, cause?: unknown) {
    super(`${what}: aborted`, { cause });
  }
}

/**
 * A success status with an answer the SDK cannot use (not JSON, empty, the
 * wrong envelope, too large). The request was sent; a create may have
 * created something: look for it before trying again.
 */
export class InvalidResponseError extends ManilaError {
  readonly sent = true;
  constructor(
    readonly method: string,
    readonly path: string,
    readonly status: number,
    readonly requestId: string | undefined,
    reason: string,
    readonly operation?: string,
  ) {
    const what = operation ? `${operation} (${method} ${path})` : `${method} ${path}`;
    const mayHaveActed = method === 'GET' || method === 'HEAD' ? '' : '; the request was sent and may have taken effect';
    super(`${what} answered HTTP ${status} with ${reason}${mayHaveActed}${requestId ? ` [request ${requestId}]` : ''}`);
  }
}

/**
 * A redirect the SDK will not follow: to another origin (credentials and
 * bodies never go there), or of a request that is not a read.
 */
export class RedirectError extends ManilaError {
  readonly sent = true;
  constructor(
    readonly method: string,
    readonly path: string,
    readonly status: number,
    /** Where the server pointed, without its query string. */
    readonly location: string,
    reason: string,
  ) {
    super(`${method} ${path}: HTTP ${status} redirect to ${location} not followed (${reason})`);
  }
}

/** A list walk that cannot end well: the server repeats pages or sends more than it said it has. */
export class PaginationError extends ManilaError {
  constructor(readonly operation: string, detail: string, readonly itemsSeen: number) {
    super(`${operation}: ${detail} after ${itemsSeen} items`);
  }
}

/** `find()` matched more than one resource. */
export class AmbiguousMatchError extends ManilaError {
  constructor(readonly operation: string, readonly nameOrId: string, readonly ids: string[]) {
    super(`${operation}: "${nameOrId}" names ${ids.length} resources (${ids.slice(0, 5).join(', ')}${ids.length > 5 ? ', ...' : ''}); use an id`);
  }
}

/** A waiter saw the resource reach a failure state, or vanish while waited on. */
export class WaitFailedError extends ManilaError {
  constructor(
    readonly resource: string,
    readonly id: string,
    /** The last representation the server sent. */
    readonly lastState: unknown,
    reason: string,
    /** Manila's user messages about the resource (2.37+), newest first: the why. */
    readonly messages: Array<{ user_message: string; created_at?: string; request_id?: string }> = [],
  ) {
    const why = messages[0]?.user_message ? `: ${messages[0].user_message}` : '';
    super(`${resource} ${id} ${reason}${why}`);
  }
}

/** A waiter ran out of time. */
export class WaitTimeoutError extends ManilaError {
  constructor(
    readonly resource: string,
    readonly id: string,
    readonly lastState: unknown,
    readonly waitedMs: number,
    target: string,
  ) {
    super(`${resource} ${id} did not become ${target} within ${waitedMs} ms`);
  }
}

/** A cloud (clouds.yaml, secure.yaml, OS_* variables) that could not be configured; names the file and key at fault. */
export class CloudConfigError extends ManilaError {}

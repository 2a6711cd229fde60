// Every failure the SDK raises is a ManilaError subclass, so callers can catch
// one type and switch on `kind`. Messages never carry tokens or request bodies.

export type ApiErrorKind =
  | 'bad_request'
  | 'unauthorized'
  | 'forbidden'
  | 'not_found'
  | 'conflict'
  | 'over_limit'
  | 'not_acceptable'
  | 'server'
  | 'other';

export class ManilaError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}

export interface ApiErrorDetails {
  status: number;
  method: string;
  /** Path relative to the endpoint, without the query string. */
  path: string;
  /** Manila's fault name (`itemNotFound`, `badRequest`, ...), when it sent one. */
  code?: string;
  /** Manila's own explanation. */
  serverMessage?: string;
  requestId?: string;
  /** Seconds the server asked us to wait (Retry-After), if it said. */
  retryAfter?: number;
  operation?: string;
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

  constructor(kind: ApiErrorKind, d: ApiErrorDetails) {
    const what = d.operation ? `${d.operation} (${d.method} ${d.path})` : `${d.method} ${d.path}`;
    const why = d.serverMessage ? `: ${d.serverMessage}` : '';
    const rid = d.requestId ? ` [request ${d.requestId}]` : '';
    super(`${what} failed with HTTP ${d.status}${d.code ? ` ${d.code}` : ''}${why}${rid}`);
    this.kind = kind;
    this.status = d.status;
    this.method = d.method;
    this.path = d.path;
    this.code = d.code;
    this.serverMessage = d.serverMessage;
    this.requestId = d.requestId;
    this.retryAfter = d.retryAfter;
    this.operation = d.operation;
  }
}

export class BadRequestError extends ManilaApiError {}
export class UnauthorizedError extends ManilaApiError {}
export class ForbiddenError extends ManilaApiError {}
export class NotFoundError extends ManilaApiError {}
export class ConflictError extends ManilaApiError {}
export class OverLimitError extends ManilaApiError {}
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
    case 409:
      return new ConflictError('conflict', d);
    case 413:
      return new OverLimitError('over_limit', d);
    case 406:
      return new ManilaApiError('not_acceptable', d);
    default:
      return d.status >= 500 ? new ServerError('server', d) : new ManilaApiError('other', d);
  }
}

/** The call needs a microversion the client did not negotiate. Nothing was sent. */
export class MicroversionError extends ManilaError {
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
  constructor(readonly operation: string, detail: string) {
    super(`${operation}: ${detail}`);
  }
}

/** No HTTP answer came back. `sent` says whether the request may have reached the server. */
export class NetworkError extends ManilaError {
  constructor(readonly method: string, readonly path: string, readonly sent: boolean, cause: unknown) {
    const code = (cause as { cause?: { code?: string } })?.cause?.code;
    super(`${method} ${path}: network error${code ? ` (${code})` : ''}${sent ? '' : ', request not sent'}`, { cause });
  }
}

/** One attempt took longer than its time limit. */
export class TimeoutError extends ManilaError {
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

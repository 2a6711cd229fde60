// One authenticated exchange with Manila: the token on the request, one
// retry with a fresh token after a 401, and an error status turned into a
// typed error carrying Manila's message, the request id, headers and body.
import type { Access } from './access.js';
import { apiErrorFor, ValidationError } from './errors.js';
import type { Logger } from './logger.js';
import { parseRetryAfter } from './retry-after.js';
import { awaitShared } from './shared-work.js';
import { sanitize } from './redaction.js';
import { requestIdOf, send, type Exchange, type OutgoingRequest, type TransportOptions } from './transport.js';

export interface ExchangeContext {
  access: Access;
  transport: TransportOptions;
  userAgent: string;
  logger?: Logger;
}

type Json = Record<string, unknown>;

function isPlainObject(v: unknown): v is Json {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Manila's fault envelope: `{"itemNotFound": {"code": 404, "message": "..."}}`; Keystone's: `{"error": {...}}`. */
export function faultOf(body: unknown): { code?: string; message?: string } {
  if (isPlainObject(body)) {
    const keys = Object.keys(body);
    const inner = body[keys[0]];
    if (keys.length === 1 && isPlainObject(inner) && typeof inner.message === 'string') {
      const code = keys[0] === 'error' && typeof inner.title === 'string' ? inner.title : keys[0];
      return { code, message: inner.message };
    }
  }
  return {};
}

/** The body as JSON when it is JSON, as text otherwise, undefined when empty. */
export function parseBody(text: string): unknown {
  if (!text) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

const HEADER_VALUE = /^[\t\x20-\x7e\x80-\xff]*$/;

/** Header values that would split a request line, or that fetch refuses, are caller errors. */
export function checkHeaders(label: string, headers: Record<string, string> | undefined): void {
  for (const [k, v] of Object.entries(headers ?? {})) {
    if (!/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/.test(k)) throw new ValidationError(label, `"${k.slice(0, 40)}" is not a header name`);
    if (typeof v !== 'string' || !HEADER_VALUE.test(v)) throw new ValidationError(label, `the value of header "${k}" must be a string without line breaks or control characters`);
  }
}

export interface AuthorizedRequest extends Omit<OutgoingRequest, 'headers'> {
  /** Built afresh for each call: the token is added to it. */
  headers: Record<string, string>;
}

/**
 * Sends with the current token; answers the exchange for any status below
 * 400 and throws a typed error otherwise.
 */
export async function authorizedSend(ctx: ExchangeContext, req: AuthorizedRequest): Promise<Exchange> {
  const what = req.operation ?? `${req.method} ${req.path}`;
  for (let authTry = 0; ; authTry++) {
    // The caller waits for a shared authentication only as long as its own limits allow.
    const auth = ctx.access.auth;
    const token =
      auth.peekToken?.() ?? (await awaitShared(auth.getToken(req.signal), { signal: req.signal, timeoutMs: req.timeoutMs ?? ctx.transport.timeoutMs, what: `${what}: authenticating` }));
    // A token fetch would refuse (a line break in it) is a local failure, said without the token.
    if (typeof token !== 'string' || !token || !HEADER_VALUE.test(token)) {
      throw new ValidationError(what, 'the auth provider gave a token that cannot be sent as a header (empty, or with line breaks or control characters)');
    }
    // The headers object is the call's own (every caller builds it afresh).
    req.headers['X-Auth-Token'] = token;
    const ex = await send(ctx.transport, req);
    if (ex.status < 400) return ex;
    // A 401 comes before Manila acts on the request, so one more try with a
    // fresh token is safe for any method.
    if (ex.status === 401 && ctx.access.auth.invalidate && authTry === 0) {
      ctx.access.auth.invalidate(token);
      continue;
    }
    const body = parseBody(ex.text);
    const fault = faultOf(body);
    const requestId = requestIdOf(ex.headers);
    ctx.logger?.debug?.({ message: `${what} answered ${ex.status}`, operation: req.operation, method: req.method, path: req.path, status: ex.status, requestId });
    throw apiErrorFor({
      status: ex.status,
      method: req.method,
      path: req.path,
      operation: req.operation,
      code: fault.code,
      // A page that is not Manila's (a proxy's HTML) gets a short excerpt.
      serverMessage: fault.message ?? (typeof body === 'string' ? sanitize(body, 300) : undefined),
      requestId,
      retryAfter: parseRetryAfter(ex.headers.get('retry-after')),
      headers: ex.headers,
      body,
    });
  }
}

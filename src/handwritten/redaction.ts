// Keeps credentials out of everything the SDK shows: error messages and
// causes, parsed error bodies, log records. Every secret the SDK handles
// (tokens, passwords, application-credential secrets, transfer keys,
// security-service passwords) is registered here when it is first seen, and
// any text leaving the SDK is scrubbed of all of them, also when a server
// echoes one back.

const REDACTED = '[REDACTED]';
/** Shorter values would scrub ordinary words out of messages. */
const MIN_SECRET_LENGTH = 6;
/** The newest secrets are kept; an old token that leaks is expired anyway. */
const MAX_SECRETS = 512;
/** Field names whose values are always hidden, whoever sent them. */
const SECRET_KEYS = /^(password|auth_key|secret|application_credential_secret|token|x-auth-token|x-subject-token|passphrase)$/i;
/** Longest text from a server that an error message carries. */
export const MAX_MESSAGE_LENGTH = 1000;

const secrets = new Set<string>();

/** Remembers a value that must never be shown. */
export function registerSecret(value: unknown): void {
  if (typeof value !== 'string' || value.length < MIN_SECRET_LENGTH || secrets.has(value)) return;
  secrets.add(value);
  if (secrets.size > MAX_SECRETS) secrets.delete(secrets.values().next().value!);
}

/** `text` with every registered secret replaced. */
export function scrub(text: string): string {
  let out = text;
  for (const s of secrets) if (out.includes(s)) out = out.split(s).join(REDACTED);
  return out;
}

/**
 * Server text fit for a one-line message: secrets scrubbed, terminal escape
 * sequences and control characters gone, newlines folded, length capped.
 */
export function sanitize(text: string, max = MAX_MESSAGE_LENGTH): string {
  let out = scrub(text).replace(/\u001b\[[0-9;?]*[ -/]*[@-~]|\u001b[@-_]/g, '');
  out = out.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]+/g, ' ').trim();
  return out.length > max ? `${out.slice(0, max - 1)}…` : out;
}

/** Longest string an error body keeps (a server can send megabytes). */
const MAX_BODY_STRING = 10_000;

/** A deep copy of a parsed body with secret fields and registered secrets hidden, and long strings cut. */
export function redactBody(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return scrub(value.length > MAX_BODY_STRING ? `${value.slice(0, MAX_BODY_STRING - 1)}…` : value);
  if (!value || typeof value !== 'object' || depth > 32) return value;
  if (Array.isArray(value)) return value.map((v) => redactBody(v, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) out[k] = SECRET_KEYS.test(k) && v !== null && v !== undefined ? REDACTED : redactBody(v, depth + 1);
  return out;
}

/** Registers the values of the named fields of a request body. */
export function registerSecretFields(body: unknown, names: readonly string[] | undefined): void {
  if (!names?.length || !body || typeof body !== 'object') return;
  for (const n of names) registerSecret((body as Record<string, unknown>)[n]);
}

/**
 * A stand-in for an error's cause: its name, code and scrubbed message, and
 * the same for its own cause, so nothing a lower layer put in a message
 * (a header value, a URL with a token) leaves unscrubbed.
 */
export function safeCause(cause: unknown, depth = 0): Error | undefined {
  if (cause === undefined || cause === null) return undefined;
  const src = cause as { name?: unknown; message?: unknown; code?: unknown; cause?: unknown };
  const err = new Error(sanitize(String(src.message ?? cause), 500));
  err.name = typeof src.name === 'string' ? src.name : 'Error';
  if (typeof src.code === 'string') (err as Error & { code?: string }).code = src.code;
  if (depth < 3 && src.cause !== undefined) (err as Error & { cause?: unknown }).cause = safeCause(src.cause, depth + 1);
  // The stack repeats the message; the SDK's own error has the useful one.
  err.stack = `${err.name}: ${err.message}`;
  return err;
}

/**
 * Makes the named properties of a result non-enumerable: still readable
 * (`transfer.auth_key`), but left out of `JSON.stringify`, `console.log`
 * and `inspect`. Their values are registered as secrets.
 */
export function hideFields<T>(value: T, names: readonly string[] | undefined): T {
  if (!names?.length || !value || typeof value !== 'object') return value;
  const targets = Array.isArray(value) ? value : [value];
  for (const obj of targets) {
    for (const n of names) hide(obj, n.split('.'));
  }
  return value;
}

/** Hides the property at `path` (dotted: `backend_details.password`) of `obj`. */
function hide(obj: unknown, path: string[]): void {
  if (!obj || typeof obj !== 'object') return;
  const [head, ...rest] = path;
  if (!(head in obj)) return;
  const v = (obj as Record<string, unknown>)[head];
  if (rest.length) return hide(v, rest);
  registerSecret(v);
  Object.defineProperty(obj, head, { value: v, enumerable: false, writable: true, configurable: true });
}

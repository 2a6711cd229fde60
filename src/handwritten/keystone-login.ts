// The login exchange with Keystone v3 (POST /auth/tokens): the request body
// for each auth method and scope, and the token, lifetime and catalog in the
// answer. Loaded by KeystoneAuth on its first login only.
import { apiErrorFor, InvalidResponseError } from './errors.js';
import { faultOf, parseBody } from './exchange.js';
import type { CatalogEntry, KeystoneAuthOptions, Session } from './keystone.js';
import { registerSecret } from './redaction.js';
import { parseRetryAfter } from './retry-after.js';
import { requestIdOf, send, type TransportOptions } from './transport.js';

export interface LoginRequest {
  authUrl: string;
  method: 'password' | 'applicationCredential' | 'token';
  /** The options without their secrets. */
  options: KeystoneAuthOptions;
  secret: { password?: string; applicationCredentialSecret?: string; token?: string };
  transport: TransportOptions;
  now: () => number;
}

interface TokenBody {
  token?: {
    expires_at?: string;
    issued_at?: string;
    project?: { id?: string; name?: string };
    domain?: { id?: string };
    system?: unknown;
    user?: { id?: string; name?: string };
    catalog?: CatalogEntry[];
  };
}

/** The shortest lifetime assumed for a token, whatever its expiry says. */
const MIN_TOKEN_LIFETIME_MS = 10_000;

function domainRef(id: string | undefined, name: string | undefined, fallback: string | undefined) {
  if (id) return { id };
  if (name) return { name };
  if (fallback) return { id: fallback };
  return undefined;
}

function userOf(r: LoginRequest) {
  const o = r.options;
  if (o.userId) return { id: o.userId };
  return { name: o.username, domain: domainRef(o.userDomainId, o.userDomainName, o.defaultDomain) };
}

function scopeOf(r: LoginRequest): Record<string, unknown> | undefined {
  const o = r.options;
  // Application credentials carry their own scope; Keystone refuses another.
  if (r.method === 'applicationCredential') return undefined;
  if (o.projectId) return { project: { id: o.projectId } };
  if (o.projectName) return { project: { name: o.projectName, domain: domainRef(o.projectDomainId, o.projectDomainName, o.defaultDomain) } };
  if (o.domainId) return { domain: { id: o.domainId } };
  if (o.domainName) return { domain: { name: o.domainName } };
  if (o.systemScope) return { system: { [o.systemScope]: true } };
  return undefined;
}

function bodyOf(r: LoginRequest): unknown {
  const o = r.options;
  let identity: Record<string, unknown>;
  if (r.method === 'password') {
    identity = { methods: ['password'], password: { user: { ...userOf(r), password: r.secret.password } } };
  } else if (r.method === 'applicationCredential') {
    const cred = o.applicationCredentialId
      ? { id: o.applicationCredentialId, secret: r.secret.applicationCredentialSecret }
      : { name: o.applicationCredentialName, user: userOf(r), secret: r.secret.applicationCredentialSecret };
    identity = { methods: ['application_credential'], application_credential: cred };
  } else {
    identity = { methods: ['token'], token: { id: r.secret.token } };
  }
  const scope = scopeOf(r);
  return { auth: scope ? { identity, scope } : { identity } };
}

/** Asks Keystone for a token; answers the session it describes. */
export async function login(r: LoginRequest): Promise<Session> {
  const url = `${r.authUrl}/auth/tokens`;
  const path = new URL(url).pathname;
  const operation = `keystone.${r.method}`;
  const ex = await send(r.transport, {
    method: 'POST',
    url,
    path,
    operation,
    // Issuing a token changes nothing that a second try could break.
    idempotent: true,
    headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
    body: JSON.stringify(bodyOf(r)),
  });
  const parsed = parseBody(ex.text);
  const requestId = requestIdOf(ex.headers);
  if (ex.status !== 201 && ex.status !== 200) {
    const fault = faultOf(parsed);
    throw apiErrorFor({
      status: ex.status,
      method: 'POST',
      path,
      operation,
      code: fault.code,
      serverMessage: fault.message ?? (typeof parsed === 'string' ? parsed : undefined),
      requestId,
      retryAfter: parseRetryAfter(ex.headers.get('retry-after')),
      headers: ex.headers,
      body: parsed,
    });
  }
  const token = ex.headers.get('x-subject-token');
  const t = (parsed as TokenBody | undefined)?.token;
  if (!token || !t || typeof t !== 'object') throw new InvalidResponseError('POST', path, ex.status, requestId, 'no token in the answer', operation);
  registerSecret(token);
  const received = r.now();
  const expires = t.expires_at ? Date.parse(t.expires_at) : Number.NaN;
  const issued = t.issued_at ? Date.parse(t.issued_at) : Number.NaN;
  // The lifetime Keystone gave, measured on Keystone's own clock, then laid
  // on ours: a skewed clock neither expires a fresh token nor keeps a dead one.
  let lifetimeMs = Number.POSITIVE_INFINITY;
  if (!Number.isNaN(expires)) lifetimeMs = Number.isNaN(issued) ? expires - received : expires - issued;
  // A token that looks dead on arrival is used for a short while anyway: if
  // it really is, Manila's 401 drops it; logging in on every call would not help.
  lifetimeMs = Math.max(lifetimeMs, MIN_TOKEN_LIFETIME_MS);
  const catalog = Array.isArray(t.catalog) ? t.catalog : [];
  return { token, expiresAt: received + lifetimeMs, lifetimeMs, projectId: t.project?.id, catalog };
}

// Keystone v3 authentication for the client: options, the token cache shared
// by concurrent callers, and the Manila endpoint from the service catalog.
// The login exchange itself is in keystone-login.ts, loaded on first use.
// Secrets live in private fields and never reach messages or inspect output.
import { ManilaError, ValidationError } from './errors.js';
import { registerSecret } from './redaction.js';
import { awaitShared } from './shared-work.js';
import { checkTimeout, DEFAULT_MAX_RESPONSE_BYTES, DEFAULT_RETRY, fetchLike, type RetryOptions, type TransportOptions } from './transport.js';

/** Service types Manila is registered under, the official one first. */
export const SHARED_FILE_SYSTEM_SERVICE_TYPES = ['shared-file-system', 'sharev2', 'share'] as const;

export type EndpointInterface = 'public' | 'internal' | 'admin';

export interface KeystoneAuthOptions {
  /** Keystone's URL, with or without `/v3`. */
  authUrl: string;
  /** Inferred when left out: a secret means an application credential, a password means password, a token means token. */
  method?: 'password' | 'applicationCredential' | 'token';

  username?: string;
  userId?: string;
  userDomainName?: string;
  userDomainId?: string;
  password?: string;

  applicationCredentialId?: string;
  applicationCredentialName?: string;
  applicationCredentialSecret?: string;

  /** An existing token to re-scope (method `token`). */
  token?: string;

  projectId?: string;
  projectName?: string;
  projectDomainName?: string;
  projectDomainId?: string;
  /** Domain scope (when no project is given). */
  domainId?: string;
  domainName?: string;
  /** System scope; `all` is the only system Keystone knows. */
  systemScope?: string;
  /** Fills in a missing user or project domain id, as openstacksdk's `default_domain` does. */
  defaultDomain?: string;

  /** Catalog interface. Default `public`. */
  interface?: EndpointInterface | 'publicURL' | 'internalURL' | 'adminURL';
  regionName?: string;
  /** Only this catalog type; default: shared-file-system, then sharev2, then share. */
  serviceType?: string;
  /** Use this endpoint instead of the catalog's (templates are filled in). */
  endpointOverride?: string;

  fetch?: (input: Request) => Promise<Response>;
  /** Time limit of one request to Keystone, in ms. Default 30000. */
  timeoutMs?: number;
  /** Re-authenticate this long before the token expires. Default 30000 ms. */
  expiryMarginMs?: number;
  retries?: RetryOptions;
  /** Clock, for tests. */
  now?: () => number;
}

export interface CatalogEndpoint {
  interface?: string;
  region?: string;
  region_id?: string;
  url?: string;
}
export interface CatalogEntry {
  type?: string;
  name?: string;
  endpoints?: CatalogEndpoint[];
}
export interface Session {
  token: string;
  /** By our clock: receipt time plus the lifetime Keystone gave the token. */
  expiresAt: number;
  /** How long the token lives, as Keystone issued it. */
  lifetimeMs: number;
  projectId?: string;
  catalog: CatalogEntry[];
}

/** A token is used at least this long, whatever margin the caller chose. */
const MIN_TOKEN_USE_MS = 5_000;

const TEMPLATE = /[%$]\((project_id|tenant_id)\)s/g;
const HAS_TEMPLATE = /[%$]\((project_id|tenant_id)\)s/;

function v3Url(authUrl: string): string {
  const base = authUrl.replace(/\/+$/, '');
  if (/\/v3$/.test(base)) return base;
  if (/\/v2\.0$/.test(base)) return base.replace(/\/v2\.0$/, '/v3');
  return `${base}/v3`;
}

/** Fills `%(project_id)s`-style placeholders of an endpoint URL. */
export function fillEndpointTemplate(url: string, projectId: string | undefined): string {
  if (!HAS_TEMPLATE.test(url)) return url;
  if (!projectId) throw new ManilaError(`the endpoint ${url} needs a project id, but the token is not project-scoped`);
  return url.replace(TEMPLATE, projectId);
}

/**
 * Picks Manila's v2 endpoint from a v3 catalog. Among the Manila service
 * types, an endpoint whose URL is v2 wins; a v1-only one is turned into v2,
 * which Manila serves beside it.
 */
export function endpointFromCatalog(
  catalog: CatalogEntry[],
  opts: { interface?: string; regionName?: string; serviceType?: string },
): string {
  const iface = (opts.interface ?? 'public').replace(/URL$/, '');
  const types: readonly string[] = opts.serviceType ? [opts.serviceType] : SHARED_FILE_SYSTEM_SERVICE_TYPES;
  const found: Array<{ rank: number; url: string }> = [];
  for (const entry of catalog) {
    const rank = types.indexOf(entry.type ?? '');
    if (rank < 0) continue;
    for (const ep of entry.endpoints ?? []) {
      if (!ep.url || ep.interface !== iface) continue;
      if (opts.regionName && ep.region_id !== opts.regionName && ep.region !== opts.regionName) continue;
      const isV2 = /\/v2(\/|$)/.test(ep.url);
      found.push({ rank: rank + (isV2 ? 0 : 10), url: ep.url });
    }
  }
  if (!found.length) {
    const offered = catalog
      .map((e) => `${e.type}(${[...new Set((e.endpoints ?? []).map((x) => `${x.interface}@${x.region_id ?? x.region ?? '-'}`))].join(',')})`)
      .join(' ');
    const where = `${types.join('/')} with interface ${iface}${opts.regionName ? ` in region ${opts.regionName}` : ''}`;
    throw new ManilaError(`the service catalog has no ${where}; it offers: ${offered || 'nothing'}`);
  }
  found.sort((a, b) => a.rank - b.rank);
  const url = found[0].url;
  return /\/v1(\/|$)/.test(url) ? url.replace(/\/v1(\/|$)/, '/v2$1') : url;
}

/** Keystone v3 auth for the Manila client: tokens, re-authentication and the catalog. */
export class KeystoneAuth {
  readonly authUrl: string;
  readonly method: 'password' | 'applicationCredential' | 'token';
  #secret: { password?: string; applicationCredentialSecret?: string; token?: string };
  #opts: KeystoneAuthOptions;
  #session?: Session;
  #inflight?: Promise<Session>;
  #transport: TransportOptions;
  #now: () => number;

  constructor(options: KeystoneAuthOptions) {
    if (!options?.authUrl) throw new ValidationError('KeystoneAuth', 'authUrl is required');
    const method =
      options.method ??
      (options.applicationCredentialSecret ? 'applicationCredential' : options.password !== undefined ? 'password' : options.token ? 'token' : undefined);
    if (!method) throw new ValidationError('KeystoneAuth', 'give a password, an application credential secret or a token');
    this.method = method;
    try {
      this.authUrl = v3Url(new URL(options.authUrl).toString());
    } catch {
      throw new ValidationError('KeystoneAuth', `authUrl "${options.authUrl}" is not a URL`);
    }
    this.#secret = { password: options.password, applicationCredentialSecret: options.applicationCredentialSecret, token: options.token };
    for (const v of Object.values(this.#secret)) registerSecret(v);
    const { password: _p, applicationCredentialSecret: _s, token: _t, ...rest } = options;
    this.#opts = rest;
    this.#transport = {
      fetch: fetchLike(options.fetch),
      timeoutMs: checkTimeout('KeystoneAuth', options.timeoutMs ?? 30_000),
      retry: { ...DEFAULT_RETRY, ...options.retries },
      maxResponseBytes: DEFAULT_MAX_RESPONSE_BYTES,
    };
    this.#now = options.now ?? Date.now;
    this.#validate();
  }

  #validate(): void {
    const o = this.#opts;
    const fail = (why: string) => {
      throw new ValidationError('KeystoneAuth', why);
    };
    if (this.method === 'password') {
      if (!this.#secret.password) fail('password auth needs a password');
      if (!o.userId && !o.username) fail('password auth needs a userId or a username');
      if (!o.userId && !o.userDomainId && !o.userDomainName && !o.defaultDomain) fail('a username needs userDomainName or userDomainId');
    } else if (this.method === 'applicationCredential') {
      if (!this.#secret.applicationCredentialSecret) fail('application credential auth needs applicationCredentialSecret');
      if (!o.applicationCredentialId && !o.applicationCredentialName) fail('give applicationCredentialId, or applicationCredentialName with the user');
      if (!o.applicationCredentialId && !o.userId && !o.username) fail('an application credential name needs its user (userId, or username with its domain)');
      if (!o.applicationCredentialId && !o.userId && !o.userDomainId && !o.userDomainName && !o.defaultDomain) {
        fail('an application credential user name needs userDomainName or userDomainId');
      }
    } else if (!this.#secret.token) {
      fail('token auth needs a token');
    }
    if (o.projectName && !o.projectDomainId && !o.projectDomainName && !o.defaultDomain) fail('a projectName needs projectDomainName or projectDomainId');
  }

  // Runs under Keystone's own time limit, not a caller's: callers share it,
  // and each waits for it only as long as its own signal allows. The login
  // code is loaded on first use: a client given a token never needs it.
  async #authenticate(): Promise<Session> {
    const { login } = await import('./keystone-login.js');
    return login({ authUrl: this.authUrl, method: this.method, options: this.#opts, secret: this.#secret, transport: this.#transport, now: this.#now });
  }

  #fresh(): Session | undefined {
    const s = this.#session;
    if (!s) return undefined;
    // Refresh ahead of expiry, but never so early that a short-lived token
    // is thrown away on every call: the default margin is at most half the
    // token's lifetime, a margin the caller chose leaves it a few seconds.
    const given = this.#opts.expiryMarginMs;
    const margin = given === undefined ? Math.min(30_000, s.lifetimeMs / 2) : Math.min(given, s.lifetimeMs - MIN_TOKEN_USE_MS);
    return this.#now() + margin < s.expiresAt ? s : undefined;
  }

  #current(signal?: AbortSignal): Promise<Session> {
    const fresh = this.#fresh();
    if (fresh) return Promise.resolve(fresh);
    // Concurrent callers share one authentication.
    this.#inflight ??= this.#authenticate().then(
      (s) => {
        this.#session = s;
        this.#inflight = undefined;
        return s;
      },
      (err: unknown) => {
        this.#inflight = undefined;
        throw err;
      },
    );
    return awaitShared(this.#inflight, { signal, what: 'authenticating with Keystone' });
  }

  async getToken(signal?: AbortSignal): Promise<string> {
    return (await this.#current(signal)).token;
  }

  /** The current token while it is fresh, without waiting. */
  peekToken(): string | undefined {
    return this.#fresh()?.token;
  }

  /**
   * Forgets the token, so the next call authenticates again. Given the token
   * that was refused, forgets it only if it is still the current one: twenty
   * calls refused at once cause one new login, not twenty.
   */
  invalidate(refused?: string): void {
    if (refused === undefined || this.#session?.token === refused) this.#session = undefined;
  }

  /** The Manila endpoint: the override, or the catalog's. */
  async getEndpoint(signal?: AbortSignal): Promise<string> {
    const o = this.#opts;
    if (o.endpointOverride && !HAS_TEMPLATE.test(o.endpointOverride)) return o.endpointOverride;
    const s = await this.#current(signal);
    if (o.endpointOverride) return fillEndpointTemplate(o.endpointOverride, s.projectId);
    return fillEndpointTemplate(endpointFromCatalog(s.catalog, o), s.projectId);
  }

  /** The project the current token is scoped to, once authenticated. */
  get projectId(): string | undefined {
    return this.#session?.projectId;
  }

  /** When the current token expires (ms since the epoch), if there is one. */
  get expiresAt(): number | undefined {
    return this.#session?.expiresAt;
  }

  #describe(): string {
    const o = this.#opts;
    const who = o.userId ?? (o.username ? `${o.username}` : undefined) ?? o.applicationCredentialId ?? o.applicationCredentialName;
    const scope = o.projectId ?? o.projectName ?? o.domainId ?? o.domainName ?? (o.systemScope ? `system:${o.systemScope}` : undefined);
    return `KeystoneAuth { authUrl: '${this.authUrl}', method: '${this.method}'${who ? `, user: '${who}'` : ''}${scope ? `, scope: '${scope}'` : ''} }`;
  }

  toString(): string {
    return this.#describe();
  }

  toJSON(): unknown {
    return this.#describe();
  }

  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return this.#describe();
  }
}

// Keystone v3 authentication and the Manila endpoint from the service catalog.
// Secrets live in private fields and never reach messages or inspect output.
import { apiErrorFor, ManilaError, ValidationError } from './errors.js';
import { DEFAULT_RETRY, withRetries, type RetryOptions } from './transport.js';

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

interface CatalogEndpoint {
  interface?: string;
  region?: string;
  region_id?: string;
  url?: string;
}
interface CatalogEntry {
  type?: string;
  name?: string;
  endpoints?: CatalogEndpoint[];
}
interface TokenBody {
  token?: {
    expires_at?: string;
    project?: { id?: string; name?: string };
    domain?: { id?: string };
    system?: unknown;
    user?: { id?: string; name?: string };
    catalog?: CatalogEntry[];
  };
}

interface Session {
  token: string;
  expiresAt: number;
  projectId?: string;
  catalog: CatalogEntry[];
}

const TEMPLATE = /[%$]\((project_id|tenant_id)\)s/g;
const HAS_TEMPLATE = /[%$]\((project_id|tenant_id)\)s/;

function v3Url(authUrl: string): string {
  const base = authUrl.replace(/\/+$/, '');
  if (/\/v3$/.test(base)) return base;
  if (/\/v2\.0$/.test(base)) return base.replace(/\/v2\.0$/, '/v3');
  return `${base}/v3`;
}

function domainRef(id: string | undefined, name: string | undefined, fallback: string | undefined) {
  if (id) return { id };
  if (name) return { name };
  if (fallback) return { id: fallback };
  return undefined;
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
  #fetch: (input: Request) => Promise<Response>;
  #now: () => number;

  constructor(options: KeystoneAuthOptions) {
    if (!options?.authUrl) throw new ValidationError('KeystoneAuth', 'authUrl is required');
    const method =
      options.method ??
      (options.applicationCredentialSecret ? 'applicationCredential' : options.password !== undefined ? 'password' : options.token ? 'token' : undefined);
    if (!method) throw new ValidationError('KeystoneAuth', 'give a password, an application credential secret or a token');
    this.method = method;
    this.authUrl = v3Url(options.authUrl);
    this.#secret = { password: options.password, applicationCredentialSecret: options.applicationCredentialSecret, token: options.token };
    const { password: _p, applicationCredentialSecret: _s, token: _t, ...rest } = options;
    this.#opts = rest;
    this.#fetch = options.fetch ?? ((req: Request) => globalThis.fetch(req));
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

  #user() {
    const o = this.#opts;
    if (o.userId) return { id: o.userId };
    return { name: o.username, domain: domainRef(o.userDomainId, o.userDomainName, o.defaultDomain) };
  }

  #scope(): Record<string, unknown> | undefined {
    const o = this.#opts;
    // Application credentials carry their own scope; Keystone refuses another.
    if (this.method === 'applicationCredential') return undefined;
    if (o.projectId) return { project: { id: o.projectId } };
    if (o.projectName) return { project: { name: o.projectName, domain: domainRef(o.projectDomainId, o.projectDomainName, o.defaultDomain) } };
    if (o.domainId) return { domain: { id: o.domainId } };
    if (o.domainName) return { domain: { name: o.domainName } };
    if (o.systemScope) return { system: { [o.systemScope]: true } };
    return undefined;
  }

  #body(): unknown {
    const o = this.#opts;
    let identity: Record<string, unknown>;
    if (this.method === 'password') {
      identity = { methods: ['password'], password: { user: { ...this.#user(), password: this.#secret.password } } };
    } else if (this.method === 'applicationCredential') {
      const cred = o.applicationCredentialId
        ? { id: o.applicationCredentialId, secret: this.#secret.applicationCredentialSecret }
        : { name: o.applicationCredentialName, user: this.#user(), secret: this.#secret.applicationCredentialSecret };
      identity = { methods: ['application_credential'], application_credential: cred };
    } else {
      identity = { methods: ['token'], token: { id: this.#secret.token } };
    }
    const scope = this.#scope();
    return { auth: scope ? { identity, scope } : { identity } };
  }

  async #authenticate(signal?: AbortSignal): Promise<Session> {
    const url = `${this.authUrl}/auth/tokens`;
    const path = new URL(url).pathname;
    const ctx = {
      method: 'POST',
      path,
      // Issuing a token changes nothing that a second try could break.
      idempotent: true,
      timeoutMs: this.#opts.timeoutMs ?? 30_000,
      signal,
      retry: { ...DEFAULT_RETRY, ...this.#opts.retries },
    };
    const body = JSON.stringify(this.#body());
    const { response, text } = await withRetries(ctx, async (s) => {
      const response = await this.#fetch(
        new Request(url, { method: 'POST', headers: { 'Content-Type': 'application/json', Accept: 'application/json' }, body, signal: s }),
      );
      return { response, text: await response.text() };
    });
    let parsed: unknown;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      parsed = undefined;
    }
    if (response.status !== 201 && response.status !== 200) {
      const err = (parsed as { error?: { message?: string; title?: string } } | undefined)?.error;
      throw apiErrorFor({
        status: response.status,
        method: 'POST',
        path,
        operation: `keystone.${this.method}`,
        code: err?.title,
        serverMessage: err?.message,
        requestId: response.headers.get('x-openstack-request-id') ?? undefined,
      });
    }
    const token = response.headers.get('x-subject-token');
    const t = (parsed as TokenBody | undefined)?.token;
    if (!token || !t) throw new ManilaError(`Keystone at ${this.authUrl} answered without a token (HTTP ${response.status})`);
    const expiresAt = t.expires_at ? Date.parse(t.expires_at) : Number.POSITIVE_INFINITY;
    return { token, expiresAt: Number.isNaN(expiresAt) ? Number.POSITIVE_INFINITY : expiresAt, projectId: t.project?.id, catalog: t.catalog ?? [] };
  }

  #fresh(): Session | undefined {
    const s = this.#session;
    if (!s) return undefined;
    const margin = this.#opts.expiryMarginMs ?? 30_000;
    return this.#now() + margin < s.expiresAt ? s : undefined;
  }

  async #current(signal?: AbortSignal): Promise<Session> {
    const fresh = this.#fresh();
    if (fresh) return fresh;
    // Concurrent callers share one authentication.
    this.#inflight ??= this.#authenticate(signal).then(
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
    return this.#inflight;
  }

  async getToken(signal?: AbortSignal): Promise<string> {
    return (await this.#current(signal)).token;
  }

  /** Forgets the token; the next call authenticates again. */
  invalidate(): void {
    this.#session = undefined;
  }

  /** The Manila endpoint: the override, or the catalog's. */
  async getEndpoint(signal?: AbortSignal): Promise<string> {
    const o = this.#opts;
    if (o.endpointOverride && !HAS_TEMPLATE.test(o.endpointOverride)) return o.endpointOverride;
    const s = await this.#current(signal);
    if (o.endpointOverride) return fillEndpointTemplate(o.endpointOverride, s.projectId);
    return fillEndpointTemplate(endpointFromCatalog(s.catalog, o), s.projectId);
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

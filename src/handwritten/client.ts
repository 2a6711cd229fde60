// The client: turns the generated tables into callable groups, and gives each
// call negotiation, validation, auth, retries and typed errors.
import createClient from 'openapi-fetch';
import type { paths } from '../generated/openapi.js';
import { MAX_KNOWN_VERSION, operations } from '../generated/operations.js';
import { methodTable, type GeneratedApi } from '../generated/methods.js';
import type { ActionSpec, BodyRule, MethodSpec, OperationSpec, RequestOptions, VersionRange } from './operation-spec.js';
import { apiErrorFor, ManilaApiError, ManilaError, MicroversionError, ValidationError } from './errors.js';
import { chooseVersion, compareVersions, experimentalAt, inRange, parseVersion, versionDocumentUrl, type NegotiatedVersion } from './microversion.js';
import { DEFAULT_RETRY, withRetries, type RetryOptions } from './transport.js';
import { paginate } from './pagination.js';
import { createWaiters, type Waiters } from './waiters.js';

export const VERSION_HEADER = 'X-OpenStack-Manila-API-Version';
export const EXPERIMENTAL_HEADER = 'X-OpenStack-Manila-API-Experimental';

/** Supplies tokens. Keystone auth implements it; a static token is the simplest one. */
export interface AuthProvider {
  getToken(signal?: AbortSignal): Promise<string>;
  /** Drop the cached token; the next getToken() authenticates anew. Enables one retry on 401. */
  invalidate?(): void;
  /** The Manila endpoint, for providers that find it (KeystoneAuth reads the catalog). */
  getEndpoint?(signal?: AbortSignal): Promise<string>;
}

export interface ManilaClientOptions {
  /**
   * The Manila v2 endpoint, e.g. `http://127.0.0.1:8786/v2` (a trailing
   * project id is fine). Optional when `auth` finds it in the catalog.
   */
  endpoint?: string;
  /** A static token. Give this or `auth`. */
  token?: string;
  auth?: AuthProvider;
  /** Pin a microversion instead of negotiating; nothing is asked of the server up front. */
  microversion?: string;
  /** Highest version to negotiate; defaults to the highest the spec describes. */
  maxMicroversion?: string;
  fetch?: (input: Request) => Promise<Response>;
  /** Time limit of each attempt in ms. Default 60000. */
  timeoutMs?: number;
  /** Retry policy for calls that cannot change anything; a number is maxAttempts. */
  retries?: number | RetryOptions;
  /** Jitter source, for tests. */
  random?: () => number;
}

export interface ManilaClient extends GeneratedApi {
  /** The Manila endpoint in use (looked up in the catalog on first use when not given). */
  endpoint(): Promise<string>;
  /** Negotiates on first use; later calls reuse the result. */
  microversion(): Promise<NegotiatedVersion>;
  /** Polls resources until they reach a state, fail, or vanish. */
  readonly waitFor: Waiters;
}

type Json = Record<string, unknown>;

/** A token you already have, kept out of logs and inspect output. */
export class StaticToken implements AuthProvider {
  #token: string;
  constructor(token: string) {
    this.#token = token;
  }
  async getToken(): Promise<string> {
    return this.#token;
  }
  toString(): string {
    return 'StaticToken(hidden)';
  }
}

function isPlainObject(v: unknown): v is Json {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

// Manila parses dict filters (metadata, extra_specs) from a JSON/Python
// literal string, and booleans from "true"/"false".
function serializeQuery(query: Record<string, unknown>): string {
  const parts: string[] = [];
  for (const [k, v] of Object.entries(query)) {
    if (v === undefined || v === null) continue;
    const enc = (x: string) => `${encodeURIComponent(k)}=${encodeURIComponent(x)}`;
    if (Array.isArray(v)) for (const item of v) parts.push(enc(String(item)));
    else if (isPlainObject(v)) parts.push(enc(JSON.stringify(v)));
    else parts.push(enc(String(v)));
  }
  return parts.join('&');
}

function faultOf(body: unknown): { code?: string; message?: string } {
  if (isPlainObject(body)) {
    const keys = Object.keys(body);
    const inner = body[keys[0]];
    if (keys.length === 1 && isPlainObject(inner) && typeof inner.message === 'string') {
      return { code: keys[0], message: inner.message };
    }
  }
  return {};
}

export function createManilaClient(options: ManilaClientOptions): ManilaClient {
  if (!options?.token && !options?.auth) throw new ValidationError('createManilaClient', 'give a token or an auth provider');
  if (!options.endpoint && !options.auth?.getEndpoint) {
    throw new ValidationError('createManilaClient', 'endpoint is required unless the auth provider finds it (KeystoneAuth)');
  }
  if (options.microversion) parseVersion(options.microversion);
  const auth: AuthProvider = options.auth ?? new StaticToken(options.token!);
  const doFetch = options.fetch ?? ((req: Request) => globalThis.fetch(req));
  const timeoutMs = options.timeoutMs ?? 60_000;
  const retry = {
    ...DEFAULT_RETRY,
    ...(typeof options.retries === 'number' ? { maxAttempts: Math.max(1, options.retries) } : options.retries),
  };
  const clientMax = options.maxMicroversion ?? MAX_KNOWN_VERSION;
  const connect = (url: string) => {
    const endpoint = url.replace(/\/+$/, '');
    return { endpoint, http: createClient<paths>({ baseUrl: endpoint, fetch: (req) => doFetch(req), querySerializer: serializeQuery }) };
  };
  type Connection = ReturnType<typeof connect>;
  let known: Connection | undefined = options.endpoint ? connect(options.endpoint) : undefined;
  let discovering: Promise<Connection> | undefined;
  async function connection(signal?: AbortSignal): Promise<Connection> {
    if (known) return known;
    discovering ??= auth.getEndpoint!(signal).then(
      (url) => (known = connect(url)),
      (err: unknown) => {
        discovering = undefined;
        throw err;
      },
    );
    return discovering;
  }

  interface Raw {
    status: number;
    body: unknown;
    headers: Headers;
  }

  /** One logical HTTP call with auth, retries and error mapping. */
  async function exchange(
    label: string,
    method: string,
    path: string,
    init: { pathParams?: Record<string, string>; query?: Json; body?: unknown; headers?: Record<string, string> },
    opts: RequestOptions | undefined,
    absoluteUrl?: string,
  ): Promise<Raw> {
    const ctx = { method, path, timeoutMs: opts?.timeoutMs ?? timeoutMs, signal: opts?.signal, retry, random: options.random };
    const { http } = await connection(opts?.signal);
    for (let authTry = 0; ; authTry++) {
      const token = await auth.getToken(opts?.signal);
      const headers = { 'X-Auth-Token': token, Accept: 'application/json', ...init.headers, ...opts?.headers };
      const { response, text } = await withRetries(ctx, async (signal) => {
        if (absoluteUrl) {
          const response = await doFetch(new Request(absoluteUrl, { method, headers, signal }));
          return { response, text: await response.text() };
        }
        const r = await http.request(method.toLowerCase() as 'get', path as '/', {
          params: { path: init.pathParams, query: init.query } as never,
          body: init.body as never,
          headers,
          signal,
          parseAs: 'text',
        });
        // openapi-fetch parses error bodies itself; success bodies come as text.
        return { response: r.response, text: (r.data ?? r.error ?? '') as unknown };
      });
      let body: unknown = typeof text === 'string' ? undefined : text;
      if (typeof text === 'string' && text) {
        try {
          body = JSON.parse(text);
        } catch {
          body = text;
        }
      }
      if (response.ok || response.status === 300) return { status: response.status, body, headers: response.headers };
      // A 401 is answered before the request is acted on, so one retry with
      // a fresh token is safe for any method.
      if (response.status === 401 && auth.invalidate && authTry === 0) {
        auth.invalidate();
        continue;
      }
      const fault = faultOf(body);
      const retryAfter = response.headers.get('retry-after');
      throw apiErrorFor({
        status: response.status,
        method,
        path,
        operation: label,
        code: fault.code,
        serverMessage: fault.message ?? (typeof body === 'string' ? body.slice(0, 300) : undefined),
        requestId: response.headers.get('x-openstack-request-id') ?? response.headers.get('x-compute-request-id') ?? undefined,
        retryAfter: retryAfter && /^\d+$/.test(retryAfter) ? Number(retryAfter) : undefined,
      });
    }
  }

  let negotiation: Promise<NegotiatedVersion> | undefined;
  function microversion(): Promise<NegotiatedVersion> {
    if (options.microversion) return Promise.resolve({ version: options.microversion });
    negotiation ??= (async () => {
      const url = versionDocumentUrl((await connection()).endpoint);
      const raw = await exchange('versions.discover', 'GET', new URL(url).pathname, {}, undefined, url);
      const versions = (raw.body as { versions?: Array<{ version?: string; min_version?: string }> })?.versions;
      const v2 = versions?.find((v) => v.version) ?? versions?.[0];
      if (!v2?.version) {
        throw new ManilaError(`the version document at ${url} names no microversion (HTTP ${raw.status})`);
      }
      const serverMin = v2.min_version || '2.0';
      const serverMax = v2.version;
      try {
        return { version: chooseVersion({ min: serverMin, max: serverMax }, clientMax), serverMin, serverMax };
      } catch (err) {
        throw new ManilaError((err as Error).message);
      }
    })();
    // A failed negotiation is not cached: the next call asks again.
    negotiation.catch(() => {
      negotiation = undefined;
    });
    return negotiation;
  }

  function checkRange(label: string, range: VersionRange, nv: NegotiatedVersion, detail?: string) {
    if (!inRange(nv.version, range)) throw new MicroversionError(label, range, nv.version, nv.serverMax, detail);
  }

  function checkBody(label: string, rule: BodyRule | undefined, input: unknown, nv: NegotiatedVersion, at = '') {
    if (!rule) return;
    if (input !== undefined && !isPlainObject(input)) throw new ValidationError(label, `${at ? `"${at.slice(0, -1)}"` : 'input'} must be an object`);
    const obj = (input ?? {}) as Json;
    // Manila ignores many unknown fields silently; a misspelt one would be lost.
    if (rule.known) {
      const unknown = Object.keys(obj).filter((k) => obj[k] !== undefined && !rule.known!.includes(k));
      if (unknown.length) {
        const names = unknown.map((k) => `"${at}${k}"`).join(', ');
        throw new ValidationError(label, `unknown field${unknown.length > 1 ? 's' : ''} ${names} (${at ? `"${at.slice(0, -1)}" takes` : 'this call takes'} ${rule.known.join(', ')})`);
      }
    }
    for (const field of rule.required) {
      if (obj[field] === undefined) throw new ValidationError(label, `missing required field "${at}${field}"`);
    }
    for (const [field, range] of Object.entries(rule.versioned)) {
      if (obj[field] !== undefined) checkRange(label, range, nv, `field "${at}${field}"`);
    }
    for (const [field, inner] of Object.entries(rule.nested ?? {})) {
      if (obj[field] !== undefined && obj[field] !== null) checkBody(label, inner, obj[field], nv, `${at}${field}.`);
    }
  }

  function checkQuery(label: string, op: OperationSpec, query: unknown, nv: NegotiatedVersion) {
    if (query !== undefined && !isPlainObject(query)) throw new ValidationError(label, 'query must be an object');
    const obj = (query ?? {}) as Json;
    for (const [name, rule] of Object.entries(op.query)) {
      if (rule.required && obj[name] === undefined) throw new ValidationError(label, `missing required filter "${name}"`);
      if (obj[name] !== undefined) checkRange(label, rule, nv, `filter "${name}"`);
    }
  }

  function pick(label: string, spec: MethodSpec, nv: NegotiatedVersion) {
    const v = spec.variants.find((x) => inRange(nv.version, x));
    if (!v) {
      // Report the widest range the method has across its variants.
      const mins = spec.variants.map((x) => x.min ?? '2.0').sort(compareVersions);
      const maxes = spec.variants.map((x) => x.max);
      const range = { min: mins[0], max: maxes.includes(undefined) ? undefined : maxes.sort((a, b) => compareVersions(a!, b!)).at(-1) };
      throw new MicroversionError(label, range.min === '2.0' ? { max: range.max } : range, nv.version, nv.serverMax);
    }
    const op = operations[v.op];
    return { op, action: v.action ? (op.actions![v.action] as ActionSpec) : undefined };
  }

  function pathValues(label: string, spec: MethodSpec, args: unknown[]): Record<string, string> {
    const out: Record<string, string> = {};
    spec.pathParams.forEach((name, i) => {
      const v = args[i];
      if ((typeof v !== 'string' && typeof v !== 'number') || String(v) === '') {
        throw new ValidationError(label, `"${name}" must be a non-empty string`);
      }
      out[name] = String(v);
    });
    return out;
  }

  /** Whether the newest variant takes an input argument (the types follow it). */
  function takesInput(spec: MethodSpec): boolean {
    const v = spec.variants[0];
    const op = operations[v.op];
    if (v.action) return op.actions![v.action].body !== undefined;
    return op.body !== undefined || Object.keys(op.query).length > 0;
  }

  async function callOperation(
    label: string,
    op: OperationSpec,
    action: ActionSpec | undefined,
    params: Record<string, string>,
    input: unknown,
    opts: RequestOptions | undefined,
    nv: NegotiatedVersion,
  ): Promise<unknown> {
    checkRange(label, op, nv);
    let body: unknown;
    let query: Json | undefined;
    if (action) {
      checkRange(label, action, nv);
      checkBody(label, action.body, input, nv);
      body = { [action.key]: action.body ? (input ?? {}) : null };
    } else if (op.body) {
      checkBody(label, op.body, input, nv);
      body = op.body.wrap ? { [op.body.wrap]: input ?? {} } : (input ?? {});
      for (const key of op.body.copies ?? []) (body as Json)[key] = input ?? {};
    } else {
      checkQuery(label, op, input, nv);
      query = input as Json | undefined;
    }
    const headers: Record<string, string> = { [VERSION_HEADER]: nv.version };
    if (experimentalAt(action ? action.experimental : op.experimental, nv.version)) headers[EXPERIMENTAL_HEADER] = 'True';
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    // The version document sits beside a project-scoped endpoint, not under it.
    const absolute = op.path === '/' ? versionDocumentUrl((await connection(opts?.signal)).endpoint) : undefined;
    const raw = await exchange(label, op.httpMethod, op.path, { pathParams: params, query, body, headers }, opts, absolute);
    if (action) {
      if (!action.response) return undefined;
      const data = raw.body as Json | undefined;
      return action.response.unwrap ? data?.[action.response.unwrap] : data;
    }
    if (!op.jsonStatus) return undefined;
    const data = raw.body as Json | undefined;
    return op.unwrap ? data?.[op.unwrap] : data;
  }

  const client = {
    endpoint: async () => (await connection()).endpoint,
    microversion,
  } as Record<string, unknown>;

  for (const [group, methods] of Object.entries(methodTable)) {
    const api: Record<string, unknown> = {};
    for (const [name, spec] of Object.entries(methods)) {
      const label = `${group}.${name}`;
      if (spec.kind === 'paginate') {
        api[name] = (...args: unknown[]) => {
          const params = pathValues(label, spec, args);
          const [query, opts] = args.slice(spec.pathParams.length) as [Json | undefined, RequestOptions | undefined];
          return paginate(label, async (q, o) => {
            const nv = await microversion();
            const { op } = pick(label, spec, nv);
            return callOperation(label, op, undefined, params, q, o, nv) as Promise<Json>;
          }, operations[spec.variants[0].op].paginate!.items, query, opts);
        };
        continue;
      }
      const hasInput = takesInput(spec);
      api[name] = async (...args: unknown[]) => {
        const params = pathValues(label, spec, args);
        const rest = args.slice(spec.pathParams.length);
        const input = hasInput ? rest[0] : undefined;
        const opts = (hasInput ? rest[1] : rest[0]) as RequestOptions | undefined;
        const nv = await microversion();
        const { op, action } = pick(label, spec, nv);
        return callOperation(label, op, action, params, input, opts, nv);
      };
    }
    client[group] = api;
  }
  client.waitFor = createWaiters(client as unknown as ManilaClient);
  Object.defineProperty(client, Symbol.for('nodejs.util.inspect.custom'), {
    value: () => `ManilaClient { endpoint: '${known?.endpoint ?? '(from the catalog)'}' }`,
  });
  Object.defineProperty(client, 'toString', { value: () => `ManilaClient(${known?.endpoint ?? 'endpoint from the catalog'})` });
  return client as unknown as ManilaClient;
}

export { ManilaApiError };

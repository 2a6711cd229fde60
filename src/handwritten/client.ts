// createManilaClient: assembles the pieces (access, transport, negotiation,
// dispatch, waiters, conveniences, the escape hatch) from the options. The
// life of one call is told at the top of dispatch.ts.
import { convenienceTable, MAX_KNOWN_VERSION, methodTable, SDK_VERSION, waiterTable } from '../generated/table.js';
import type { GeneratedApi, GeneratedWaiters } from '../generated/methods.js';
import { createAccess, type AuthProvider } from './access.js';
import { addConveniences } from './conveniences.js';
import { methodOf, type DispatchContext } from './dispatch.js';
import { methodsOf } from './operation-spec.js';
import { ValidationError } from './errors.js';
import type { Logger } from './logger.js';
import { parseVersion, type NegotiatedVersion } from './microversion.js';
import { createNegotiation } from './negotiation.js';
import { createRawRequest, type RawRequest } from './raw-request.js';
import { checkTimeout, DEFAULT_MAX_RESPONSE_BYTES, DEFAULT_RETRY, fetchLike, type RetryOptions } from './transport.js';
import type { WaiterHost } from './waiters.js';

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
  /** A fetch to use instead of the global one; it receives a Request. */
  fetch?: (input: Request) => Promise<Response>;
  /** Time limit of each attempt in ms. Default 60000. */
  timeoutMs?: number;
  /** Retry policy for calls that cannot change anything; a number is maxAttempts. */
  retries?: number | RetryOptions;
  /** Largest answer body read, in bytes. Default 32 MiB. */
  maxResponseBytes?: number;
  /** Appended to the User-Agent (`manila-sdk/<version> node/<version>`). */
  userAgent?: string;
  /** Where the SDK reports requests, retries and failures; records never hold credentials. */
  logger?: Logger;
  /** Jitter source, for tests. */
  random?: () => number;
}

export interface ManilaClient extends GeneratedApi {
  /** The Manila endpoint in use (looked up in the catalog on first use when not given). */
  endpoint(): Promise<string>;
  /** Negotiates on first use; later calls reuse the result. */
  microversion(): Promise<NegotiatedVersion>;
  /** Polls resources until they reach a state, fail, or vanish. */
  readonly waitFor: GeneratedWaiters;
  /** Any route, typed from the spec where it describes it, through the same pipeline. */
  readonly request: RawRequest;
}

export function userAgentOf(extra?: string): string {
  const base = `manila-sdk/${SDK_VERSION} node/${process.versions.node}`;
  if (extra === undefined) return base;
  if (typeof extra !== 'string' || /[\r\n]/.test(extra)) throw new ValidationError('createManilaClient', 'userAgent must be one line of text');
  return `${base} ${extra}`;
}

export function createManilaClient(options: ManilaClientOptions): ManilaClient {
  if (!options || typeof options !== 'object') throw new ValidationError('createManilaClient', 'give the client options');
  const check = (what: string, v: string | undefined) => {
    if (v === undefined) return;
    try {
      parseVersion(v);
    } catch {
      throw new ValidationError('createManilaClient', `${what} "${v}" is not a microversion like "2.65"`);
    }
  };
  check('microversion', options.microversion);
  check('maxMicroversion', options.maxMicroversion);
  const access = createAccess(options);
  const retry = { ...DEFAULT_RETRY, ...(typeof options.retries === 'number' ? { maxAttempts: options.retries } : options.retries) };
  if (!Number.isInteger(retry.maxAttempts) || retry.maxAttempts < 1) throw new ValidationError('createManilaClient', 'retries.maxAttempts must be a positive integer');
  for (const k of ['baseDelayMs', 'maxDelayMs', 'maxRetryAfterMs'] as const) {
    if (typeof retry[k] !== 'number' || !(retry[k] >= 0) || !Number.isFinite(retry[k])) throw new ValidationError('createManilaClient', `retries.${k} must be a finite number of ms`);
  }
  const maxResponseBytes = options.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES;
  if (!Number.isInteger(maxResponseBytes) || maxResponseBytes < 1) throw new ValidationError('createManilaClient', 'maxResponseBytes must be a positive integer');
  const ctx: DispatchContext = {
    access,
    transport: {
      fetch: fetchLike(options.fetch),
      timeoutMs: checkTimeout('createManilaClient', options.timeoutMs ?? 60_000),
      retry,
      maxResponseBytes,
      random: options.random,
      logger: options.logger,
    },
    userAgent: userAgentOf(options.userAgent),
    logger: options.logger,
    version: undefined as never,
  };
  ctx.version = createNegotiation(ctx, { pinned: options.microversion, clientMax: options.maxMicroversion ?? MAX_KNOWN_VERSION });

  // A group's methods are made when it is first used: a client calls a few
  // of the 41 groups, and making all of them was most of its creation time.
  type Group = Record<string, (...args: unknown[]) => Promise<unknown>>;
  const groups: Record<string, Group> = {};
  const groupOf = (group: string): Group => {
    let api = groups[group];
    if (api) return api;
    api = groups[group] = {};
    for (const [name, spec] of Object.entries(methodsOf(methodTable, group))) api[name] = methodOf(ctx, `${group}.${name}`, spec);
    addConveniences(group, api, convenienceTable, waitFor);
    return api;
  };
  const host: WaiterHost = {
    version: (w) => ctx.version.get(w),
    method: (name) => {
      const [group, method] = name.split('.');
      return groupOf(group)[method] as never;
    },
  };
  // The waiters' code loads on the first wait: a wait lasts seconds, and
  // most programs that import the SDK never wait.
  type Wait = (id: string, opts?: Record<string, unknown>) => Promise<unknown>;
  let engine: Promise<Record<string, Wait>> | undefined;
  const waitFor: Record<string, Wait> = {};
  for (const [name, spec] of Object.entries(waiterTable)) {
    for (const key of spec.deleted ? [name, `${name}Deleted`] : [name]) {
      waitFor[key] = async (id, opts) => (await (engine ??= import('./waiters.js').then((m) => m.createWaiters(host, waiterTable))))[key](id, opts);
    }
  }

  const describe = () => `ManilaClient { endpoint: '${access.endpoint.peek() ?? options.endpoint ?? '(from the catalog)'}' }`;
  const client: Record<string, unknown> = {
    endpoint: () => access.endpoint.get({ what: 'finding the endpoint' }),
    microversion: () => ctx.version.get({ what: 'negotiating the microversion' }),
    waitFor,
    request: createRawRequest(ctx),
  };
  for (const group of Object.keys(methodTable)) {
    Object.defineProperty(client, group, {
      enumerable: true,
      configurable: true,
      // Afterwards a plain property, as if it had always been one.
      get() {
        const api = groupOf(group);
        Object.defineProperty(client, group, { value: api, enumerable: true, writable: true, configurable: true });
        return api;
      },
      set(value: unknown) {
        Object.defineProperty(client, group, { value, enumerable: true, writable: true, configurable: true });
      },
    });
  }
  Object.defineProperty(client, Symbol.for('nodejs.util.inspect.custom'), { value: describe });
  Object.defineProperty(client, 'toString', { value: describe });
  Object.defineProperty(client, 'toJSON', { value: describe });
  return client as unknown as ManilaClient;
}

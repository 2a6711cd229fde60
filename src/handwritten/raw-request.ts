// The typed escape hatch: `manila.request('POST /shares/{share_id}/action',
// { params: { path: { share_id } }, body })` for what the generated methods
// do not have. openapi-fetch does what it is made for (typed paths, path and
// query serialisation, bodies); its fetch is the SDK's pipeline, so the call
// gets the same auth, endpoint, microversion header, retries, time limits
// and typed errors as every generated method.
import type { FetchOptions, FetchResponse } from 'openapi-fetch';
import type { paths } from '../generated/openapi.js';
import { ApiPromise, type ResponseMeta } from './api-promise.js';
import { EXPERIMENTAL_HEADER, VERSION_HEADER, checkOptions, type DispatchContext } from './dispatch.js';
import { ValidationError } from './errors.js';
import { authorizedSend, parseBody } from './exchange.js';
import { baseUrlFor, parseVersion } from './microversion.js';
import type { RequestOptions } from './operation-spec.js';
import { requestIdOf } from './transport.js';
import { pathSegment } from './validation.js';

type Method = 'get' | 'put' | 'post' | 'delete' | 'patch' | 'head';
type PathKey = keyof paths & string;
/** Every `METHOD /path` the spec describes. */
export type Route = { [P in PathKey]: { [M in Method]: paths[P] extends { [K in M]: object } ? `${Uppercase<M>} ${P}` : never }[Method] }[PathKey];
type MethodOf<R> = R extends `${infer M} ${string}` ? Lowercase<M> & Method : never;
type PathOf<R> = R extends `${string} ${infer P}` ? P & PathKey : never;
type OperationOf<R extends Route> = paths[PathOf<R>][MethodOf<R>];

/** The request part of a typed route: `params` (path, query) and `body`, as the spec describes them. */
export type RouteInit<R extends Route> = Pick<FetchOptions<OperationOf<R>>, 'params' | 'body'>;
/** The success body of a typed route. */
export type RouteData<R extends Route> = OperationOf<R> extends Record<string | number, any> ? NonNullable<FetchResponse<OperationOf<R>, object, 'application/json'>['data']> : unknown;

export interface RawRequestOptions extends Omit<RequestOptions, 'extraQuery' | 'maxItems'> {
  /** The microversion for this call instead of the negotiated one. */
  microversion?: string;
  /** Send the experimental header. */
  experimental?: boolean;
}

/** A route the spec does not describe: any method and path. */
export interface UntypedInit {
  params?: { path?: Record<string, string | number>; query?: Record<string, unknown> };
  body?: unknown;
}

export interface RawRequest {
  /** A route the spec describes, typed from it. */
  <R extends Route>(route: R, init?: RouteInit<R>, options?: RawRequestOptions): ApiPromise<RouteData<R>>;
  /** Any other route (a vendor extension, an operation the spec lacks yet); a route the spec describes must use its types. */
  <R extends `${'GET' | 'PUT' | 'POST' | 'DELETE' | 'PATCH' | 'HEAD'} /${string}`>(route: R extends Route ? never : R, init?: UntypedInit, options?: RawRequestOptions): ApiPromise<unknown>;
}

// Manila parses dict filters from JSON; arrays repeat the key.
function querySerializer(query: Record<string, unknown>): string {
  const parts: string[] = [];
  for (const [k, v] of Object.entries(query ?? {})) {
    if (v === undefined || v === null) continue;
    const enc = (x: string) => parts.push(`${encodeURIComponent(k)}=${encodeURIComponent(x)}`);
    if (Array.isArray(v)) for (const item of v) enc(String(item));
    else if (typeof v === 'object') enc(JSON.stringify(v));
    else enc(String(v));
  }
  return parts.join('&');
}

export function createRawRequest(ctx: DispatchContext): RawRequest {
  return ((route: string, init: UntypedInit = {}, options: RawRequestOptions = {}) => {
    const label = `request(${String(route).slice(0, 120)})`;
    const m = /^(GET|PUT|POST|DELETE|PATCH|HEAD) (\/\S*)$/.exec(String(route));
    const run = async () => {
      if (!m) throw new ValidationError(label, 'the route must be "METHOD /path", e.g. "GET /shares/{share_id}"');
      const opts = checkOptions(label, options);
      if (options.microversion !== undefined) {
        try {
          parseVersion(options.microversion);
        } catch {
          throw new ValidationError(label, `"${options.microversion}" is not a microversion like "2.65"`);
        }
      }
      const [, method, path] = m;
      for (const [name, value] of Object.entries(init.params?.path ?? {})) pathSegment(label, name, value);
      const waiting = { signal: opts.signal, timeoutMs: opts.timeoutMs ?? ctx.transport.timeoutMs, what: label };
      const endpoint = ctx.access.endpoint.peek() ?? (await ctx.access.endpoint.get(waiting));
      const version = options.microversion ?? (ctx.version.peek() ?? (await ctx.version.get(waiting))).version;
      let meta: ResponseMeta | undefined;
      // Loaded on first use: a client that never takes the escape hatch does not load it.
      const { default: createClient } = await import('openapi-fetch');
      const http = createClient<paths>({
        baseUrl: baseUrlFor(endpoint, path),
        querySerializer,
        // The pipeline: the request openapi-fetch built goes out through the
        // SDK's exchange (token, retries, time limits, typed errors).
        fetch: async (req: Request) => {
          const headers: Record<string, string> = {};
          req.headers.forEach((v, k) => (headers[k] = v));
          const text = req.body ? await req.text() : undefined;
          const ex = await authorizedSend(ctx, {
            method: req.method,
            url: req.url,
            path,
            operation: label,
            headers,
            body: text,
            signal: opts.signal,
            timeoutMs: opts.timeoutMs,
          });
          meta = { status: ex.status, requestId: requestIdOf(ex.headers), headers: ex.headers, microversion: version, url: ex.url.split('?')[0], attempts: ex.attempts };
          const empty = ex.status === 204 || ex.status === 205 || ex.status === 304 || req.method === 'HEAD';
          return new Response(empty ? null : ex.text, { status: ex.status, headers: ex.headers });
        },
      });
      const headers: Record<string, string> = {
        Accept: 'application/json',
        'User-Agent': ctx.userAgent,
        [VERSION_HEADER]: version,
        ...(options.experimental ? { [EXPERIMENTAL_HEADER]: 'True' } : {}),
        ...opts.headers,
      };
      const r = await http.request(method.toLowerCase() as 'get', path as never, {
        params: init.params as never,
        body: init.body as never,
        headers,
        parseAs: 'text',
      } as never);
      const text = (r as { data?: unknown }).data;
      return { data: typeof text === 'string' ? parseBody(text) : undefined, response: meta! };
    };
    return new ApiPromise(run());
  }) as RawRequest;
}

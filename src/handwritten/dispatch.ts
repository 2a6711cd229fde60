// Turns a row of the generated method table into a callable method.
//
// The life of a call:
//  1. The arguments are split: path ids, then the input, then options (an
//     options object in the input slot of a method without input is taken
//     as options).
//  2. Each id is checked to stay one path segment.
//  3. The microversion is settled: negotiated once per client (or pinned).
//  4. The variant serving that version is picked (a legacy URL, an os- key);
//     none means a MicroversionError, and nothing is sent.
//  5. The input is checked against that variant: body fields and filters the
//     call does not know, required ones, ones the microversion lacks, values
//     JSON cannot carry. Secret fields are registered for scrubbing.
//  6. The URL and headers are built and the request goes out with the token
//     (exchange.ts), under retries and time limits (transport.ts).
//  7. The answer is checked (JSON, in the right envelope), unwrapped, and
//     its secret fields hidden; lists become pages.
import { ApiPromise, type ResponseMeta, type WithResponse } from './api-promise.js';
import { InvalidResponseError, MicroversionError, ValidationError } from './errors.js';
import { authorizedSend, checkHeaders, parseBody, type ExchangeContext } from './exchange.js';
import { baseUrlFor, compareVersions, experimentalAt, inRange, type NegotiatedVersion } from './microversion.js';

const maxVersion = (a?: string, b?: string) => (!a ? b : !b ? a : compareVersions(a, b) >= 0 ? a : b);
const minVersion = (a?: string, b?: string) => (!a ? b : !b ? a : compareVersions(a, b) <= 0 ? a : b);
import type { MethodSpec, RequestOptions, Variant } from './operation-spec.js';
import { PageImpl, PagePromise, type Link, type Page } from './pagination.js';
import { hideFields, registerSecretFields } from './redaction.js';
import type { Once } from './shared-work.js';
import { checkTimeout, requestIdOf } from './transport.js';
import { buildQuery, checkBody, checkJsonValue, checkRange, isPlainObject, looksLikeOptions, pathSegment } from './validation.js';

export const VERSION_HEADER = 'X-OpenStack-Manila-API-Version';
export const EXPERIMENTAL_HEADER = 'X-OpenStack-Manila-API-Experimental';

export interface DispatchContext extends ExchangeContext {
  version: Once<NegotiatedVersion>;
}

type Json = Record<string, unknown>;

interface CallInput {
  ids: string[];
  input: unknown;
  options: RequestOptions;
}

/** Step 1 and 2: ids, input and options out of the positional arguments. */
function splitArgs(label: string, spec: MethodSpec, takesInput: boolean, args: unknown[]): CallInput {
  const n = spec.args.length;
  if (args.length < n) throw new ValidationError(label, `needs ${spec.args.map((a) => `"${a}"`).join(', ')} (got ${args.length} argument${args.length === 1 ? '' : 's'})`);
  const ids = spec.args.map((name, i) => pathSegment(label, name, args[i]));
  let input = args[n];
  let options = args[n + 1];
  // From untyped code, options land in the input slot: `shares.delete(id, { signal })`.
  if (args.length === n + 1 && (input === undefined || looksLikeOptions(input))) {
    options = input;
    input = undefined;
  }
  const empty = (v: unknown) => isPlainObject(v) && Object.values(v).every((x) => x === undefined);
  if (!takesInput && input !== undefined && input !== null && !empty(input)) {
    throw new ValidationError(label, 'takes no input; request options go in the argument after it (or in its place)');
  }
  if (args.length > n + 2) throw new ValidationError(label, `takes at most ${n + 2} arguments, got ${args.length}`);
  return { ids, input, options: checkOptions(label, options) };
}

export function checkOptions(label: string, options: unknown): RequestOptions {
  if (options === undefined || options === null) return {};
  if (typeof options !== 'object' || Array.isArray(options)) throw new ValidationError(label, 'options must be an object');
  const o = options as RequestOptions;
  if (o.signal !== undefined && !(o.signal instanceof AbortSignal)) throw new ValidationError(label, 'options.signal must be an AbortSignal');
  if (o.timeoutMs !== undefined) checkTimeout(label, o.timeoutMs);
  if (o.headers !== undefined) checkHeaders(label, o.headers);
  if (o.maxItems !== undefined && (!Number.isInteger(o.maxItems) || o.maxItems < 1)) throw new ValidationError(label, 'options.maxItems must be a positive integer');
  return o;
}

/** Step 4: the variant for the version, or why there is none. */
function pick(label: string, spec: MethodSpec, nv: NegotiatedVersion): Variant {
  const v = spec.v.find((x) => inRange(nv.version, x));
  if (v) return v;
  // Report the widest range the method has across its variants.
  const mins = spec.v.map((x) => x.min ?? '2.0').sort(compareVersions);
  const maxes = spec.v.map((x) => x.max);
  const max = maxes.includes(undefined) ? undefined : (maxes as string[]).sort(compareVersions).at(-1);
  throw new MicroversionError(label, mins[0] === '2.0' ? { max } : { min: mins[0], max }, nv.version, nv.serverMax);
}

/** A compiled route: where each id goes. */
interface Route {
  method: string;
  /** The template, for messages. */
  path: string;
  /** Literal pieces around the path ids, in order. */
  pieces: string[];
  /** For each method argument: its index among the path ids, or -1 for a promoted filter. */
  slots: number[];
}

function compileRoute(route: string, args: string[]): Route {
  const space = route.indexOf(' ');
  const method = route.slice(0, space);
  const path = route.slice(space + 1);
  const pieces = path.split(/\{[^}]+\}/);
  const names = [...path.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]);
  return { method, path, pieces, slots: args.map((a) => names.indexOf(a)) };
}

const routeCache = new WeakMap<Variant, Route>();
const UNRESERVED = /^[A-Za-z0-9._~-]*$/;

function routeOf(v: Variant, spec: MethodSpec): Route {
  let r = routeCache.get(v);
  if (!r) routeCache.set(v, (r = compileRoute(v.route, spec.args)));
  return r;
}

interface Prepared {
  method: string;
  path: string;
  url: string;
  headers: Record<string, string>;
  body?: string;
  version: string;
  variant: Variant;
}

/** Steps 3 to 6, up to the request to send. */
async function prepare(ctx: DispatchContext, label: string, spec: MethodSpec, call: CallInput, query?: Json): Promise<Prepared> {
  const { options } = call;
  const waiting = { signal: options.signal, timeoutMs: options.timeoutMs ?? ctx.transport.timeoutMs, what: label };
  const nv = ctx.version.peek() ?? (await ctx.version.get(waiting));
  const endpoint = ctx.access.endpoint.peek() ?? (await ctx.access.endpoint.get(waiting));
  return build(label, spec, call, nv, endpoint, ctx.userAgent, query);
}

/** Steps 4 to 6 once the version and endpoint are settled: no waiting, so no promise. */
function build(label: string, spec: MethodSpec, call: CallInput, nv: NegotiatedVersion, endpoint: string, userAgent: string, query?: Json): Prepared {
  const { options } = call;
  const variant = pick(label, spec, nv);
  const route = routeOf(variant, spec);

  let path = route.pieces[0];
  const promoted: Json = {};
  const pathIds: string[] = [];
  for (let i = 0; i < route.slots.length; i++) {
    const slot = route.slots[i];
    if (slot < 0) promoted[spec.args[i]] = call.ids[i];
    else pathIds[slot] = call.ids[i];
  }
  // Most ids (UUIDs, names) need no escaping, and a test is cheaper than encodeURIComponent.
  for (let i = 0; i < pathIds.length; i++) path += (UNRESERVED.test(pathIds[i]) ? pathIds[i] : encodeURIComponent(pathIds[i])) + route.pieces[i + 1];

  let body: unknown;
  const input = query ?? call.input;
  // A call with a body and filters takes both in one input: the filters go to the query.
  let bodyInput = input;
  let queryInput = variant.body ? undefined : input;
  if (variant.body && variant.query && isPlainObject(input)) {
    bodyInput = Object.fromEntries(Object.entries(input).filter(([k]) => !(k in variant.query!)));
    queryInput = Object.fromEntries(Object.entries(input).filter(([k]) => k in variant.query!));
  }
  if (variant.action) {
    if (variant.body === null) body = { [variant.action]: null };
    else if (variant.body!.scalar) {
      if (input === undefined && variant.body!.required) throw new ValidationError(label, `needs a value for "${variant.action}"`);
      checkJsonValue(label, input, variant.action);
      const range = variant.body!.versioned?.[variant.action];
      if (range && input !== undefined && input !== null) checkRange(label, range, nv, `value of "${variant.action}"`);
      body = { [variant.action]: input ?? null };
    } else {
      const checked = checkBody(label, variant.body!, bodyInput, nv);
      registerSecretFields(checked, variant.body!.secrets);
      body = { [variant.action]: checked };
    }
  } else if (variant.body) {
    const checked = checkBody(label, variant.body, bodyInput, nv);
    registerSecretFields(checked, variant.body.secrets);
    if (variant.body.wrap) {
      const wrapped: Json = { [variant.body.wrap]: checked };
      for (const key of variant.body.copies ?? []) wrapped[key] = checked;
      body = wrapped;
    } else body = checked;
  }
  const extra = Object.keys(promoted).length || options.extraQuery ? { ...promoted, ...options.extraQuery } : undefined;
  // A filter only another variant of the method knows is a question of version, not a typo.
  const elsewhere = (name: string) => spec.v.find((x) => x !== variant && x.query?.[name]);
  const search = buildQuery(label, variant.query, queryInput, nv, extra, (name) => {
    const other = elsewhere(name);
    return other ? { min: maxVersion(other.min, other.query![name].min), max: minVersion(other.max, other.query![name].max) } : undefined;
  });

  const headers: Record<string, string> = {
    Accept: 'application/json',
    'User-Agent': userAgent,
    [VERSION_HEADER]: nv.version,
  };
  if (experimentalAt(variant.exp, nv.version)) headers[EXPERIMENTAL_HEADER] = 'True';
  let text: string | undefined;
  if (body !== undefined) {
    headers['Content-Type'] = 'application/json';
    text = JSON.stringify(body);
  }
  if (options.headers) Object.assign(headers, options.headers);
  return { method: route.method, path: route.path, url: `${baseUrlFor(endpoint, route.path)}${path}${search ? `?${search}` : ''}`, headers, body: text, version: nv.version, variant };
}

/** Step 6 and 7 for a single answer. */
async function perform(ctx: DispatchContext, label: string, p: Prepared, options: RequestOptions): Promise<WithResponse<unknown> & { body: unknown }> {
  const started = ctx.logger ? Date.now() : 0;
  const ex = await authorizedSend(ctx, {
    method: p.method,
    url: p.url,
    path: p.path,
    operation: label,
    headers: p.headers,
    body: p.body,
    signal: options.signal,
    timeoutMs: options.timeoutMs,
  });
  const requestId = requestIdOf(ex.headers);
  const query = ex.url.indexOf('?');
  const url = query < 0 ? ex.url : ex.url.slice(0, query);
  const response: ResponseMeta = { status: ex.status, requestId, headers: ex.headers, microversion: p.version, url, attempts: ex.attempts };
  ctx.logger?.debug?.({ message: `${label} answered ${ex.status}`, operation: label, method: p.method, path: p.path, status: ex.status, requestId, microversion: p.version, attempt: ex.attempts, durationMs: Date.now() - started });
  const v = p.variant;
  if (v.out === undefined) return { data: undefined, response, body: undefined };
  const invalid = (reason: string) => new InvalidResponseError(p.method, p.path, ex.status, requestId, reason, label);
  if (!ex.text && v.outOptional) return { data: undefined, response, body: undefined };
  if (!ex.text) throw invalid('an empty body');
  const body = parseBody(ex.text);
  if (typeof body === 'string') throw invalid('a body that is not JSON');
  if (v.list) {
    if (!isPlainObject(body) || !Array.isArray(body[v.list.items])) throw invalid(`no "${v.list.items}" list in the answer`);
    return { data: body[v.list.items], response, body };
  }
  if (v.out === true) {
    if (typeof body !== 'object' || body === null) throw invalid('a body that is not a JSON object');
    return { data: hideFields(body, v.hide), response, body };
  }
  if (!isPlainObject(body) || body[v.out] === undefined) throw invalid(`no "${v.out}" in the answer`);
  // Every envelope Manila answers holds an object or a list, never a bare value.
  if (typeof body[v.out] !== 'object' || body[v.out] === null) throw invalid(`"${v.out}" that is not an object`);
  return { data: hideFields(body[v.out], v.hide), response, body };
}

function takesInput(v: Variant): boolean {
  return (v.body !== undefined && v.body !== null) || (v.query !== undefined && Object.keys(v.query).length > 0);
}


/** The callable for one method of the table. */
export function methodOf(ctx: DispatchContext, label: string, spec: MethodSpec): (...args: unknown[]) => ApiPromise<unknown> {
  const withInput = takesInput(spec.v[0]);
  if (spec.v[0].list) {
    return (...args: unknown[]) => {
      let call: CallInput;
      try {
        call = splitArgs(label, spec, withInput, args);
      } catch (err) {
        return new PagePromise({ label, paging: false, fetch: () => Promise.reject(err) });
      }
      return listPages(ctx, label, spec, call);
    };
  }
  return (...args: unknown[]) => {
    let call: CallInput;
    try {
      call = splitArgs(label, spec, withInput, args);
    } catch (err) {
      return new ApiPromise(Promise.reject(err));
    }
    // Once the version and endpoint are known (every call but the first),
    // the request is built at once rather than after a promise.
    const nv = ctx.version.peek();
    const endpoint = ctx.access.endpoint.peek();
    if (nv && endpoint) {
      let p: Prepared;
      try {
        p = build(label, spec, call, nv, endpoint, ctx.userAgent);
      } catch (err) {
        return new ApiPromise(Promise.reject(err));
      }
      return new ApiPromise(perform(ctx, label, p, call.options));
    }
    return new ApiPromise(prepare(ctx, label, spec, call).then((p) => perform(ctx, label, p, call.options)));
  };
}

function listPages(ctx: DispatchContext, label: string, spec: MethodSpec, call: CallInput): PagePromise<unknown> {
  const filters = (isPlainObject(call.input) ? call.input : {}) as Json;
  const num = (v: unknown) => (typeof v === 'number' ? v : typeof v === 'string' && /^\d+$/.test(v) ? Number(v) : undefined);
  const source = {
    label,
    paging: spec.v[0].list?.paging === 'offset',
    limit: filters.limit === undefined ? undefined : (num(filters.limit) ?? Number.NaN),
    offset: num(filters.offset),
    maxItems: call.options.maxItems,
    fetch: async (at: { limit?: number; offset?: number; walk?: boolean }): Promise<WithResponse<Page<unknown>>> => {
      const query: Json = { ...filters };
      if (at.limit !== undefined) query.limit = at.limit;
      if (at.offset !== undefined && (at.offset > 0 || filters.offset !== undefined)) query.offset = at.offset;
      if (at.walk && query.with_count === undefined) {
        // A walk knows when to stop, and what is too much, from the count.
        const nv = ctx.version.peek() ?? (await ctx.version.get({ what: label, signal: call.options.signal }));
        const rule = spec.v.find((x) => inRange(nv.version, x))?.query?.with_count;
        if (rule && inRange(nv.version, rule)) query.with_count = true;
      }
      const p = await prepare(ctx, label, spec, call, query);
      const r = await perform(ctx, label, p, call.options);
      const items = hideFields(r.data as unknown[], p.variant.hide);
      const body = r.body as Json;
      const count = typeof body.count === 'number' ? body.count : undefined;
      const links = Array.isArray(body[`${p.variant.list!.items}_links`]) ? (body[`${p.variant.list!.items}_links`] as Link[]) : undefined;
      const page = new PageImpl(source, { limit: num(query.limit), offset: num(query.offset) ?? 0 }, items, count, links);
      return { data: page, response: r.response };
    },
  };
  return new PagePromise(source);
}

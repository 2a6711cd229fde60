// A fake Manila for unit tests: msw handlers plus a record of every request,
// so tests assert exactly what went over the wire.
import { http, HttpResponse, type JsonBodyType } from 'msw';
import { setupServer } from 'msw/node';
import { createManilaClient, type ManilaClientOptions } from '../../../src/index.js';
import { recordRequest } from './operation-coverage.js';

export const ROOT = 'http://manila.test:8786';
export const ENDPOINT = `${ROOT}/v2`;
export const TOKEN = 'tok-5ecret-value';

export const server = setupServer();
export const unhandled: string[] = [];

export interface Seen {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: Headers;
  body: unknown;
}

/** Serves the v2 version document with the given range. */
export function versionDocument(max = '2.99', min = '2.0') {
  return http.get(`${ENDPOINT}/`, () =>
    HttpResponse.json({
      versions: [
        {
          id: 'v2.0',
          status: 'CURRENT',
          version: max,
          min_version: min,
          updated: '2015-08-27T11:33:21Z',
          links: [{ rel: 'self', href: `${ENDPOINT}/` }],
          'media-types': [{ base: 'application/json', type: 'application/vnd.openstack.share+json;version=1' }],
        },
      ],
    }),
  );
}

type Responder = (seen: Seen, call: number) => Response | Promise<Response>;

/**
 * Answers `method path` (relative to the endpoint, msw path syntax) and
 * records every request it answers.
 */
export function route(method: string, path: string, respond: Responder | JsonBodyType, status = 200) {
  const seen: Seen[] = [];
  const m = method.toLowerCase() as 'get';
  const handler = http[m](`${ENDPOINT}${path}`, async ({ request }) => {
    const url = new URL(request.url);
    const text = await request.text();
    const s: Seen = {
      method: request.method,
      path: url.pathname.slice('/v2'.length),
      query: url.searchParams,
      headers: request.headers,
      body: text ? JSON.parse(text) : undefined,
    };
    seen.push(s);
    recordRequest(request.method, request.url, s.body);
    if (typeof respond === 'function') return (respond as Responder)(s, seen.length);
    if (respond === null) return new HttpResponse(null, { status });
    return HttpResponse.json(respond, { status });
  });
  server.use(handler);
  return seen;
}

/** A Manila-style fault response. */
export function fault(status: number, name: string, message: string, headers: Record<string, string> = {}) {
  return HttpResponse.json({ [name]: { code: status, message } }, { status, headers });
}

export function client(opts: Partial<ManilaClientOptions> = {}) {
  return createManilaClient({
    endpoint: ENDPOINT,
    token: TOKEN,
    retries: { baseDelayMs: 1, maxDelayMs: 5 },
    ...opts,
  });
}

/** A client pinned to a version: no version document needed. */
export function pinned(version: string, opts: Partial<ManilaClientOptions> = {}) {
  return client({ microversion: version, ...opts });
}

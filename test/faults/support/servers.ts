// Loopback servers that misbehave the way networks, proxies and half-broken
// clouds do: each records every request it saw (method, path, headers,
// body) so a test can assert what was sent, how often, and what never was.
// They listen on 127.0.0.1 at a random port and close, connections and all,
// after each test.
import { createServer as createHttp, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttps } from 'node:https';
import type { AddressInfo, Socket } from 'node:net';
import { afterEach } from 'vitest';

export interface Hit {
  method: string;
  /** Path and query. */
  url: string;
  path: string;
  query: URLSearchParams;
  headers: IncomingMessage['headers'];
  body: string;
}

export type Handler = (hit: Hit, res: ServerResponse, req: IncomingMessage) => unknown;

export interface FaultServer {
  /** `http://127.0.0.1:<port>` */
  origin: string;
  hits: Hit[];
  /** Sockets the server accepted, for tests that count connections. */
  sockets: Set<Socket>;
  close(): Promise<void>;
}

const open: FaultServer[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((s) => s.close()));
});

export async function serve(handler: Handler, opts: { tls?: { key: Buffer; cert: Buffer } } = {}): Promise<FaultServer> {
  const hits: Hit[] = [];
  const sockets = new Set<Socket>();
  const listener = (req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const u = new URL(req.url ?? '/', 'http://x');
      const hit: Hit = { method: req.method ?? '', url: req.url ?? '', path: u.pathname, query: u.searchParams, headers: req.headers, body: Buffer.concat(chunks).toString('utf8') };
      hits.push(hit);
      Promise.resolve(handler(hit, res, req)).catch((err: unknown) => {
        res.statusCode = 599;
        res.end(String(err));
      });
    });
  };
  const server: Server = opts.tls ? createHttps(opts.tls, listener) : createHttp(listener);
  server.on('connection', (s: Socket) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  server.on('secureConnection', (s: Socket) => sockets.add(s));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as AddressInfo).port;
  const fs: FaultServer = {
    origin: `${opts.tls ? 'https' : 'http'}://127.0.0.1:${port}`,
    hits,
    sockets,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.closeAllConnections?.();
        server.close(() => resolve());
      }),
  };
  open.push(fs);
  return fs;
}

export function json(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(text), ...headers });
  res.end(text);
}

/** Manila's version document for `/v2/`. */
export function versionDocument(max = '2.99', min = '2.0') {
  return { versions: [{ id: 'v2.0', status: 'CURRENT', version: max, min_version: min, links: [] }] };
}

export const SHARE_ID = '0b5e8f4c-5cd4-4c6f-a4f6-3a5b2f2c5a11';
export const share = (extra: Record<string, unknown> = {}) => ({ id: SHARE_ID, name: 'web', status: 'available', size: 1, ...extra });

/**
 * A Manila that answers the version document and hands everything else to
 * `handler`; `/v2` is its endpoint.
 */
export async function manila(handler: Handler, opts: { tls?: { key: Buffer; cert: Buffer } } = {}): Promise<FaultServer & { endpoint: string }> {
  const s = await serve((hit, res, req) => {
    if (hit.path === '/v2/' || hit.path === '/v2') return json(res, 200, versionDocument());
    return handler(hit, res, req);
  }, opts);
  return Object.assign(s, { endpoint: `${s.origin}/v2` });
}

export interface KeystoneOptions {
  /** The Manila endpoint the catalog names. */
  manila: string;
  /** Token lifetime in ms (expires_at - issued_at). Default one hour. */
  lifetimeMs?: number;
  /** Shift of expires_at/issued_at against the real clock (a skewed Keystone). */
  skewMs?: number;
  /** Answer instead of issuing a token. */
  respond?: Handler;
}

/** A Keystone that issues `token-<n>` tokens with a catalog naming `manila`. */
export async function keystone(o: KeystoneOptions): Promise<FaultServer & { authUrl: string; issued: () => number }> {
  let n = 0;
  const s = await serve((hit, res, req) => {
    if (o.respond) return o.respond(hit, res, req);
    if (hit.method !== 'POST' || hit.path !== '/v3/auth/tokens') return json(res, 404, { error: { code: 404, title: 'Not Found', message: 'no' } });
    n++;
    const now = Date.now() + (o.skewMs ?? 0);
    json(
      res,
      201,
      {
        token: {
          issued_at: new Date(now).toISOString(),
          expires_at: new Date(now + (o.lifetimeMs ?? 3_600_000)).toISOString(),
          project: { id: 'p1', name: 'demo' },
          catalog: [{ type: 'shared-file-system', endpoints: [{ interface: 'public', region_id: 'RegionOne', url: o.manila }] }],
        },
      },
      { 'X-Subject-Token': `token-${n}-secret-value` },
    );
  });
  return Object.assign(s, { authUrl: `${s.origin}/v3`, issued: () => n });
}

/** Waits `ms` (for handlers that stall). */
export const delay = (ms: number) => new Promise((r) => setTimeout(r, ms));

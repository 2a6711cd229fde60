// A fetch for clouds with their own CA or no certificate checks: Node's
// global fetch cannot take TLS options without undici, which we do not ship.
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';

export interface TlsOptions {
  /** PEM CA bundle that replaces the default roots (as `cacert` does for openstacksdk). */
  ca?: string;
  /** false = `verify: false` / `insecure: true`. */
  rejectUnauthorized: boolean;
}

function headersOf(res: IncomingMessage): Headers {
  const h = new Headers();
  for (const [k, v] of Object.entries(res.headers)) {
    if (Array.isArray(v)) for (const x of v) h.append(k, x);
    else if (v !== undefined) h.set(k, String(v));
  }
  return h;
}

export function tlsFetch(tls: TlsOptions): (req: Request) => Promise<Response> {
  return async (req: Request) => {
    const url = new URL(req.url);
    const body = req.body ? Buffer.from(await req.arrayBuffer()) : undefined;
    const secure = url.protocol === 'https:';
    const send = secure ? httpsRequest : httpRequest;
    return new Promise<Response>((resolve, reject) => {
      const r = send(
        url,
        {
          method: req.method,
          headers: Object.fromEntries(req.headers),
          signal: req.signal,
          ...(secure ? { ca: tls.ca, rejectUnauthorized: tls.rejectUnauthorized } : {}),
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('error', reject);
          res.on('end', () => {
            const status = res.statusCode ?? 0;
            const empty = status === 204 || status === 205 || status === 304 || req.method === 'HEAD';
            resolve(new Response(empty ? null : Buffer.concat(chunks), { status, statusText: res.statusMessage, headers: headersOf(res) }));
          });
        },
      );
      r.on('error', reject);
      if (body) r.write(body);
      r.end();
    });
  };
}

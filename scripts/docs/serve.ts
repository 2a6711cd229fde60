// `npm run docs:serve`: serves the built site/ on 127.0.0.1 (PORT, default
// 8090) with node:http, for a preview and for the browser test. Only files
// under site/ are served; a directory answers its index.html.
import { createReadStream, existsSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { dirname, extname, join, normalize, resolve, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
};

export const SITE_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '../../site');

/** Starts serving `dir`; port 0 picks a free port. Resolves once listening. */
export async function serveSite(dir = SITE_DIR, port = 0): Promise<{ server: Server; url: string }> {
  const root = resolve(dir);
  if (!existsSync(join(root, 'index.html'))) throw new Error(`${root}/index.html is missing: run \`npm run docs\` first`);
  const server = createServer((req, res) => {
    let path: string;
    try {
      path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    } catch {
      res.writeHead(400).end('bad path');
      return;
    }
    let file = normalize(join(root, path));
    if (file !== root && !file.startsWith(root + sep)) {
      res.writeHead(403).end('outside the site');
      return;
    }
    if (existsSync(file) && statSync(file).isDirectory()) file = join(file, 'index.html');
    if (!existsSync(file) || !statSync(file).isFile()) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end(`not found: ${path}`);
      return;
    }
    res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream', 'cache-control': 'no-cache' });
    createReadStream(file).pipe(res);
  });
  await new Promise<void>((ok, fail) => {
    server.once('error', fail);
    server.listen(port, '127.0.0.1', () => ok());
  });
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/` };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const port = Number(process.env.PORT ?? 8090);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`PORT must be a port number, got ${process.env.PORT}`);
  const { url } = await serveSite(SITE_DIR, port);
  console.log(`serving site/ at ${url} (Ctrl-C to stop)`);
}

// Client overhead, measured against a tiny in-process HTTP server on
// loopback: what the SDK adds per call (negotiation cached, validation, URL
// and body building, parsing) and how fast a list walk goes through a large list.
// Run: npm run bench. Prints one line per case; no pass/fail.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createManilaClient } from '../src/index.js';

const TOTAL = 20_000;
const share = (i: number) => ({ id: `00000000-0000-0000-0000-${String(i).padStart(12, '0')}`, name: `s${i}`, links: [] });

const server = createServer((req, res) => {
  const url = new URL(req.url!, 'http://x');
  res.setHeader('content-type', 'application/json');
  if (url.pathname === '/v2/shares') {
    const offset = Number(url.searchParams.get('offset') ?? 0);
    const limit = Math.min(Number(url.searchParams.get('limit') ?? 1000), 1000);
    const out = [];
    for (let i = offset; i < Math.min(TOTAL, offset + limit); i++) out.push(share(i));
    res.end(JSON.stringify({ shares: out }));
  } else if (url.pathname.startsWith('/v2/shares/')) {
    res.end(JSON.stringify({ share: { ...share(1), status: 'available', size: 1 } }));
  } else {
    res.statusCode = 404;
    res.end('{}');
  }
});
await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
const { port } = server.address() as AddressInfo;
const manila = createManilaClient({ endpoint: `http://127.0.0.1:${port}/v2`, token: 't', microversion: '2.99' });

async function time(label: string, n: number, fn: () => Promise<unknown>) {
  await fn();
  const t0 = performance.now();
  for (let i = 0; i < n; i++) await fn();
  const ms = performance.now() - t0;
  console.log(`${label.padEnd(36)} ${(ms / n).toFixed(3)} ms/op  (${n} ops)`);
}

async function raw() {
  const r = await fetch(`http://127.0.0.1:${port}/v2/shares/x`, { headers: { 'X-Auth-Token': 't' } });
  return r.json();
}

// Warm both paths first so the order of the cases does not decide the result.
for (let i = 0; i < 500; i++) await Promise.all([raw(), manila.shares.show('x')]);
await time('raw fetch GET /shares/{id}', 2000, raw);
await time('manila.shares.show(id)', 2000, () => manila.shares.show('x'));
await time(`walk ${TOTAL} shares (limit 1000)`, 5, async () => {
  let n = 0;
  for await (const _ of manila.shares.list({ limit: 1000 })) n++;
  if (n !== TOTAL) throw new Error(`iterated ${n}`);
});
server.close();

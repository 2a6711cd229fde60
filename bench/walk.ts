// One list walk in a process of its own, so its wall time and peak memory
// are the walk's alone: `tsx bench/walk.ts <sdk|raw> <endpoint> <total>`.
// Prints one JSON line: { ms, items, maxRssMiB }.
import type * as Sdk from '../src/index.js';

const [mode, endpoint, total] = process.argv.slice(2);
const headers = { 'X-Auth-Token': 'bench-token', 'X-OpenStack-Manila-API-Version': '2.99', Accept: 'application/json' };
const started = performance.now();
let items = 0;
if (mode === 'sdk') {
  // The published build (bench/run.ts builds it first).
  const { createManilaClient } = (await import(new URL('../dist/index.js', import.meta.url).href)) as typeof Sdk;
  const manila = createManilaClient({ endpoint, token: 'bench-token', microversion: '2.99' });
  for await (const _ of manila.shares.list({ limit: 1000 })) items++;
} else {
  // What a careful hand-written loop does: offset paging until a short page.
  for (let offset = 0; ; offset += 1000) {
    const page = (await (await fetch(`${endpoint}/shares?limit=1000&offset=${offset}`, { headers })).json()) as { shares: unknown[] };
    items += page.shares.length;
    if (page.shares.length < 1000) break;
  }
}
const ms = performance.now() - started;
if (items !== Number(total)) throw new Error(`walked ${items} of ${total}`);
console.log(JSON.stringify({ ms, items, maxRssMiB: process.resourceUsage().maxRSS / 1024 }));

// Under load, through a server that randomly resets connections, stalls and
// answers 503 (seeded, so a failure replays): every call ends within its
// limit with data or a typed error, no request that may change something is
// ever sent twice, and memory does not grow from round to round.
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { createManilaClient, ManilaError } from '../../src/index.js';
import { delay, json, manila, share, SHARE_ID } from './support/servers.js';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

/** mulberry32: a small seeded generator. */
function seeded(seed: number) {
  let a = seed;
  return () => {
    a |= 0;
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('2,000 calls at concurrency 50 through a misbehaving server', () => {
  it('all end, none is repeated once it may have arrived, memory stays flat', async () => {
    const random = seeded(20261125);
    const creates = new Map<string, number>();
    const m = await manila(async (hit, res, req) => {
      if (hit.method === 'POST') {
        const name = JSON.parse(hit.body).share.name as string;
        creates.set(name, (creates.get(name) ?? 0) + 1);
      }
      const roll = random();
      if (roll < 0.05) return void req.socket.destroy(); // reset, after the request arrived
      if (roll < 0.15) await delay(50 + Math.floor(random() * 250));
      else if (roll < 0.25) return json(res, 503, { serviceUnavailable: { code: 503, message: 'busy' } });
      if (hit.method === 'POST') return json(res, 200, { share: share({ status: 'creating', name: JSON.parse(hit.body).share.name }) });
      json(res, 200, { share: share() });
    });
    const client = createManilaClient({ endpoint: m.endpoint, token: 't0ken-value', microversion: '2.99', timeoutMs: 1000, retries: { maxAttempts: 3, baseDelayMs: 10, maxDelayMs: 50 } });
    const heaps: number[] = [];
    let sent = 0;
    const outcomes = { ok: 0, typed: 0, other: 0 };
    let slowest = 0;
    for (let round = 0; round < 4; round++) {
      let next = 0;
      const worker = async () => {
        while (next < 500) {
          const i = next++;
          const n = sent++;
          const started = Date.now();
          const call = i % 3 === 0 ? client.shares.create({ share_proto: 'NFS', size: 1, name: `load-${n}` }) : client.shares.show(SHARE_ID);
          try {
            await call;
            outcomes.ok++;
          } catch (err) {
            if (err instanceof ManilaError) outcomes.typed++;
            else outcomes.other++;
          }
          slowest = Math.max(slowest, Date.now() - started);
        }
      };
      await Promise.all(Array.from({ length: 50 }, worker));
      gc();
      heaps.push(process.memoryUsage().heapUsed);
    }
    expect(outcomes.ok + outcomes.typed).toBe(2000);
    expect(outcomes.other).toBe(0);
    expect(outcomes.typed).toBeGreaterThan(0);
    // Its own limit: three attempts of at most a second each and their
    // backoff, plus slack for a loaded machine's event loop.
    expect(slowest).toBeLessThan(3 * (1000 + 50) + 2000);
    expect([...creates.values()].every((n) => n === 1)).toBe(true);
    expect(creates.size).toBeGreaterThan(600);
    expect(heaps[3] - heaps[0]).toBeLessThan(8 * 1024 * 1024);
  });
});

// Time limits and aborts that must hold on every request path: Manila calls,
// the version document, Keystone; after a garbage collection; for each
// caller of shared work on its own; with timer values a timer cannot hold;
// and with one timer keeping the limits of every attempt in flight.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { AbortedError, createManilaClient, KeystoneAuth, ServerError, TimeoutError, ValidationError } from '../../src/index.js';
import { delay, json, keystone, manila, serve, share, SHARE_ID, versionDocument } from './support/servers.js';

// The collector, also where the worker did not get --expose-gc.
setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

/** Collects garbage every 20 ms while `p` runs. */
async function underGc<T>(p: Promise<T>): Promise<T> {
  expect(gc, 'the faults project runs with --expose-gc').toBeTypeOf('function');
  const timer = setInterval(() => gc!(), 20);
  try {
    return await p;
  } finally {
    clearInterval(timer);
  }
}

/** Ms since `started`. */
const since = (started: number) => Date.now() - started;

describe('a time limit survives garbage collection', () => {
  it('on a Manila call, through the global fetch and through a custom one', async () => {
    const m = await manila(() => undefined); // accepts, never answers
    for (const fetch of [undefined, (req: Request) => globalThis.fetch(req)]) {
      const client = createManilaClient({ endpoint: m.endpoint, token: 't0ken-value', microversion: '2.99', timeoutMs: 200, retries: 1, fetch });
      const started = Date.now();
      const err = await underGc(client.shares.show(SHARE_ID).catch((e: unknown) => e));
      expect(err).toBeInstanceOf(TimeoutError);
      expect(since(started)).toBeLessThan(1500);
    }
  });

  it('on the version document and on Keystone', async () => {
    const silent = await serve(() => undefined);
    const negotiating = createManilaClient({ endpoint: `${silent.origin}/v2`, token: 't0ken-value', timeoutMs: 200, retries: 1 });
    let started = Date.now();
    expect(await underGc(negotiating.limits.show().catch((e: unknown) => e))).toBeInstanceOf(TimeoutError);
    expect(since(started)).toBeLessThan(1500);
    const auth = new KeystoneAuth({ authUrl: `${silent.origin}/v3`, username: 'u', userDomainId: 'default', password: 'pa55word-secret', projectId: 'p', timeoutMs: 200, retries: { maxAttempts: 1 } });
    started = Date.now();
    expect(await underGc(auth.getToken().catch((e: unknown) => e))).toBeInstanceOf(TimeoutError);
    expect(since(started)).toBeLessThan(1500);
  });
});

describe('one timer keeps every attempt\'s limit', () => {
  it('a shorter limit begun while a longer one waits fails at its own time, and the longer one at its own', async () => {
    const m = await manila(() => undefined); // accepts, never answers
    const client = (timeoutMs: number) => createManilaClient({ endpoint: m.endpoint, token: 't0ken-value', microversion: '2.99', timeoutMs, retries: 1 });
    const started = Date.now();
    const long = client(1500)
      .shares.show(SHARE_ID)
      .then(
        () => undefined,
        (e: unknown) => ({ e, at: since(started) }),
      );
    await delay(50);
    const short = await client(200)
      .shares.show(SHARE_ID)
      .then(
        () => undefined,
        (e: unknown) => ({ e, at: since(started) }),
      );
    expect(short?.e).toBeInstanceOf(TimeoutError);
    expect(short?.at).toBeGreaterThanOrEqual(240);
    expect(short?.at).toBeLessThan(1000);
    const late = await long;
    expect(late?.e).toBeInstanceOf(TimeoutError);
    expect(late?.at).toBeGreaterThanOrEqual(1490);
    expect(late?.at).toBeLessThan(3000);
  });

  it('holds a process open while an attempt waits, and not after the calls end', () => {
    // A custom fetch that never settles holds no handle of its own: only the
    // limit's timer keeps the process alive to fail the call. After a call
    // with a 60 s limit has answered, the process ends at once.
    const entry = fileURLToPath(new URL('../../src/index.ts', import.meta.url));
    const script = `
      const { createManilaClient } = await import(${JSON.stringify(entry)});
      const hung = createManilaClient({ endpoint: 'http://127.0.0.1:9/v2', token: 't', microversion: '2.99', timeoutMs: 300, retries: 1, fetch: () => new Promise(() => {}) });
      const err = await hung.shares.show('x').catch((e) => e);
      console.log(err.name);
      const answered = createManilaClient({ endpoint: 'http://127.0.0.1:9/v2', token: 't', microversion: '2.99', timeoutMs: 60000,
        fetch: async () => new Response(JSON.stringify({ share: { id: 'x' } }), { status: 200, headers: { 'content-type': 'application/json' } }) });
      await answered.shares.show('x');
    `;
    const started = Date.now();
    const r = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { encoding: 'utf8', timeout: 30_000 });
    expect(r.stderr).toBe('');
    expect(r.stdout.trim()).toBe('TimeoutError');
    expect(since(started)).toBeLessThan(20_000);
  });
});

describe('a request given up on does not hold its connection', () => {
  /** A Manila that answers after `lateMs` with a body that never ends; `closed` settles when the client hangs up. */
  async function lateStreamer(lateMs: number) {
    let closedAt = 0;
    let hungUp!: () => void;
    const closed = new Promise<void>((resolve) => (hungUp = resolve));
    const server = await manila((_hit, res) => {
      let pump: NodeJS.Timeout | undefined;
      const answer = setTimeout(() => {
        res.writeHead(200, { 'Content-Type': 'application/json' });
        const chunk = Buffer.alloc(16 * 1024, 0x20);
        pump = setInterval(() => res.write(chunk), 5);
      }, lateMs);
      res.on('close', () => {
        clearTimeout(answer);
        clearInterval(pump);
        closedAt = Date.now();
        hungUp();
      });
    });
    return { closed, endpoint: server.endpoint, closedAt: () => closedAt };
  }

  it('without a signal: the call fails at its limit, and the late answer is cancelled unread', async () => {
    const s = await lateStreamer(600);
    const client = createManilaClient({ endpoint: s.endpoint, token: 't0ken-value', microversion: '2.99', timeoutMs: 200, retries: 1 });
    const started = Date.now();
    expect(await client.shares.show(SHARE_ID).catch((e: unknown) => e)).toBeInstanceOf(TimeoutError);
    expect(since(started)).toBeLessThan(500);
    await Promise.race([s.closed, delay(5000)]);
    // Cancelled as soon as the answer began, not read to the end (it has none).
    expect(s.closedAt(), 'the client hung up').toBeGreaterThan(0);
    expect(s.closedAt() - started).toBeLessThan(2000);
  });

  it("with the caller's signal: an abort hangs up at once", async () => {
    const s = await lateStreamer(60_000);
    const client = createManilaClient({ endpoint: s.endpoint, token: 't0ken-value', microversion: '2.99', retries: 1 });
    const ac = new AbortController();
    const started = Date.now();
    setTimeout(() => ac.abort(), 200);
    expect(await client.shares.show(SHARE_ID, { signal: ac.signal }).catch((e: unknown) => e)).toBeInstanceOf(AbortedError);
    await Promise.race([s.closed, delay(5000)]);
    expect(s.closedAt(), 'the client hung up').toBeGreaterThan(0);
    expect(s.closedAt() - started).toBeLessThan(1500);
  });
});

describe('each caller\'s own limits apply to shared work', () => {
  it('a call with a 200 ms limit does not wait 60 s for negotiation', async () => {
    const slow = await serve(async (hit, res) => {
      await delay(3000);
      json(res, 200, hit.path === '/v2/' ? versionDocument() : { share: share() });
    });
    const client = createManilaClient({ endpoint: `${slow.origin}/v2`, token: 't0ken-value', timeoutMs: 60_000 });
    const started = Date.now();
    const err = await client.shares.show(SHARE_ID, { timeoutMs: 200 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TimeoutError);
    expect(since(started)).toBeLessThan(1000);
  });

  it('one caller\'s abort neither fails the others sharing a negotiation nor waits for it', async () => {
    const m = await serve(async (hit, res) => {
      if (hit.path === '/v2/') await delay(400);
      json(res, 200, hit.path === '/v2/' ? versionDocument() : { share: share() });
    });
    const client = createManilaClient({ endpoint: `${m.origin}/v2`, token: 't0ken-value' });
    const ac = new AbortController();
    const started = Date.now();
    const first = client.shares.show(SHARE_ID, { signal: ac.signal }).catch((e: unknown) => e);
    const second = client.shares.show(SHARE_ID);
    setTimeout(() => ac.abort(), 50);
    expect(await first).toBeInstanceOf(AbortedError);
    expect(since(started)).toBeLessThan(300);
    expect((await second).id).toBe(SHARE_ID);
    expect(m.hits.filter((h) => h.path === '/v2/')).toHaveLength(1);
  });

  it('one caller\'s abort neither fails the others sharing a Keystone login nor waits for it', async () => {
    const m = await manila((_hit, res) => json(res, 200, { share: share() }));
    const ks = await keystone({ manila: m.endpoint });
    const slowKs = await serve(async (hit, res, req) => {
      await delay(400);
      // Hand the request to the real imitation once the delay is over.
      const r = await fetch(`${ks.origin}${hit.url}`, { method: hit.method, headers: { 'content-type': 'application/json' }, body: hit.body });
      res.writeHead(r.status, Object.fromEntries(r.headers));
      res.end(await r.text());
      void req;
    });
    const auth = new KeystoneAuth({ authUrl: `${slowKs.origin}/v3`, username: 'u', userDomainId: 'default', password: 'pa55word-secret', projectId: 'p' });
    const client = createManilaClient({ auth, microversion: '2.99' });
    const ac = new AbortController();
    const started = Date.now();
    const first = client.shares.show(SHARE_ID, { signal: ac.signal }).catch((e: unknown) => e);
    const second = client.shares.show(SHARE_ID);
    setTimeout(() => ac.abort(), 50);
    expect(await first).toBeInstanceOf(AbortedError);
    expect(since(started)).toBeLessThan(300);
    expect((await second).id).toBe(SHARE_ID);
    expect(ks.issued()).toBe(1);
  });
});

describe('timer values and Retry-After', () => {
  it('clamps a limit past what a timer holds instead of firing at once, and refuses one that is not a time', async () => {
    const m = await manila(async (_hit, res) => {
      await delay(100);
      json(res, 200, { share: share() });
    });
    const client = createManilaClient({ endpoint: m.endpoint, token: 't0ken-value', microversion: '2.99', timeoutMs: 2 ** 31 });
    expect((await client.shares.show(SHARE_ID, { timeoutMs: 2 ** 40 })).id).toBe(SHARE_ID);
    expect(() => createManilaClient({ endpoint: m.endpoint, token: 't', timeoutMs: Number.NaN })).toThrow(ValidationError);
    await expect(client.shares.show(SHARE_ID, { timeoutMs: -1 })).rejects.toBeInstanceOf(ValidationError);
    expect(m.hits).toHaveLength(1);
  });

  it('reads Retry-After as an HTTP date, for the wait and for the error', async () => {
    const at = new Date(Date.now() + 1500).toUTCString();
    const m = await manila((_hit, res) => json(res, 503, { serviceUnavailable: { code: 503, message: 'busy' } }, { 'Retry-After': at }));
    const client = createManilaClient({ endpoint: m.endpoint, token: 't0ken-value', microversion: '2.99', retries: { maxAttempts: 2, baseDelayMs: 1, maxDelayMs: 1 } });
    const started = Date.now();
    const err = (await client.shares.show(SHARE_ID).catch((e: unknown) => e)) as ServerError;
    expect(err).toBeInstanceOf(ServerError);
    expect(err.retryAfter).toBeGreaterThanOrEqual(0);
    expect(err.retryAfter).toBeLessThanOrEqual(2);
    expect(m.hits).toHaveLength(2);
    // Waited for the date (about a second), not the 1 ms backoff.
    expect(since(started)).toBeGreaterThanOrEqual(400);
  });

  it('treats a negative or garbled Retry-After as no instruction: the backoff applies, not a retry at once', async () => {
    const m = await manila((_hit, res) => json(res, 503, { serviceUnavailable: { code: 503, message: 'busy' } }, { 'Retry-After': '-5' }));
    const client = createManilaClient({ endpoint: m.endpoint, token: 't0ken-value', microversion: '2.99', retries: { maxAttempts: 2, baseDelayMs: 400, maxDelayMs: 400 }, random: () => 0.999 });
    const started = Date.now();
    const err = (await client.shares.show(SHARE_ID).catch((e: unknown) => e)) as ServerError;
    expect(err.retryAfter).toBeUndefined();
    expect(since(started)).toBeGreaterThanOrEqual(350);
    expect(m.hits).toHaveLength(2);
  });
});

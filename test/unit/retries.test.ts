import { describe, expect, it } from 'vitest';
import { http, HttpResponse } from 'msw';
import { AbortedError, NetworkError, OverLimitError, ServerError, TimeoutError } from '../../src/index.js';
import { backoffMs, DEFAULT_RETRY } from '../../src/handwritten/transport.js';
import { parseRetryAfter } from '../../src/handwritten/retry-after.js';
import { ENDPOINT, fault, pinned, route, server } from './support/manila-mock.js';

const LIMITS = { limits: { rate: [], absolute: {} } };

describe('retries and time limits', () => {
  it('retries a GET on 503 and honours Retry-After', async () => {
    const times: number[] = [];
    const seen = route('GET', '/limits', (_s, n) => {
      times.push(Date.now());
      return n === 1 ? fault(503, 'serviceUnavailable', 'busy', { 'Retry-After': '1' }) : HttpResponse.json(LIMITS);
    });
    const out = await pinned('2.50', { retries: { maxAttempts: 3, baseDelayMs: 1, maxDelayMs: 2 } }).limits.show();
    expect(out).toEqual(LIMITS.limits);
    expect(seen).toHaveLength(2);
    // The backoff alone would be a few ms; Retry-After says one second.
    expect(times[1] - times[0]).toBeGreaterThanOrEqual(950);
  });

  it('gives up after maxAttempts and surfaces the last error', async () => {
    const seen = route('GET', '/limits', () => fault(503, 'serviceUnavailable', 'still busy'));
    const err = await pinned('2.50', { retries: 3 }).limits.show().catch((e) => e);
    expect(err).toBeInstanceOf(ServerError);
    expect(err.status).toBe(503);
    expect(seen).toHaveLength(3);
  });

  it('does not wait for a Retry-After beyond the cap', async () => {
    const seen = route('GET', '/limits', () => fault(503, 'serviceUnavailable', 'come back tomorrow', { 'Retry-After': '86400' }));
    const err = await pinned('2.50').limits.show().catch((e) => e);
    expect(err.retryAfter).toBe(86400);
    expect(seen).toHaveLength(1);
  });

  it('retries a GET that the rate limiter answered with 413 and Retry-After, but not a plain 413', async () => {
    const limited = route('GET', '/limits', (_s, n) =>
      n === 1 ? fault(413, 'overLimit', 'This request was rate-limited.', { 'Retry-After': '0' }) : HttpResponse.json(LIMITS),
    );
    expect(await pinned('2.50').limits.show()).toEqual(LIMITS.limits);
    expect(limited).toHaveLength(2);
    const tooLarge = route('GET', '/availability-zones', () => fault(413, 'overLimit', 'too large'));
    const err = await pinned('2.50').availabilityZones.list().catch((e) => e);
    expect(err).toBeInstanceOf(OverLimitError);
    expect(tooLarge).toHaveLength(1);
  });

  it('does not retry a 500 (a fault, not an overload)', async () => {
    const seen = route('GET', '/limits', () => fault(500, 'computeFault', 'boom'));
    await expect(pinned('2.50').limits.show()).rejects.toBeInstanceOf(ServerError);
    expect(seen).toHaveLength(1);
  });

  it('retries a GET after a network failure', async () => {
    let n = 0;
    server.use(http.get(`${ENDPOINT}/limits`, () => (++n === 1 ? HttpResponse.error() : HttpResponse.json(LIMITS))));
    expect(await pinned('2.50').limits.show()).toEqual(LIMITS.limits);
    expect(n).toBe(2);
  });

  it('reports a network failure as NetworkError once attempts run out', async () => {
    server.use(http.get(`${ENDPOINT}/limits`, () => HttpResponse.error()));
    const err = await pinned('2.50', { retries: 2 }).limits.show().catch((e) => e);
    expect(err).toBeInstanceOf(NetworkError);
    expect(err.sent).toBe(true);
  });

  it('times out a slow attempt, then retries the GET', async () => {
    let n = 0;
    server.use(
      http.get(`${ENDPOINT}/limits`, async () => {
        if (++n === 1) await new Promise((r) => setTimeout(r, 2000));
        return HttpResponse.json(LIMITS);
      }),
    );
    expect(await pinned('2.50', { timeoutMs: 100 }).limits.show()).toEqual(LIMITS.limits);
    expect(n).toBe(2);
  });

  it('raises TimeoutError when every attempt is too slow', async () => {
    server.use(http.get(`${ENDPOINT}/limits`, async () => (await new Promise((r) => setTimeout(r, 2000)), HttpResponse.json(LIMITS))));
    const err = await pinned('2.50', { timeoutMs: 50, retries: 2 }).limits.show().catch((e) => e);
    expect(err).toBeInstanceOf(TimeoutError);
    expect(err.timeoutMs).toBe(50);
  });

  it('stops at once when the caller aborts, retries included', async () => {
    const seen = route('GET', '/limits', () => fault(503, 'serviceUnavailable', 'busy', { 'Retry-After': '30' }));
    const ac = new AbortController();
    setTimeout(() => ac.abort(), 100);
    const started = Date.now();
    const err = await pinned('2.50', { retries: { maxAttempts: 5, maxRetryAfterMs: 60_000 } }).limits.show({ signal: ac.signal }).catch((e) => e);
    expect(err).toBeInstanceOf(AbortedError);
    expect(Date.now() - started).toBeLessThan(5000);
    expect(seen).toHaveLength(1);
  });

  it('parses Retry-After as seconds or as an HTTP date', () => {
    expect(parseRetryAfter('7')).toBe(7);
    const now = Date.parse('2026-01-01T00:00:00Z');
    expect(parseRetryAfter('Thu, 01 Jan 2026 00:00:10 GMT', now)).toBe(10);
    expect(parseRetryAfter('Thu, 01 Jan 2026 00:00:10 GMT', now + 60_000)).toBe(0);
    expect(parseRetryAfter('soon')).toBeUndefined();
    expect(parseRetryAfter('-5')).toBeUndefined();
    expect(parseRetryAfter('1e3')).toBeUndefined();
    expect(parseRetryAfter(String(2 ** 40))).toBeUndefined();
    expect(parseRetryAfter(null)).toBeUndefined();
  });

  it('backs off exponentially with full jitter under a ceiling', () => {
    const r = { ...DEFAULT_RETRY, baseDelayMs: 100, maxDelayMs: 1000 };
    expect(backoffMs(1, r, () => 0.999)).toBe(99);
    expect(backoffMs(3, r, () => 0.999)).toBe(399);
    expect(backoffMs(10, r, () => 0.999)).toBe(999);
    expect(backoffMs(3, r, () => 0)).toBe(0);
  });
});

describe('requests that change something are never repeated once they may have arrived', () => {
  const ID = '0b5e8f4c-5cd4-4c6f-a4f6-3a5b2f2c5a11';

  it('does not retry an action on 503', async () => {
    const seen = route('POST', `/shares/${ID}/action`, () => fault(503, 'serviceUnavailable', 'busy', { 'Retry-After': '0' }));
    const err = await pinned('2.99', { retries: 5 }).shares.extend(ID, { new_size: 2 }).catch((e) => e);
    expect(err).toBeInstanceOf(ServerError);
    expect(err.status).toBe(503);
    expect(seen).toHaveLength(1);
  });

  it('does not retry a create refused for quota (413 with Retry-After, as Manila sends it)', async () => {
    const seen = route('POST', '/shares', () => fault(413, 'overLimit', 'Requested share exceeds allowed project/user or share type gigabytes quota.', { 'Retry-After': '0' }));
    const err = await pinned('2.99', { retries: 5 }).shares.create({ share_proto: 'NFS', size: 1 }).catch((e) => e);
    expect(err).toBeInstanceOf(OverLimitError);
    expect(err.retryAfter).toBe(0);
    expect(seen).toHaveLength(1);
  });

  it('does not retry a create after the connection failed mid-request', async () => {
    let n = 0;
    server.use(http.post(`${ENDPOINT}/shares`, () => (n++, HttpResponse.error())));
    const err = await pinned('2.99', { retries: 5 }).shares.create({ share_proto: 'NFS', size: 1 }).catch((e) => e);
    expect(err).toBeInstanceOf(NetworkError);
    expect(err.sent).toBe(true);
    expect(n).toBe(1);
  });

  it('does not retry a delete that timed out', async () => {
    let n = 0;
    server.use(http.delete(`${ENDPOINT}/shares/${ID}`, async () => (n++, await new Promise((r) => setTimeout(r, 500)), new HttpResponse(null, { status: 202 }))));
    const err = await pinned('2.99', { retries: 5, timeoutMs: 50 }).shares.delete(ID).catch((e) => e);
    expect(err).toBeInstanceOf(TimeoutError);
    expect(n).toBe(1);
  });

  it('retries a create whose connection was refused, since nothing was sent', async () => {
    let n = 0;
    const refused = async (): Promise<Response> => {
      n++;
      // The shape undici gives a refused connection.
      throw Object.assign(new TypeError('fetch failed'), { cause: Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:8786'), { code: 'ECONNREFUSED' }) });
    };
    const err = await pinned('2.99', { retries: 3, fetch: refused }).shares.create({ share_proto: 'NFS', size: 1 }).catch((e) => e);
    expect(err).toBeInstanceOf(NetworkError);
    expect(err.sent).toBe(false);
    expect(err.message).toContain('ECONNREFUSED');
    expect(n).toBe(3);
  });
});

// Concurrent waits on shares share their polls: a list filtered by the
// pending status answers for all of them each round, and only what left it
// is read again. Each wait keeps its own failure states, explanation,
// progress callback, time limit and signal.
import { describe, expect, it } from 'vitest';
import { HttpResponse } from 'msw';
import { AbortedError, WaitFailedError, WaitTimeoutError } from '../../src/index.js';
import { pinned, route } from './support/manila-mock.js';

const ids = Array.from({ length: 100 }, (_, i) => `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`);

/** Shares that turn `available` (or `final`) on the given poll of each; counts polls per share. */
function shares(readyOn: number, final: (id: string) => string = () => 'available') {
  const polls = new Map<string, number>();
  const state = (id: string) => {
    const n = (polls.get(id) ?? 0) + 1;
    polls.set(id, n);
    return n >= readyOn ? final(id) : 'creating';
  };
  const show = route('GET', '/shares/:id', (s) => HttpResponse.json({ share: { id: s.path.split('/')[2], status: state(s.path.split('/')[2]), size: 1 } }));
  const list = route('GET', '/shares/detail', (s) => {
    const wanted = s.query.get('status');
    const items = ids.map((id) => ({ id, peek: (polls.get(id) ?? 0) + 1 >= readyOn ? final(id) : 'creating' }));
    const hits = items.filter((x) => x.peek === wanted);
    for (const x of hits) state(x.id);
    return HttpResponse.json({ shares: hits.map((x) => ({ id: x.id, status: x.peek, size: 1 })), count: hits.length });
  });
  return { show, list, polls };
}

const FAST = { minDelayMs: 100, maxDelayMs: 100 };

describe('batched waits', () => {
  it('100 shares available on their fifth poll cost a handful of requests, not 500', async () => {
    const { show, list } = shares(5);
    const m = pinned('2.99');
    const done = await Promise.all(ids.map((id) => m.waitFor.share(id, FAST)));
    expect(done.every((s) => s.status === 'available')).toBe(true);
    const requests = show.length + list.length;
    // Five rounds: the first learns the state from one share and lists the
    // rest; three list; the last lists, finds none creating and lists the available.
    expect(requests).toBeLessThanOrEqual(5 + 100);
    expect(requests).toBeLessThanOrEqual(8);
    expect(list.every((l) => l.query.get('status') === 'creating' || l.query.get('status') === 'available')).toBe(true);
  });

  it('each wait keeps its own failure, explanation and progress', async () => {
    const failing = new Set(ids.slice(0, 3));
    shares(3, (id) => (failing.has(id) ? 'error' : 'available'));
    const messages = route('GET', '/messages', (s) => HttpResponse.json({ messages: [{ user_message: `no host for ${s.query.get('resource_id')}` }] }));
    const m = pinned('2.99');
    const progress = new Map<string, number>();
    const outcomes = await Promise.all(
      ids.slice(0, 20).map((id) =>
        m.waitFor.share(id, { ...FAST, onProgress: () => progress.set(id, (progress.get(id) ?? 0) + 1) }).then(
          (s) => s.status,
          (e: unknown) => e,
        ),
      ),
    );
    const failures = outcomes.filter((o) => o instanceof WaitFailedError) as WaitFailedError[];
    expect(failures.map((f) => f.id).sort()).toEqual([...failing].sort());
    for (const f of failures) expect(f.message).toContain(`no host for ${f.id}`);
    expect(messages).toHaveLength(3);
    expect(outcomes.filter((o) => o === 'available')).toHaveLength(17);
    // Every wait heard of every poll that read its share (the mock moves a
    // share on whenever it is read, so the first share, read alone and then
    // listed in round one, may turn ready a poll early).
    expect(progress.size).toBe(20);
    expect([...progress.values()].filter((n) => n < 2)).toEqual([]);
  });

  it('one wait\'s abort or time limit ends that wait only', async () => {
    shares(4);
    const m = pinned('2.99');
    const ac = new AbortController();
    setTimeout(() => ac.abort(), 150);
    const [aborted, timedOut, ...rest] = await Promise.all(
      ids.slice(0, 10).map((id, i) =>
        m.waitFor.share(id, { ...FAST, ...(i === 0 ? { signal: ac.signal } : i === 1 ? { maxWaitMs: 150 } : {}) }).then(
          (s) => s.status,
          (e: unknown) => e,
        ),
      ),
    );
    expect(aborted).toBeInstanceOf(AbortedError);
    expect(timedOut).toBeInstanceOf(WaitTimeoutError);
    expect(rest.every((s) => s === 'available')).toBe(true);
  });

  it('falls back to reading one by one when the list cannot answer', async () => {
    const polls = new Map<string, number>();
    const show = route('GET', '/shares/:id', (s) => {
      const id = s.path.split('/')[2];
      polls.set(id, (polls.get(id) ?? 0) + 1);
      return HttpResponse.json({ share: { id, status: polls.get(id)! >= 2 ? 'available' : 'creating' } });
    });
    const list = route('GET', '/shares/detail', () => HttpResponse.json({ computeFault: { code: 500, message: 'no' } }, { status: 500 }));
    const m = pinned('2.99');
    const done = await Promise.all(ids.slice(0, 5).map((id) => m.waitFor.share(id, FAST)));
    expect(done.every((s) => s.status === 'available')).toBe(true);
    expect(list.length).toBeGreaterThanOrEqual(1);
    expect(show.length).toBeGreaterThanOrEqual(5);
  });
});

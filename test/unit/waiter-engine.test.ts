// The one poller behind every generated waiter, driven by hand-made waiter
// specs: two state fields (a replica's status and replica_state), a wait on
// task_state (a migration), a resource found in a list, and the limits a
// wait keeps (floor on the delay, time limit over the poll in flight,
// transient errors sat out, a bounded explanation).
import { describe, expect, it } from 'vitest';
import { createWaiters, MIN_POLL_DELAY_MS, type WaiterHost } from '../../src/handwritten/waiters.js';
import type { WaiterSpec } from '../../src/handwritten/operation-spec.js';
import { ForbiddenError, NotFoundError, ServerError, ValidationError, WaitFailedError, WaitTimeoutError } from '../../src/index.js';

type Json = Record<string, unknown>;

/** A host whose `things.show` answers each state in turn (the last forever), counting calls. */
function host(states: Array<Json | Error>, opts: { version?: string; messages?: (signal?: AbortSignal) => Promise<unknown> } = {}) {
  const calls: Array<{ at: number; args: unknown[] }> = [];
  const h: WaiterHost = {
    version: async () => ({ version: opts.version ?? '2.99' }),
    method: (name) => {
      if (name === 'messages.list') return (async (_q: unknown, o: { signal?: AbortSignal }) => (opts.messages ? opts.messages(o?.signal) : { items: [] })) as never;
      return (async (...args: unknown[]) => {
        calls.push({ at: Date.now(), args });
        const st = states[Math.min(calls.length, states.length) - 1];
        if (st instanceof Error) throw st;
        return st;
      }) as never;
    },
  };
  return { h, calls };
}

const replica: WaiterSpec = {
  states: { status: { ready: ['available'], failure: ['error'] }, replica_state: { ready: ['in_sync', 'active'], failure: ['error'] } },
  deleted: true,
  explain: true,
  via: [{ method: 'things.show' }],
};
const migration: WaiterSpec = { states: { task_state: { ready: ['migration_driver_phase1_done', 'migration_success'], failure: ['migration_error', 'migration_cancelled'] } }, via: [{ method: 'things.show', min: '2.22' }] };
const FAST = { minDelayMs: 100, maxDelayMs: 100 };
const notFound = () => new NotFoundError('not_found', { status: 404, method: 'GET', path: '/things/x' });
const unavailable = () => new ServerError('server', { status: 503, method: 'GET', path: '/things/x' });

describe('the poller', () => {
  it('waits until every state field is ready', async () => {
    const { h, calls } = host([
      { status: 'creating', replica_state: null },
      { status: 'available', replica_state: 'out_of_sync' },
      { status: 'available', replica_state: 'in_sync' },
    ]);
    const w = createWaiters(h, { replica });
    expect(await w.replica('r1', FAST)).toEqual({ status: 'available', replica_state: 'in_sync' });
    expect(calls).toHaveLength(3);
  });

  it('fails when any state field reaches a failure state, naming the field and the other states', async () => {
    const { h } = host([{ status: 'available', replica_state: 'error' }]);
    const err = await createWaiters(h, { replica }).replica('r1', FAST).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(WaitFailedError);
    expect((err as Error).message).toMatch(/replica r1 reached replica_state error/);
  });

  it('waits on task_state with targets a caller picks, per field', async () => {
    const { h } = host([{ task_state: 'migration_in_progress' }, { task_state: 'migration_driver_phase1_done' }, { task_state: 'migration_success' }]);
    const w = createWaiters(h, { migration });
    expect(await w.migration('s1', { ...FAST, until: { task_state: 'migration_success' } })).toEqual({ task_state: 'migration_success' });
    await expect(w.migration('s1', { ...FAST, until: { status: 'x' } })).rejects.toThrow(/"status" is not a state the wait judges/);
  });

  it('cannot read a resource below the version its field exists at', async () => {
    const { h } = host([{ task_state: 'x' }], { version: '2.21' });
    await expect(createWaiters(h, { migration }).migration('s1', FAST)).rejects.toThrow(/cannot read a migration at microversion 2\.21/);
  });

  it('finds the resource in a list, with its parent id as an option, and sees it leave the list', async () => {
    const rules: WaiterSpec = { states: { state: { ready: ['active'], failure: ['error'] } }, deleted: true, via: [{ method: 'things.list', find: 'id', parents: ['parentId'] }] };
    const page = (items: Json[]) => ({ items, [Symbol.asyncIterator]: async function* () { yield* items; } });
    const answers = [page([{ id: 'a', state: 'new' }]), page([{ id: 'a', state: 'active' }]), page([])];
    const seen: unknown[][] = [];
    const h: WaiterHost = {
      version: async () => ({ version: '2.99' }),
      method: () => ((...args: unknown[]) => (seen.push(args), answers[Math.min(seen.length, answers.length) - 1])) as never,
    };
    const w = createWaiters(h, { rule: rules });
    expect(await w.rule('a', { ...FAST, parentId: 'p1' })).toEqual({ id: 'a', state: 'active' });
    await w.ruleDeleted('a', { ...FAST, parentId: 'p1' });
    expect(seen[0].slice(0, 2)).toEqual(['p1', undefined]);
    await expect(w.rule('a', FAST)).rejects.toThrow(/needs the parentId option/);
  });

  it('refuses unknown options instead of ignoring them', async () => {
    const { h, calls } = host([{ status: 'available', replica_state: 'active' }]);
    const w = createWaiters(h, { replica });
    await expect(w.replica('r1', { status: 'error' })).rejects.toBeInstanceOf(ValidationError);
    await expect(w.replicaDeleted('r1', { until: 'x' })).rejects.toThrow(/unknown option "until"/);
    expect(calls).toHaveLength(0);
  });

  it('never polls faster than the floor, whatever minDelayMs says', async () => {
    const { h, calls } = host([{ status: 'creating' }, { status: 'creating' }, { status: 'creating' }, { status: 'available', replica_state: 'active' }]);
    await createWaiters(h, { replica }).replica('r1', { minDelayMs: 0, maxDelayMs: 0 });
    const gaps = calls.slice(1).map((c, i) => c.at - calls[i].at);
    expect(Math.min(...gaps)).toBeGreaterThanOrEqual(MIN_POLL_DELAY_MS - 5);
  });

  it('bounds the whole wait, the poll in flight included', async () => {
    const h: WaiterHost = {
      version: async () => ({ version: '2.99' }),
      // A poll that hangs until its own time limit says stop.
      method: () => ((_id: unknown, o: { timeoutMs: number }) => new Promise((_, reject) => setTimeout(() => reject(unavailable()), o.timeoutMs))) as never,
    };
    const started = Date.now();
    const err = await createWaiters(h, { replica }).replica('r1', { ...FAST, maxWaitMs: 300 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(WaitTimeoutError);
    expect(Date.now() - started).toBeLessThan(1000);
  });

  it('sits out transient errors within its time limit, but not others', async () => {
    const { h, calls } = host([unavailable(), unavailable(), { status: 'available', replica_state: 'active' }]);
    expect(await createWaiters(h, { replica }).replica('r1', FAST)).toMatchObject({ status: 'available' });
    expect(calls).toHaveLength(3);
    const forbidden = new ForbiddenError('forbidden', { status: 403, method: 'GET', path: '/things/x' });
    await expect(createWaiters(host([forbidden]).h, { replica }).replica('r1', FAST)).rejects.toBe(forbidden);
    const err = await createWaiters(host([unavailable()]).h, { replica }).replica('r1', { ...FAST, maxWaitMs: 250 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(WaitTimeoutError);
    expect((err as Error).cause).toBeInstanceOf(ServerError);
  });

  it('treats a 404 as done for a deletion wait and as a failure otherwise', async () => {
    await createWaiters(host([{ status: 'deleting' }, notFound()]).h, { replica }).replicaDeleted('r1', FAST);
    await expect(createWaiters(host([{ status: 'creating' }, notFound()]).h, { replica }).replica('r1', FAST)).rejects.toThrow(/no longer exists/);
  });

  it('a late deletion (the status moves only when a service picks it up) ignores the failure state it started in', async () => {
    const server: WaiterSpec = { states: { status: { ready: ['active'], failure: ['error'] } }, deleted: true, lateDelete: true, via: [{ method: 'things.show' }] };
    await createWaiters(host([{ status: 'error' }, { status: 'error' }, { status: 'deleting' }, notFound()]).h, { server }).serverDeleted('s1', FAST);
    const failed = await createWaiters(host([{ status: 'error' }, { status: 'deleting' }, { status: 'error' }]).h, { server }).serverDeleted('s1', FAST).catch((e: unknown) => e);
    expect(failed).toBeInstanceOf(WaitFailedError);
    // Without the mark, a failure state is a failure from the first poll.
    const plain = await createWaiters(host([{ status: 'error' }]).h, { server: { ...server, lateDelete: undefined } }).serverDeleted('s1', FAST).catch((e: unknown) => e);
    expect(plain).toBeInstanceOf(WaitFailedError);
  });

  it('explains a failure with Manila\'s messages, but never waits long for them', async () => {
    const slow = (signal?: AbortSignal) => new Promise((_, reject) => signal?.addEventListener('abort', () => reject(new Error('aborted'))));
    const started = Date.now();
    const err = await createWaiters(host([{ status: 'error' }], { messages: slow }).h, { replica }).replica('r1', FAST).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(WaitFailedError);
    expect((err as WaitFailedError).messages).toEqual([]);
    expect(Date.now() - started).toBeLessThan(4500);
    const told = await createWaiters(host([{ status: 'error' }], { messages: async () => ({ items: [{ user_message: 'no valid host' }] }) }).h, { replica }).replica('r1', FAST).catch((e: unknown) => e);
    expect((told as Error).message).toMatch(/: no valid host$/);
  });
});

import { describe, expect, it } from 'vitest';
import { HttpResponse } from 'msw';
import { AbortedError, WaitFailedError, WaitTimeoutError } from '../../src/index.js';
import { fault, pinned, route } from './support/manila-mock.js';

const ID = '0b5e8f4c-5cd4-4c6f-a4f6-3a5b2f2c5a11';
const FAST = { minDelayMs: 100, maxDelayMs: 100 };

/** Answers GET /shares/ID with each state in turn, the last one forever. */
function shareStates(...states: Array<Record<string, unknown> | 404>) {
  return route('GET', `/shares/${ID}`, (_s, n) => {
    const st = states[Math.min(n, states.length) - 1];
    return st === 404 ? fault(404, 'itemNotFound', `Share ${ID} could not be found.`) : HttpResponse.json({ share: { id: ID, ...st } });
  });
}

describe('waiters', () => {
  it('polls until the share is available and reports progress', async () => {
    const seen = shareStates({ status: 'creating', progress: '0%' }, { status: 'creating', progress: '50%' }, { status: 'available', progress: '100%' });
    const progress: unknown[] = [];
    const share = await pinned('2.54').waitFor.share(ID, { ...FAST, onProgress: (s) => progress.push(s.progress) });
    expect(share.status).toBe('available');
    expect(progress).toEqual(['0%', '50%', '100%']);
    expect(seen).toHaveLength(3);
  });

  it('fails with the last state and Manila\'s reason when the share goes to error', async () => {
    shareStates({ status: 'creating' }, { status: 'error', task_state: null });
    const why = 'allocate host: No storage could be allocated for this share request.';
    const asked = route('GET', '/messages', { messages: [{ user_message: why, created_at: '2026-01-01T00:00:00.000000' }] });
    const err = await pinned('2.54').waitFor.share(ID, FAST).catch((e) => e);
    expect(err).toBeInstanceOf(WaitFailedError);
    expect(err.lastState).toMatchObject({ id: ID, status: 'error' });
    expect(err.message).toContain('reached status error');
    expect(err.message).toContain(why);
    expect(err.messages).toHaveLength(1);
    expect(asked[0].query.get('resource_id')).toBe(ID);
  });

  it('asks once more when the message explaining the error is not written yet', async () => {
    shareStates({ status: 'error' });
    const why = 'allocate host: No storage could be allocated for this share request.';
    const asked = route('GET', '/messages', (_s, n) => HttpResponse.json({ messages: n === 1 ? [] : [{ user_message: why }] }));
    const err = await pinned('2.54').waitFor.share(ID, FAST).catch((e) => e);
    expect(err.message).toContain(why);
    expect(asked).toHaveLength(2);
  });

  it('still reports the failure when the messages cannot be read', async () => {
    shareStates({ status: 'error' });
    route('GET', '/messages', () => fault(500, 'computeFault', 'boom'));
    const err = await pinned('2.54').waitFor.share(ID, FAST).catch((e) => e);
    expect(err).toBeInstanceOf(WaitFailedError);
    expect(err.messages).toEqual([]);
  });

  it('does not ask for user messages below 2.37', async () => {
    shareStates({ status: 'error' });
    const err = await pinned('2.36').waitFor.share(ID, FAST).catch((e) => e);
    expect(err).toBeInstanceOf(WaitFailedError);
    expect(err.messages).toEqual([]);
  });

  for (const state of ['extending_error', 'shrinking_possible_data_loss_error', 'reverting_error', 'manage_error', 'error_deleting']) {
    it(`treats ${state} as a failure`, async () => {
      route('GET', '/messages', { messages: [] });
      shareStates({ status: state });
      await expect(pinned('2.54').waitFor.share(ID, FAST)).rejects.toBeInstanceOf(WaitFailedError);
    });
  }

  it('can wait for an error state on purpose', async () => {
    shareStates({ status: 'creating' }, { status: 'error' });
    expect((await pinned('2.54').waitFor.share(ID, { ...FAST, until: ['error'] })).status).toBe('error');
  });

  it('treats 404 as done when waiting for deletion', async () => {
    const seen = shareStates({ status: 'deleting' }, { status: 'deleting' }, 404);
    await pinned('2.54').waitFor.shareDeleted(ID, FAST);
    expect(seen).toHaveLength(3);
  });

  it('fails when the share vanishes while waited on for a status', async () => {
    shareStates({ status: 'creating' }, 404);
    const err = await pinned('2.54').waitFor.share(ID, FAST).catch((e) => e);
    expect(err).toBeInstanceOf(WaitFailedError);
    expect(err.lastState).toMatchObject({ status: 'creating' });
  });

  it('fails a deletion wait on error_deleting', async () => {
    route('GET', '/messages', { messages: [] });
    shareStates({ status: 'deleting' }, { status: 'error_deleting' });
    await expect(pinned('2.54').waitFor.shareDeleted(ID, FAST)).rejects.toBeInstanceOf(WaitFailedError);
  });

  it('gives up after maxWaitMs with the last state', async () => {
    shareStates({ status: 'creating' });
    const err = await pinned('2.54').waitFor.share(ID, { minDelayMs: 100, maxDelayMs: 100, maxWaitMs: 250 }).catch((e) => e);
    expect(err).toBeInstanceOf(WaitTimeoutError);
    expect(err.lastState).toMatchObject({ status: 'creating' });
  });

  it('stops when the signal aborts', async () => {
    shareStates({ status: 'creating' });
    const ac = new AbortController();
    setTimeout(() => ac.abort(), 50);
    await expect(pinned('2.54').waitFor.share(ID, { minDelayMs: 100, maxDelayMs: 100, signal: ac.signal })).rejects.toBeInstanceOf(AbortedError);
  });

  it('waits for an access rule through the rules API from 2.45', async () => {
    const rule = '6d0b7a3e-6f0a-4f5c-9f44-1c1d1f1e1a22';
    const seen = route('GET', `/share-access-rules/${rule}`, (_s, n) =>
      HttpResponse.json({ access: { id: rule, state: n < 2 ? 'queued_to_apply' : 'active' } }),
    );
    expect((await pinned('2.45').waitFor.accessRule(rule, FAST)).state).toBe('active');
    expect(seen).toHaveLength(2);
  });

  it('waits for an access rule through the share access list below 2.45', async () => {
    const rule = '6d0b7a3e-6f0a-4f5c-9f44-1c1d1f1e1a22';
    const seen = route('POST', `/shares/${ID}/action`, (_s, n) =>
      HttpResponse.json({ access_list: [{ id: rule, state: n < 2 ? 'new' : 'active', access_type: 'ip', access_to: '10.0.0.1', access_level: 'rw' }] }),
    );
    expect((await pinned('2.40').waitFor.accessRule(rule, { ...FAST, shareId: ID })).state).toBe('active');
    expect(seen[0].body).toEqual({ access_list: null });
  });

  it('fails an access rule wait on error', async () => {
    const rule = '6d0b7a3e-6f0a-4f5c-9f44-1c1d1f1e1a22';
    route('GET', `/share-access-rules/${rule}`, () => HttpResponse.json({ access: { id: rule, state: 'error' } }));
    await expect(pinned('2.45').waitFor.accessRule(rule, FAST)).rejects.toBeInstanceOf(WaitFailedError);
  });

  it('waits for a snapshot access rule to become active, then to leave the list', async () => {
    const rule = '6d0b7a3e-6f0a-4f5c-9f44-1c1d1f1e1a22';
    const states = ['queued_to_apply', 'active', 'queued_to_deny', 'gone'];
    const seen = route('GET', `/snapshots/${ID}/access-list`, (_s, n) => {
      const state = states[Math.min(n, states.length) - 1];
      const list = state === 'gone' ? [] : [{ id: rule, state, access_type: 'ip', access_to: '10.0.0.1' }];
      return HttpResponse.json({ snapshot_access_list: list });
    });
    const m = pinned('2.32');
    expect((await m.waitFor.snapshotAccessRule(rule, { ...FAST, snapshotId: ID })).state).toBe('active');
    await m.waitFor.snapshotAccessRuleDeleted(rule, { ...FAST, snapshotId: ID });
    expect(seen).toHaveLength(4);
  });

  it('fails a snapshot access rule wait on error, and when the rule vanishes', async () => {
    const rule = '6d0b7a3e-6f0a-4f5c-9f44-1c1d1f1e1a22';
    route('GET', `/snapshots/${ID}/access-list`, () => HttpResponse.json({ snapshot_access_list: [{ id: rule, state: 'error' }] }));
    const err = await pinned('2.32').waitFor.snapshotAccessRule(rule, { ...FAST, snapshotId: ID }).catch((e) => e);
    expect(err).toBeInstanceOf(WaitFailedError);
    expect(err.message).toMatch(/snapshotAccessRule .* reached state error/);
    route('GET', `/snapshots/${ID}/access-list`, () => HttpResponse.json({ snapshot_access_list: [] }));
    await expect(pinned('2.32').waitFor.snapshotAccessRule(rule, { ...FAST, snapshotId: ID })).rejects.toThrow(/no longer exists/);
  });
});

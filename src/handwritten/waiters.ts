// Status polling in the style of the AWS SDK v3 waiters: growing delays with
// jitter between a floor and a ceiling, a total time limit, an AbortSignal,
// and an error that carries the resource as the server last showed it.
import { AbortedError, ManilaError, NotFoundError, WaitFailedError, WaitTimeoutError } from './errors.js';
import { sleep } from './transport.js';
import type { ManilaClient } from './client.js';
import { compareVersions } from './microversion.js';
import type { SharesApi, SnapshotsApi } from '../generated/methods.js';

type Share = Awaited<ReturnType<SharesApi['show']>>;
type Snapshot = Awaited<ReturnType<SnapshotsApi['show']>>;

export interface WaitOptions<T> {
  /** First pause between polls in ms. Default 1000. */
  minDelayMs?: number;
  /** Longest pause between polls in ms. Default 15000. */
  maxDelayMs?: number;
  /** Give up after this long in ms. Default 30 minutes. */
  maxWaitMs?: number;
  signal?: AbortSignal;
  /** Called with every representation polled (shares report `progress`). */
  onProgress?: (resource: T) => void;
}

export interface StatusWaitOptions<T> extends WaitOptions<T> {
  /** The state(s) to wait for. Default: the resource's ready state. */
  status?: string | string[];
}

type Json = Record<string, unknown>;

export const SHARE_FAILURE_STATES = [
  'error',
  'error_deleting',
  'extending_error',
  'shrinking_error',
  'shrinking_possible_data_loss_error',
  'manage_error',
  'unmanage_error',
  'reverting_error',
  'backup_restoring_error',
] as const;
export const SNAPSHOT_FAILURE_STATES = ['error', 'error_deleting', 'manage_error', 'unmanage_error'] as const;
export const ACCESS_RULE_FAILURE_STATES = ['error'] as const;
/** How long a failed wait gives Manila to write its user message. */
const MESSAGE_LAG_MS = 500;

interface PollSpec<T> {
  resource: string;
  id: string;
  fetch: (signal?: AbortSignal) => Promise<T>;
  state: (r: T) => string | undefined;
  targets: string[];
  failures: readonly string[];
  /** When true, a 404 ends the wait successfully. */
  deletion: boolean;
  /** Fetches Manila's user messages about the resource, if the server has them. */
  explain?: (signal?: AbortSignal) => Promise<WaitFailedError['messages']>;
}

export async function poll<T>(spec: PollSpec<T>, opts: WaitOptions<T> = {}): Promise<T | undefined> {
  const minDelay = opts.minDelayMs ?? 1000;
  const maxDelay = Math.max(minDelay, opts.maxDelayMs ?? 15_000);
  const maxWait = opts.maxWaitMs ?? 30 * 60_000;
  const started = Date.now();
  const what = `waiting for ${spec.resource} ${spec.id}`;
  let last: T | undefined;
  for (let attempt = 0; ; attempt++) {
    if (opts.signal?.aborted) throw new AbortedError(what, opts.signal.reason);
    try {
      last = await spec.fetch(opts.signal);
    } catch (err) {
      if (err instanceof NotFoundError) {
        if (spec.deletion) return undefined;
        throw new WaitFailedError(spec.resource, spec.id, last, 'no longer exists');
      }
      throw err;
    }
    opts.onProgress?.(last);
    const state = spec.state(last);
    if (state !== undefined && spec.targets.includes(state)) return last;
    if (state !== undefined && spec.failures.includes(state) && !spec.targets.includes(state)) {
      // The failure itself is the news; not knowing why must not hide it.
      const messages = spec.explain ? await spec.explain(opts.signal).catch(() => []) : [];
      throw new WaitFailedError(spec.resource, spec.id, last, `reached ${state}${describe(last)}`, messages);
    }
    const elapsed = Date.now() - started;
    if (elapsed >= maxWait) {
      throw new WaitTimeoutError(spec.resource, spec.id, last, elapsed, spec.deletion ? 'deleted' : spec.targets.join(' or '));
    }
    // Doubling with full jitter above the floor, never past the deadline.
    const step = Math.min(maxDelay, minDelay * 2 ** attempt);
    const delay = Math.min(minDelay + Math.random() * (step - minDelay), maxWait - elapsed);
    try {
      await sleep(delay, opts.signal);
    } catch (reason) {
      throw new AbortedError(what, reason);
    }
  }
}

function describe(r: unknown): string {
  if (!r || typeof r !== 'object') return '';
  const o = r as Json;
  const bits = [
    o.task_state ? `task_state ${o.task_state}` : '',
    o.progress ? `progress ${o.progress}` : '',
  ].filter(Boolean);
  return bits.length ? ` (${bits.join(', ')})` : '';
}

const asList = (s: string | string[] | undefined, dflt: string) => (s === undefined ? [dflt] : Array.isArray(s) ? s : [s]);

export interface Waiters {
  /** Until the share reaches `status` (default `available`); fails on error states. */
  share(id: string, opts?: StatusWaitOptions<Share>): Promise<Share>;
  /** Until the share is gone (404). */
  shareDeleted(id: string, opts?: WaitOptions<Share>): Promise<void>;
  snapshot(id: string, opts?: StatusWaitOptions<Snapshot>): Promise<Snapshot>;
  snapshotDeleted(id: string, opts?: WaitOptions<Snapshot>): Promise<void>;
  /**
   * Until the access rule reaches `status` (default `active`). From 2.45 the
   * rule is read directly; before that, from the share's access list, which
   * needs `shareId`.
   */
  accessRule(accessId: string, opts?: StatusWaitOptions<Json> & { shareId?: string }): Promise<Json>;
  /** Until the access rule is gone. */
  accessRuleDeleted(accessId: string, opts?: WaitOptions<Json> & { shareId?: string }): Promise<void>;
  /** Until a snapshot's access rule reaches `status` (default `active`); read from the snapshot's access list (2.32+). */
  snapshotAccessRule(accessId: string, opts: StatusWaitOptions<Json> & { snapshotId: string }): Promise<Json>;
  /** Until a snapshot's access rule is gone. */
  snapshotAccessRuleDeleted(accessId: string, opts: WaitOptions<Json> & { snapshotId: string }): Promise<void>;
}

export function createWaiters(client: ManilaClient): Waiters {
  // Manila records why an asynchronous step failed as user messages (2.37+).
  // Manila sets the error status a moment before it writes the message
  // that explains it, so an empty answer is asked again once.
  const explain = (id: string) => async (signal?: AbortSignal) => {
    const { version } = await client.microversion();
    if (compareVersions(version, '2.37') < 0) return [];
    for (let attempt = 1; ; attempt++) {
      const { messages } = await client.messages.list({ resource_id: id, limit: 5, sort_key: 'created_at', sort_dir: 'desc' }, { signal });
      if (messages.length || attempt === 2) return messages;
      await sleep(MESSAGE_LAG_MS, signal);
    }
  };
  // Shares and snapshots: read by id, judged by `status`, explained by user messages.
  const statusSpec =
    <T extends { status?: unknown }>(resource: string, show: (id: string, signal?: AbortSignal) => Promise<T>, failures: readonly string[]) =>
    (id: string, targets: string[], deletion: boolean): PollSpec<T> => ({
      resource,
      id,
      fetch: (signal) => show(id, signal),
      state: (r) => r.status as string | undefined,
      targets,
      failures,
      deletion,
      explain: explain(id),
    });
  const shareSpec = statusSpec<Share>('share', (id, signal) => client.shares.show(id, { signal }), SHARE_FAILURE_STATES);
  const snapshotSpec = statusSpec<Snapshot>('snapshot', (id, signal) => client.snapshots.show(id, { signal }), SNAPSHOT_FAILURE_STATES);
  // A rule that has left its list is gone: the same as a 404 for a deletion wait.
  const findRule = (rules: Json[], id: string, method: string, path: string): Json => {
    const rule = rules.find((r) => r.id === id);
    if (!rule) throw new NotFoundError('not_found', { status: 404, method, path, serverMessage: `access rule ${id} is not in the list` });
    return rule;
  };
  const ruleSpec = (resource: string, id: string, fetch: PollSpec<Json>['fetch'], targets: string[], deletion: boolean): PollSpec<Json> => ({
    resource,
    id,
    fetch,
    state: (r) => r.state as string | undefined,
    targets,
    failures: ACCESS_RULE_FAILURE_STATES,
    deletion,
  });
  const accessSpec = (id: string, shareId: string | undefined, targets: string[], deletion: boolean) =>
    ruleSpec('access rule', id, async (signal) => {
      const { version } = await client.microversion();
      if (compareVersions(version, '2.45') >= 0) return (await client.accessRules.show(id, { signal })) as Json;
      if (!shareId) throw new ManilaError(`waiting for access rule ${id} below microversion 2.45 needs its shareId`);
      return findRule((await client.shares.accessList(shareId, { signal })) as Json[], id, 'POST', `/shares/${shareId}/action`);
    }, targets, deletion);
  const snapshotAccessSpec = (id: string, snapshotId: string, targets: string[], deletion: boolean) =>
    ruleSpec('snapshot access rule', id, async (signal) =>
      findRule((await client.snapshots.accessList(snapshotId, { signal })) as Json[], id, 'GET', `/snapshots/${snapshotId}/access-list`),
    targets, deletion);
  return {
    share: async (id, o) => (await poll(shareSpec(id, asList(o?.status, 'available'), false), o))!,
    shareDeleted: async (id, o) => void (await poll(shareSpec(id, [], true), o)),
    snapshot: async (id, o) => (await poll(snapshotSpec(id, asList(o?.status, 'available'), false), o))!,
    snapshotDeleted: async (id, o) => void (await poll(snapshotSpec(id, [], true), o)),
    accessRule: async (id, o) => (await poll(accessSpec(id, o?.shareId, asList(o?.status, 'active'), false), o))!,
    accessRuleDeleted: async (id, o) => void (await poll(accessSpec(id, o?.shareId, [], true), o)),
    snapshotAccessRule: async (id, o) => (await poll(snapshotAccessSpec(id, o.snapshotId, asList(o.status, 'active'), false), o))!,
    snapshotAccessRuleDeleted: async (id, o) => void (await poll(snapshotAccessSpec(id, o.snapshotId, [], true), o)),
  };
}

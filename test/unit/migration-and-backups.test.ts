// Share migration (actions on the share, and GET .../migration-progress from
// 2.98) and share backups, on the wire: method, path, query, body, the
// microversion and the experimental header where (and only where) it is due.
import { describe, expect, it } from 'vitest';
import { HttpResponse } from 'msw';
import { EXPERIMENTAL_HEADER, MicroversionError, ValidationError, VERSION_HEADER, WaitFailedError } from '../../src/index.js';
import { fault, pinned, route } from './support/manila-mock.js';

const ID = '0b5e8f4c-5cd4-4c6f-a4f6-3a5b2f2c5a11';
const TYPE = '6d6790f0-8296-40cf-b0bc-eb81b38a51d9';
const NET = 'f74ba5ec-d7d2-4631-ba0a-3c312d321443';
const BACKUP = 'edf07faa-472f-44c5-ab78-ae9d8a85897d';
const TARGET = '31b5625c-e1f4-4eec-b839-62bf85d96313';
const FAST = { minDelayMs: 100, maxDelayMs: 100 };

const START = {
  host: 'testbed@gamma#fake_pool_for_GAMMA',
  force_host_assisted_migration: false,
  preserve_metadata: true,
  writable: true,
  nondisruptive: false,
  preserve_snapshots: true,
  new_share_type_id: TYPE,
  new_share_network_id: NET,
};
const PROGRESS = { total_progress: 50, task_state: 'migration_driver_in_progress', details: {} };

describe('share migration', () => {
  it('migrationStart sends migration_start from 2.29, with the experimental header up to 2.95 only', async () => {
    const seen = route('POST', `/shares/${ID}/action`, null, 202);
    expect(await pinned('2.29').shares.migrationStart(ID, START)).toBeUndefined();
    await pinned('2.95').shares.migrationStart(ID, START);
    await pinned('2.96').shares.migrationStart(ID, START);
    expect(seen.map((s) => s.method)).toEqual(['POST', 'POST', 'POST']);
    expect(seen.map((s) => s.path)).toEqual(Array(3).fill(`/shares/${ID}/action`));
    expect(seen.map((s) => s.body)).toEqual(Array(3).fill({ migration_start: START }));
    expect(seen.map((s) => s.headers.get(VERSION_HEADER))).toEqual(['2.29', '2.95', '2.96']);
    expect(seen.map((s) => s.headers.get(EXPERIMENTAL_HEADER))).toEqual(['True', 'True', null]);
    expect([...seen[0].query]).toEqual([]);
  });

  it('migrationStart answers nothing when there is nothing to move (200 without a body)', async () => {
    const seen = route('POST', `/shares/${ID}/action`, () => new HttpResponse(null, { status: 200 }));
    const minimal = { host: 'testbed@alpha#fake_pool_for_ALPHA', preserve_metadata: false, writable: false, nondisruptive: false, preserve_snapshots: false };
    expect(await pinned('2.99').shares.migrationStart(ID, minimal)).toBeUndefined();
    expect(seen[0].body).toEqual({ migration_start: minimal });
  });

  it('migrationStart is refused before 2.29, without a required field, and with an unknown one', async () => {
    // No route: a request would fail the test as unhandled.
    const err = await pinned('2.28').shares.migrationStart(ID, START).catch((e) => e);
    expect(err).toBeInstanceOf(MicroversionError);
    expect(err.required).toEqual({ min: '2.29' });
    const { writable: _, ...withoutWritable } = START;
    // @ts-expect-error writable is required
    await expect(pinned('2.99').shares.migrationStart(ID, withoutWritable)).rejects.toThrow(/missing required field "writable"/);
    // @ts-expect-error new_share_type is not a field (the id is new_share_type_id)
    await expect(pinned('2.99').shares.migrationStart(ID, { ...START, new_share_type: TYPE })).rejects.toThrow(ValidationError);
  });

  for (const [name, key] of [
    ['migrationComplete', 'migration_complete'],
    ['migrationCancel', 'migration_cancel'],
  ] as const) {
    it(`${name} sends ${key}: null from 2.22, experimental up to 2.95`, async () => {
      const seen = route('POST', `/shares/${ID}/action`, null, 202);
      expect(await pinned('2.22').shares[name](ID)).toBeUndefined();
      await pinned('2.99').shares[name](ID);
      expect(seen.map((s) => s.body)).toEqual([{ [key]: null }, { [key]: null }]);
      expect(seen.map((s) => s.headers.get(EXPERIMENTAL_HEADER))).toEqual(['True', null]);
      await expect(pinned('2.21').shares[name](ID)).rejects.toBeInstanceOf(MicroversionError);
    });
  }

  it('migrationGetProgress is the migration_get_progress action up to 2.97, answered unwrapped', async () => {
    const seen = route('POST', `/shares/${ID}/action`, PROGRESS);
    expect(await pinned('2.22').shares.migrationGetProgress(ID)).toEqual(PROGRESS);
    expect(await pinned('2.97').shares.migrationGetProgress(ID)).toEqual(PROGRESS);
    expect(seen.map((s) => s.body)).toEqual([{ migration_get_progress: null }, { migration_get_progress: null }]);
    expect(seen.map((s) => s.headers.get(EXPERIMENTAL_HEADER))).toEqual(['True', null]);
    expect(seen.map((s) => s.headers.get(VERSION_HEADER))).toEqual(['2.22', '2.97']);
  });

  it('migrationGetProgress is GET /shares/{id}/migration-progress from 2.98', async () => {
    const seen = route('GET', `/shares/${ID}/migration-progress`, PROGRESS);
    const { data, response } = await pinned('2.98').shares.migrationGetProgress(ID).withResponse();
    expect(data).toEqual(PROGRESS);
    expect(response.status).toBe(200);
    expect(seen[0].method).toBe('GET');
    expect(seen[0].body).toBeUndefined();
    expect([...seen[0].query]).toEqual([]);
    expect(seen[0].headers.get(VERSION_HEADER)).toBe('2.98');
    expect(seen[0].headers.get(EXPERIMENTAL_HEADER)).toBeNull();
    await expect(pinned('2.21').shares.migrationGetProgress(ID)).rejects.toBeInstanceOf(MicroversionError);
  });

  it('resetTaskState sends reset_task_state with a task state or null', async () => {
    const seen = route('POST', `/shares/${ID}/action`, null, 202);
    await pinned('2.22').shares.resetTaskState(ID, { task_state: 'migration_error' });
    await pinned('2.99').shares.resetTaskState(ID, { task_state: null });
    expect(seen.map((s) => s.body)).toEqual([{ reset_task_state: { task_state: 'migration_error' } }, { reset_task_state: { task_state: null } }]);
    expect(seen.map((s) => s.headers.get(EXPERIMENTAL_HEADER))).toEqual(['True', null]);
    await expect(pinned('2.21').shares.resetTaskState(ID, { task_state: null })).rejects.toBeInstanceOf(MicroversionError);
    // @ts-expect-error task_state is required
    await expect(pinned('2.99').shares.resetTaskState(ID, {})).rejects.toThrow(/missing required field "task_state"/);
    // @ts-expect-error status is not a field of reset_task_state
    await expect(pinned('2.99').shares.resetTaskState(ID, { task_state: null, status: 'error' })).rejects.toThrow(/unknown field "status"/);
  });

  it('a failed call carries Manila\'s message and status', async () => {
    route('POST', `/shares/${ID}/action`, () => fault(400, 'badRequest', 'First migration phase of share not completed yet.'));
    const err = await pinned('2.99').shares.migrationComplete(ID).catch((e) => e);
    expect(err.status).toBe(400);
    expect(err.message).toContain('First migration phase');
  });
});

describe('share migration waiters', () => {
  /** Answers GET /shares/ID with each task state in turn, the last one forever. */
  function taskStates(...states: Array<string | null>) {
    return route('GET', `/shares/${ID}`, (_s, n) =>
      HttpResponse.json({ share: { id: ID, status: 'migrating', task_state: states[Math.min(n, states.length) - 1] } }),
    );
  }

  it('shareMigration waits until the first phase is done', async () => {
    const seen = taskStates('migration_starting', 'migration_driver_in_progress', 'migration_driver_phase1_done');
    expect((await pinned('2.99').waitFor.shareMigration(ID, FAST)).task_state).toBe('migration_driver_phase1_done');
    expect(seen).toHaveLength(3);
    expect(seen[0].headers.get(VERSION_HEADER)).toBe('2.99');
  });

  it('shareMigration also ends at a host-assisted copy that is done', async () => {
    taskStates('data_copying_in_progress', 'data_copying_completed');
    expect((await pinned('2.99').waitFor.shareMigration(ID, FAST)).task_state).toBe('data_copying_completed');
  });

  for (const state of ['migration_error', 'migration_cancelled', 'data_copying_error', 'data_copying_cancelled']) {
    it(`shareMigration fails on ${state}`, async () => {
      taskStates('migration_in_progress', state);
      const err = await pinned('2.99').waitFor.shareMigration(ID, FAST).catch((e) => e);
      expect(err).toBeInstanceOf(WaitFailedError);
      expect(err.lastState).toMatchObject({ task_state: state });
    });
  }

  it('shareMigrationCompleted waits past phase1_done and completing to migration_success', async () => {
    const seen = taskStates('migration_driver_phase1_done', 'migration_completing', 'migration_success');
    expect((await pinned('2.99').waitFor.shareMigrationCompleted(ID, FAST)).task_state).toBe('migration_success');
    expect(seen).toHaveLength(3);
  });

  it('a cancellation can be waited for on purpose', async () => {
    taskStates('migration_driver_phase1_done', 'migration_cancelled');
    expect((await pinned('2.99').waitFor.shareMigration(ID, { ...FAST, until: 'migration_cancelled' })).task_state).toBe('migration_cancelled');
  });

  it('the migration waiters need task_state (2.5+)', async () => {
    // No route: a request would fail the test as unhandled.
    await expect(pinned('2.4').waitFor.shareMigration(ID, FAST)).rejects.toThrow(/waitFor\.shareMigration cannot read a shareMigration at microversion 2\.4/);
  });
});

const SUMMARY = { id: BACKUP, name: 'nightly', share_id: ID, status: 'available' };
const DETAIL = {
  ...SUMMARY,
  description: null,
  size: 1,
  created_at: '2026-01-01T00:00:00.000000',
  updated_at: '2026-01-01T00:00:30.000000',
  availability_zone: 'nova',
  progress: '100',
  restore_progress: '0',
  backup_type: 'nightly',
  host: 'testbed@alpha',
  topic: 'manila-share',
};

describe('share backups', () => {
  it('list sends every filter the server knows, with the experimental header, and answers a page', async () => {
    const seen = route('GET', '/share-backups', { share_backups: [SUMMARY] });
    const page = await pinned('2.80').shareBackups.list({
      limit: 10,
      offset: 20,
      sort_key: 'created_at',
      sort_dir: 'asc',
      all_tenants: true,
      share_id: ID,
      name: 'nightly',
      description: 'd',
      'name~': 'night',
      'description~': 'x',
      status: 'available',
      topic: 'manila-share',
      host: 'testbed@alpha',
      id: BACKUP,
    });
    expect(page.items).toEqual([SUMMARY]);
    expect(seen[0].method).toBe('GET');
    expect(Object.fromEntries(seen[0].query)).toEqual({
      limit: '10',
      offset: '20',
      sort_key: 'created_at',
      sort_dir: 'asc',
      all_tenants: 'true',
      share_id: ID,
      name: 'nightly',
      description: 'd',
      'name~': 'night',
      'description~': 'x',
      status: 'available',
      topic: 'manila-share',
      host: 'testbed@alpha',
      id: BACKUP,
    });
    expect(seen[0].headers.get(VERSION_HEADER)).toBe('2.80');
    expect(seen[0].headers.get(EXPERIMENTAL_HEADER)).toBe('True');
  });

  it('is refused before 2.80, and so is an unknown filter', async () => {
    // No route: a request would fail the test as unhandled.
    const err = await pinned('2.79').shareBackups.list().catch((e) => e);
    expect(err).toBeInstanceOf(MicroversionError);
    expect(err.required).toEqual({ min: '2.80' });
    await expect(pinned('2.79').shareBackups.show(BACKUP)).rejects.toBeInstanceOf(MicroversionError);
    await expect(pinned('2.99').shareBackups.list({ project_id: 'p' } as never)).rejects.toThrow(/unknown filter "project_id"/);
  });

  it('a walk of the detailed list pages by offset', async () => {
    const all = Array.from({ length: 5 }, (_, i) => ({ ...DETAIL, id: `b${i}` }));
    const seen = route('GET', '/share-backups/detail', (s) => {
      const o = Number(s.query.get('offset') ?? 0);
      const l = Number(s.query.get('limit'));
      return HttpResponse.json({ share_backups: all.slice(o, o + l), share_backup_links: [{ rel: 'next', href: 'http://x/share-backups/detail?marker=b1' }] });
    });
    const got: string[] = [];
    for await (const b of pinned('2.99').shareBackups.listDetail({ limit: 2, share_id: ID })) got.push(b.id);
    expect(got).toEqual(['b0', 'b1', 'b2', 'b3', 'b4']);
    expect(seen.map((s) => s.query.get('offset'))).toEqual([null, '2', '4']);
    expect(seen.every((s) => s.query.get('share_id') === ID && !s.query.has('marker') && s.headers.get(EXPERIMENTAL_HEADER) === 'True')).toBe(true);
  });

  it('create wraps the body in share_backup and answers the backup', async () => {
    const seen = route('POST', '/share-backups', { share_backup: { ...DETAIL, status: 'creating' } }, 202);
    const input = { share_id: ID, name: 'nightly', description: null, backup_options: { backup_type: 'nightly' } };
    const b = await pinned('2.85').shareBackups.create(input);
    expect(b).toMatchObject({ id: BACKUP, status: 'creating' });
    expect(seen[0].body).toEqual({ share_backup: input });
    expect(seen[0].headers.get(EXPERIMENTAL_HEADER)).toBe('True');
    expect(seen[0].headers.get('content-type')).toContain('application/json');
  });

  it('create refuses a missing share_id and unknown fields before sending', async () => {
    // @ts-expect-error share_id is required
    await expect(pinned('2.99').shareBackups.create({ name: 'x' })).rejects.toThrow(/missing required field "share_id"/);
    // @ts-expect-error backup_option is misspelt
    await expect(pinned('2.99').shareBackups.create({ share_id: ID, backup_option: {} })).rejects.toThrow(/unknown field "backup_option"/);
  });

  it('show unwraps; update wraps name and description and unwraps', async () => {
    const show = route('GET', `/share-backups/${BACKUP}`, { share_backup: DETAIL });
    const upd = route('PUT', `/share-backups/${BACKUP}`, { share_backup: { ...DETAIL, name: 'weekly' } });
    const m = pinned('2.99');
    expect(await m.shareBackups.show(BACKUP)).toEqual(DETAIL);
    expect((await m.shareBackups.update(BACKUP, { name: 'weekly', description: 'kept for a month' })).name).toBe('weekly');
    expect(show[0].path).toBe(`/share-backups/${BACKUP}`);
    expect(upd[0].body).toEqual({ share_backup: { name: 'weekly', description: 'kept for a month' } });
    expect([show[0], upd[0]].map((s) => s.headers.get(EXPERIMENTAL_HEADER))).toEqual(['True', 'True']);
    // Manila reads only name and description; display_name would be dropped.
    // @ts-expect-error display_name is not a field of a backup update
    await expect(m.shareBackups.update(BACKUP, { display_name: 'x' })).rejects.toThrow(/unknown field "display_name"/);
  });

  it('delete answers nothing', async () => {
    const seen = route('DELETE', `/share-backups/${BACKUP}`, null, 202);
    expect(await pinned('2.99').shareBackups.delete(BACKUP)).toBeUndefined();
    expect(seen[0].method).toBe('DELETE');
    expect(seen[0].body).toBeUndefined();
    expect(seen[0].headers.get(EXPERIMENTAL_HEADER)).toBe('True');
  });

  it('restore sends the value as it is: null for the backup\'s own share, or a target share id', async () => {
    const seen = route('POST', `/share-backups/${BACKUP}/action`, (s) =>
      HttpResponse.json({ restore: { backup_id: BACKUP, share_id: (s.body as { restore: string | null }).restore ?? ID } }, { status: 202 }),
    );
    const m = pinned('2.91');
    expect(await m.shareBackups.restore(BACKUP)).toEqual({ backup_id: BACKUP, share_id: ID });
    expect(await m.shareBackups.restore(BACKUP, null)).toEqual({ backup_id: BACKUP, share_id: ID });
    expect(await m.shareBackups.restore(BACKUP, TARGET)).toEqual({ backup_id: BACKUP, share_id: TARGET });
    expect(seen.map((s) => s.body)).toEqual([{ restore: null }, { restore: null }, { restore: TARGET }]);
    expect(seen.every((s) => s.headers.get(EXPERIMENTAL_HEADER) === 'True')).toBe(true);
    await expect(pinned('2.79').shareBackups.restore(BACKUP)).rejects.toBeInstanceOf(MicroversionError);
    // Below 2.91 Manila would ignore a target and overwrite the backup's own share: refused before sending.
    await expect(pinned('2.90').shareBackups.restore(BACKUP, TARGET)).rejects.toThrow(/value of "restore" needs microversion 2\.91/);
    expect(seen).toHaveLength(3);
  });

  it('resetStatus sends reset_status', async () => {
    const seen = route('POST', `/share-backups/${BACKUP}/action`, null, 202);
    expect(await pinned('2.80').shareBackups.resetStatus(BACKUP, { status: 'error' })).toBeUndefined();
    expect(seen[0].body).toEqual({ reset_status: { status: 'error' } });
    expect(seen[0].headers.get(EXPERIMENTAL_HEADER)).toBe('True');
    // @ts-expect-error status is required
    await expect(pinned('2.99').shareBackups.resetStatus(BACKUP, {})).rejects.toThrow(/missing required field "status"/);
  });

  it('find by exact name walks the list, then shows the match', async () => {
    const list = route('GET', '/share-backups', (s) => HttpResponse.json({ share_backups: s.query.get('name') === 'nightly' && !s.query.get('offset') ? [SUMMARY] : [] }));
    const show = route('GET', `/share-backups/${BACKUP}`, { share_backup: DETAIL });
    expect(await pinned('2.99').shareBackups.find('nightly')).toEqual(DETAIL);
    expect(list[0].query.get('name')).toBe('nightly');
    expect(show).toHaveLength(1);
  });
});

describe('share backup waiters', () => {
  function backupStates(...states: Array<string | 404>) {
    return route('GET', `/share-backups/${BACKUP}`, (_s, n) => {
      const st = states[Math.min(n, states.length) - 1];
      return st === 404 ? fault(404, 'itemNotFound', `No backup exists with ID ${BACKUP}.`) : HttpResponse.json({ share_backup: { ...DETAIL, status: st } });
    });
  }

  it('waits until the backup is available, with the experimental header', async () => {
    const seen = backupStates('creating', 'creating', 'available');
    expect((await pinned('2.99').waitFor.shareBackup(BACKUP, FAST)).status).toBe('available');
    expect(seen).toHaveLength(3);
    expect(seen.every((s) => s.headers.get(EXPERIMENTAL_HEADER) === 'True')).toBe(true);
  });

  it('fails on error', async () => {
    backupStates('creating', 'error');
    const err = await pinned('2.99').waitFor.shareBackup(BACKUP, FAST).catch((e) => e);
    expect(err).toBeInstanceOf(WaitFailedError);
    expect(err.lastState).toMatchObject({ status: 'error' });
  });

  it('waits for the deletion (404), and fails it on error_deleting', async () => {
    const seen = backupStates('deleting', 404);
    await pinned('2.99').waitFor.shareBackupDeleted(BACKUP, FAST);
    expect(seen).toHaveLength(2);
    backupStates('deleting', 'error_deleting');
    await expect(pinned('2.99').waitFor.shareBackupDeleted(BACKUP, FAST)).rejects.toBeInstanceOf(WaitFailedError);
  });

  it('deleteAndWait deletes and waits until it is gone', async () => {
    const del = route('DELETE', `/share-backups/${BACKUP}`, null, 202);
    backupStates('deleting', 404);
    await pinned('2.99').shareBackups.deleteAndWait(BACKUP, FAST);
    expect(del).toHaveLength(1);
  });

  it('is refused below 2.80', async () => {
    await expect(pinned('2.79').waitFor.shareBackup(BACKUP, FAST)).rejects.toThrow(/cannot read a shareBackup at microversion 2\.79/);
  });

  it('concurrent waits share their polls through the detailed list filtered by status', async () => {
    const ids = Array.from({ length: 10 }, (_, i) => `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`);
    const polls = new Map<string, number>();
    const state = (id: string) => {
      polls.set(id, (polls.get(id) ?? 0) + 1);
      return polls.get(id)! >= 3 ? 'available' : 'creating';
    };
    const peek = (id: string) => ((polls.get(id) ?? 0) + 1 >= 3 ? 'available' : 'creating');
    const show = route('GET', '/share-backups/:id', (s) => HttpResponse.json({ share_backup: { ...DETAIL, id: s.path.split('/')[2], status: state(s.path.split('/')[2]) } }));
    const list = route('GET', '/share-backups/detail', (s) => {
      const hits = ids.filter((id) => peek(id) === s.query.get('status'));
      return HttpResponse.json({ share_backups: hits.map((id) => ({ ...DETAIL, id, status: state(id) })) });
    });
    const m = pinned('2.99');
    const done = await Promise.all(ids.map((id) => m.waitFor.shareBackup(id, FAST)));
    expect(done.every((b) => b.status === 'available')).toBe(true);
    expect(show.length + list.length).toBeLessThan(ids.length * 3);
    expect(list.length).toBeGreaterThan(0);
    expect(list.every((l) => ['creating', 'available'].includes(l.query.get('status')!) && l.headers.get(EXPERIMENTAL_HEADER) === 'True')).toBe(true);
  });
});

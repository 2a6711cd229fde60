// Share servers and their migration, on the wire: every call and action,
// their microversions (2.49 for manage, unmanage and reset_status; 2.57 and
// the experimental header for the migration actions), the filters with
// their bounds, what comes back unwrapped, and the three waiters.
import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { HttpResponse } from 'msw';
import { EXPERIMENTAL_HEADER, ManilaError, MicroversionError, ValidationError, VERSION_HEADER, WaitFailedError } from '../../src/index.js';
import { fault, pinned, route } from './support/manila-mock.js';

const ID = '5630b9d9-39c8-44c7-aeff-930a7d16ed10';
const DEST = 'fa55da42-72cb-4d77-b9c5-22e11f6d6c9b';
const NET = 'a9098050-c5c3-42b2-afba-922b06398490';
const SUBNET = '6e903369-5bf0-4590-9d98-0b43e8a47955';
const SUMMARY = { id: ID, project_id: 'p', updated_at: null, status: 'active', host: 'testbed@beta', share_network_name: 'net', share_network_id: NET };
const SERVER = { ...SUMMARY, created_at: '2026-01-01T00:00:00.000000', backend_details: { server_id: ID, service_ip: '11.0.0.10' } };
const WAIT = { minDelayMs: 100, maxDelayMs: 100 };

/** Answers GET /share-servers/ID with each state in turn, the last one forever. */
function serverStates(...states: Array<Record<string, unknown> | 404>) {
  return route('GET', `/share-servers/${ID}`, (_s, n) => {
    const st = states[Math.min(n, states.length) - 1];
    return st === 404 ? fault(404, 'itemNotFound', `Share server ${ID} could not be found.`) : HttpResponse.json({ share_server: { ...SERVER, ...st } });
  });
}

describe('share servers: reads', () => {
  it('list sends every filter as given, answers a page, and needs no header beyond the version', async () => {
    const seen = route('GET', '/share-servers', { share_servers: [SUMMARY] });
    const page = await pinned('2.99').shareServers.list({
      host: 'testbed@beta',
      status: 'active',
      identifier: ID,
      is_auto_deletable: 1,
      task_state: 'migration_success',
      source_share_server_id: DEST,
      security_service_update_support: 0,
      network_allocation_update_support: 1,
      encryption_key_ref: 'k',
    });
    expect(page.items).toEqual([SUMMARY]);
    expect(seen[0].method).toBe('GET');
    expect(seen[0].path).toBe('/share-servers');
    expect(Object.fromEntries(seen[0].query)).toEqual({
      host: 'testbed@beta',
      status: 'active',
      identifier: ID,
      is_auto_deletable: '1',
      task_state: 'migration_success',
      source_share_server_id: DEST,
      security_service_update_support: '0',
      network_allocation_update_support: '1',
      encryption_key_ref: 'k',
    });
    expect(seen[0].headers.get(VERSION_HEADER)).toBe('2.99');
    expect(seen[0].headers.get(EXPERIMENTAL_HEADER)).toBeNull();
  });

  it('list never sends limit or offset, even when walked (Manila answers an empty list for them)', async () => {
    const seen = route('GET', '/share-servers', { share_servers: [SUMMARY, { ...SUMMARY, id: DEST }] });
    const got: string[] = [];
    for await (const s of pinned('2.99').shareServers.list({ share_network_id: NET })) got.push(s.id);
    expect(got).toEqual([ID, DEST]);
    expect(seen).toHaveLength(1);
    expect(Object.fromEntries(seen[0].query)).toEqual({ share_network_id: NET });
    // The spec offers no paging filters: they are refused, not sent.
    await expect(pinned('2.99').shareServers.list({ limit: 5 } as never)).rejects.toThrow(/unknown filter "limit"/);
  });

  it('refuses each filter below the version that shows its field, before sending', async () => {
    const cases: Array<[string, unknown, string]> = [
      ['identifier', ID, '2.49'],
      ['is_auto_deletable', 1, '2.49'],
      ['share_network_subnet_id', SUBNET, '2.51'],
      ['task_state', 'migration_error', '2.57'],
      ['source_share_server_id', DEST, '2.57'],
      ['security_service_update_support', 1, '2.63'],
      ['network_allocation_update_support', 1, '2.70'],
      ['encryption_key_ref', 'k', '2.90'],
    ];
    const seen = route('GET', '/share-servers', { share_servers: [] });
    for (const [filter, value, min] of cases) {
      const below = `2.${Number(min.split('.')[1]) - 1}`;
      const err = await pinned(below).shareServers.list({ [filter]: value } as never).catch((e: unknown) => e);
      expect(err, filter).toBeInstanceOf(MicroversionError);
      expect((err as Error).message).toContain(`filter "${filter}" needs microversion ${min}`);
      await pinned(min).shareServers.list({ [filter]: value } as never);
    }
    expect(seen.map((s) => [...s.query.keys()][0])).toEqual(cases.map(([f]) => f));
  });

  it('show unwraps the server; the back-end details come back as the map itself', async () => {
    const show = route('GET', `/share-servers/${ID}`, { share_server: SERVER });
    const details = route('GET', `/share-servers/${ID}/details`, { details: SERVER.backend_details });
    const m = pinned('2.0');
    expect(await m.shareServers.show(ID)).toEqual(SERVER);
    expect(await m.shareServers.getBackendDetails(ID)).toEqual({ server_id: ID, service_ip: '11.0.0.10' });
    expect(show[0].headers.get(VERSION_HEADER)).toBe('2.0');
    expect(details[0].method).toBe('GET');
    expect(details[0].body).toBeUndefined();
  });

  it('delete sends DELETE without a body and answers nothing', async () => {
    const seen = route('DELETE', `/share-servers/${ID}`, null, 202);
    expect(await pinned('2.99').shareServers.delete(ID)).toBeUndefined();
    expect(seen[0].body).toBeUndefined();
    expect([...seen[0].query]).toEqual([]);
  });
});

describe('share servers: manage and the 2.49 actions', () => {
  const input = { host: 'testbed@beta', share_network_id: NET, identifier: ID, driver_options: { k: 'v' } };

  it('manage wraps "share_server", unwraps the answer, and exists from 2.49', async () => {
    const seen = route('POST', '/share-servers/manage', { share_server: { ...SERVER, status: 'manage_starting' } }, 202);
    const managed = await pinned('2.49').shareServers.manage(input);
    expect(managed.status).toBe('manage_starting');
    expect(seen[0].body).toEqual({ share_server: input });
    expect(seen[0].headers.get(VERSION_HEADER)).toBe('2.49');
    expect(seen[0].headers.get(EXPERIMENTAL_HEADER)).toBeNull();
    const err = await pinned('2.48').shareServers.manage(input).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(MicroversionError);
    expect((err as MicroversionError).required).toEqual({ min: '2.49' });
  });

  it('manage takes share_network_subnet_id from 2.51 and refuses it below, and refuses unknown or missing fields', async () => {
    const seen = route('POST', '/share-servers/manage', { share_server: SERVER }, 202);
    await pinned('2.51').shareServers.manage({ ...input, share_network_subnet_id: SUBNET });
    expect(seen[0].body).toEqual({ share_server: { ...input, share_network_subnet_id: SUBNET } });
    await expect(pinned('2.50').shareServers.manage({ ...input, share_network_subnet_id: SUBNET })).rejects.toThrow(
      /field "share_network_subnet_id" needs microversion 2\.51/,
    );
    // @ts-expect-error identifer is not a field
    await expect(pinned('2.99').shareServers.manage({ ...input, identifer: ID })).rejects.toThrow(/unknown field "identifer"/);
    // @ts-expect-error identifier is required
    await expect(pinned('2.99').shareServers.manage({ host: 'testbed@beta', share_network_id: NET })).rejects.toThrow(/missing required field "identifier"/);
    expect(seen).toHaveLength(1);
  });

  it('unmanage and reset_status are plain actions from 2.49, without the experimental header', async () => {
    const seen = route('POST', `/share-servers/${ID}/action`, null, 202);
    const m = pinned('2.49');
    expect(await m.shareServers.unmanage(ID, { force: true })).toBeUndefined();
    await m.shareServers.unmanage(ID);
    await m.shareServers.resetStatus(ID, { status: 'error' });
    expect(seen.map((s) => s.body)).toEqual([{ unmanage: { force: true } }, { unmanage: {} }, { reset_status: { status: 'error' } }]);
    expect(seen.every((s) => s.headers.get(EXPERIMENTAL_HEADER) === null && s.headers.get(VERSION_HEADER) === '2.49')).toBe(true);
    await expect(pinned('2.48').shareServers.unmanage(ID)).rejects.toBeInstanceOf(MicroversionError);
    await expect(pinned('2.48').shareServers.resetStatus(ID, { status: 'error' })).rejects.toBeInstanceOf(MicroversionError);
    // @ts-expect-error status is required
    await expect(m.shareServers.resetStatus(ID, {})).rejects.toBeInstanceOf(ValidationError);
    expect(seen).toHaveLength(3);
  });
});

describe('share servers: migration (2.57, experimental)', () => {
  const options = { host: 'testbed@delta', writable: true, nondisruptive: false, preserve_snapshots: true };
  const verdict = {
    compatible: true,
    requested_capabilities: { ...options, share_network_id: null },
    supported_capabilities: { writable: true, nondisruptive: false, preserve_snapshots: true, share_network_id: NET, migration_cancel: true, migration_get_progress: true },
  };

  it('migration_check sends the options, with the experimental header, and answers the verdict as it came', async () => {
    const seen = route('POST', `/share-servers/${ID}/action`, verdict);
    expect(await pinned('2.57').shareServers.migrationCheck(ID, { ...options, new_share_network_id: null })).toEqual(verdict);
    expect(seen[0].body).toEqual({ migration_check: { ...options, new_share_network_id: null } });
    expect(seen[0].headers.get(EXPERIMENTAL_HEADER)).toBe('True');
    expect(seen[0].headers.get(VERSION_HEADER)).toBe('2.57');
  });

  it('migration_check needs new_share_network_id (Manila 23 fails without it), migration_start does not', async () => {
    const seen = route('POST', `/share-servers/${ID}/action`, null, 202);
    // @ts-expect-error new_share_network_id is required
    await expect(pinned('2.99').shareServers.migrationCheck(ID, options)).rejects.toThrow(/missing required field "new_share_network_id"/);
    expect(await pinned('2.99').shareServers.migrationStart(ID, options)).toBeUndefined();
    await pinned('2.99').shareServers.migrationStart(ID, { ...options, new_share_network_id: NET });
    expect(seen.map((s) => s.body)).toEqual([{ migration_start: options }, { migration_start: { ...options, new_share_network_id: NET } }]);
    expect(seen.every((s) => s.headers.get(EXPERIMENTAL_HEADER) === 'True')).toBe(true);
    // @ts-expect-error host is required
    await expect(pinned('2.99').shareServers.migrationStart(ID, { writable: true, nondisruptive: false, preserve_snapshots: true })).rejects.toThrow(
      /missing required field "host"/,
    );
  });

  it('migration_complete and migration_get_progress answer their bodies; migration_cancel and reset_task_state answer nothing', async () => {
    const complete = { destination_share_server_id: DEST };
    const progress = { total_progress: 50, task_state: 'migration_driver_in_progress', destination_share_server_id: DEST };
    const seen = route('POST', `/share-servers/${ID}/action`, (s) => {
      const key = Object.keys(s.body as object)[0];
      if (key === 'migration_complete') return HttpResponse.json(complete);
      if (key === 'migration_get_progress') return HttpResponse.json(progress);
      return new HttpResponse(null, { status: 202 });
    });
    const m = pinned('2.99');
    expect(await m.shareServers.migrationComplete(ID)).toEqual(complete);
    expect(await m.shareServers.migrationGetProgress(ID)).toEqual(progress);
    expect(await m.shareServers.migrationCancel(ID)).toBeUndefined();
    expect(await m.shareServers.resetTaskState(ID, { task_state: null })).toBeUndefined();
    await m.shareServers.resetTaskState(ID, { task_state: 'migration_error' });
    expect(seen.map((s) => s.body)).toEqual([
      { migration_complete: null },
      { migration_get_progress: null },
      { migration_cancel: null },
      { reset_task_state: { task_state: null } },
      { reset_task_state: { task_state: 'migration_error' } },
    ]);
    expect(seen.every((s) => s.headers.get(EXPERIMENTAL_HEADER) === 'True')).toBe(true);
  });

  it('every migration action is refused below 2.57, before sending', async () => {
    const m = pinned('2.56');
    const calls = [
      () => m.shareServers.migrationCheck(ID, { ...options, new_share_network_id: null }),
      () => m.shareServers.migrationStart(ID, options),
      () => m.shareServers.migrationComplete(ID),
      () => m.shareServers.migrationCancel(ID),
      () => m.shareServers.migrationGetProgress(ID),
      () => m.shareServers.resetTaskState(ID, { task_state: null }),
    ];
    for (const call of calls) {
      const err = await call().catch((e: unknown) => e);
      expect(err).toBeInstanceOf(MicroversionError);
      expect((err as MicroversionError).required).toEqual({ min: '2.57' });
    }
  });
});

describe('share servers: waiters', () => {
  it('waits for a server to become active', async () => {
    const seen = serverStates({ status: 'creating' }, { status: 'manage_starting' }, { status: 'active' });
    expect((await pinned('2.99').waitFor.shareServer(ID, WAIT)).status).toBe('active');
    expect(seen).toHaveLength(3);
  });

  for (const state of ['error', 'manage_error', 'unmanage_error', 'inactive']) {
    it(`fails the wait on ${state}, with the server as last seen and no user messages asked for`, async () => {
      serverStates({ status: 'manage_starting' }, { status: state });
      // No route for /messages: share servers have no user messages, and asking would fail the test.
      const err = await pinned('2.99').waitFor.shareServer(ID, WAIT).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(WaitFailedError);
      expect((err as WaitFailedError).lastState).toMatchObject({ id: ID, status: state });
      expect((err as WaitFailedError).messages).toEqual([]);
    });
  }

  it('waits for a deletion or an unmanage to finish (404)', async () => {
    const seen = serverStates({ status: 'deleting' }, { status: 'unmanage_starting' }, 404);
    await pinned('2.99').waitFor.shareServerDeleted(ID, WAIT);
    expect(seen).toHaveLength(3);
  });

  it('deleteAndWait deletes and waits until the server is gone', async () => {
    const del = route('DELETE', `/share-servers/${ID}`, null, 202);
    serverStates({ status: 'deleting' }, 404);
    await pinned('2.99').shareServers.deleteAndWait(ID, WAIT);
    expect(del).toHaveLength(1);
  });

  it('waits for the first phase of a migration, and fails on migration_error', async () => {
    const states = ['migration_starting', 'migration_driver_starting', 'migration_driver_in_progress', 'migration_driver_phase1_done'];
    serverStates(...states.map((task_state) => ({ status: 'server_migrating', task_state })));
    expect((await pinned('2.57').waitFor.shareServerMigration(ID, WAIT)).task_state).toBe('migration_driver_phase1_done');
    serverStates({ status: 'server_migrating', task_state: 'migration_in_progress' }, { status: 'active', task_state: 'migration_error' });
    const err = await pinned('2.57').waitFor.shareServerMigration(ID, WAIT).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(WaitFailedError);
    expect((err as Error).message).toMatch(/reached task_state migration_error/);
  });

  it('waits on the destination for migration_success when told to, and treats a cancelled migration as a failure', async () => {
    serverStates({ status: 'server_migrating_to', task_state: 'migration_completing' }, { status: 'active', task_state: 'migration_success' });
    expect((await pinned('2.99').waitFor.shareServerMigration(ID, { ...WAIT, until: 'migration_success' })).status).toBe('active');
    serverStates({ task_state: 'migration_cancel_in_progress' }, { task_state: 'migration_cancelled' });
    await expect(pinned('2.99').waitFor.shareServerMigration(ID, WAIT)).rejects.toBeInstanceOf(WaitFailedError);
  });

  it('waits for a cancellation, and fails if the migration completed instead', async () => {
    serverStates({ task_state: 'migration_cancel_in_progress' }, { status: 'active', task_state: 'migration_cancelled' });
    expect((await pinned('2.57').waitFor.shareServerMigrationCancel(ID, WAIT)).task_state).toBe('migration_cancelled');
    serverStates({ task_state: 'migration_completing' }, { task_state: 'migration_success' });
    await expect(pinned('2.57').waitFor.shareServerMigrationCancel(ID, WAIT)).rejects.toBeInstanceOf(WaitFailedError);
  });

  it('cannot wait for a migration below 2.57, where servers show no task state', async () => {
    // No route: a request would fail the test as unhandled.
    const err = await pinned('2.56').waitFor.shareServerMigration(ID, WAIT).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ManilaError);
    expect((err as Error).message).toMatch(/cannot read a shareServerMigration at microversion 2\.56/);
  });
});

describe('share servers: credentials a driver keeps in the back-end details', () => {
  it('a password in backend_details is readable but hidden from JSON and inspect, and scrubbed from errors', async () => {
    const password = 'service-instance-pa55word';
    const details = { server_id: ID, username: 'manila', password };
    route('GET', `/share-servers/${ID}`, { share_server: { ...SERVER, backend_details: details } });
    route('GET', `/share-servers/${ID}/details`, { details });
    route('DELETE', `/share-servers/${ID}`, () => fault(409, 'conflict', `server with password ${password} is in use`));
    const m = pinned('2.99');
    const server = await m.shareServers.show(ID);
    expect(server.backend_details.password).toBe(password);
    expect(JSON.stringify(server)).not.toContain(password);
    expect(inspect(server, { depth: 5 })).not.toContain(password);
    expect(JSON.stringify(server.backend_details)).toBe(JSON.stringify({ server_id: ID, username: 'manila' }));
    const only = await m.shareServers.getBackendDetails(ID);
    expect(only.password).toBe(password);
    expect(JSON.stringify(only)).not.toContain(password);
    const err = await m.shareServers.delete(ID).catch((e: unknown) => e);
    expect(String((err as Error).message)).not.toContain(password);
  });
});

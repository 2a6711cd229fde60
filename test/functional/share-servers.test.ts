// Share servers and their migration on a real Manila. The bed's back ends
// beta and delta handle share servers (standalone network plugin, so any
// neutron ids will do): a share on a share network of ours makes a server on
// beta. It is listed, filtered (each versioned filter at its bound and below),
// shown and read at every version where its shape changes; its migration to
// delta is checked, started, followed, cancelled, and the destination left
// behind is reset and deleted; then the drain example moves it to delta for
// good. A second server on delta is unmanaged with its share and managed back,
// the server by its identifier and the share onto it (2.49), ending active
// and available.
import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BadRequestError, ConflictError, ForbiddenError, MicroversionError, NotFoundError, ServerError, type ManilaClient } from '../../src/index.js';
import { drainBackend } from '../../examples/drain-backend.js';
import { bed, bedAuth, bedClient, Cleanup, FAST, keystoneBed, rawManila, uniqueName, versionBelow } from './support/bed.js';
import { answerBoundVersions, boundOf, recordBound, recordUntested } from './support/bounds.js';
import { deleteShare, deleteShareServer, deleteShareType } from './support/resources.js';

// The migration calls wait for the share service's answer, which takes a
// while when the shared bed is busy.
const timeoutMs = 120_000;
// One Keystone login for every client of this file (a busy Keystone takes
// its time to issue a token, and the bed's tokens live 120 s).
const auth = keystoneBed ? bedAuth() : undefined;
const manila = bedClient({ timeoutMs, ...(auth && { auth }) });
/** A client pinned to a version. */
const at = (version: string) => bedClient({ microversion: version, timeoutMs, ...(auth && { auth }) });
const cleanup = new Cleanup();
// The shared bed can be slow (one API worker, a dozen suites at once): give
// every step room, and never judge by time.
const ROOM = 600_000;
afterAll(() => cleanup.run(), ROOM);

const BETA = 'testbed@beta';
const DELTA = 'testbed@delta';
const pool = (host: string) => `${host}#fake_pool_for_${host.split('@')[1].toUpperCase()}`;
const NO_UUID = '00000000-0000-0000-0000-000000000000';
const NO_SUCH = 'sdk-no-such-value';
/** Migrations poll the driver every 5 s; the bed is slow under load. */
const SLOW = { ...FAST, maxWaitMs: 300_000 };

// Raw requests, for bounds below the SDK's range, on the same login.
let rawCall: ReturnType<typeof rawManila> | undefined;
const raw: Awaited<ReturnType<typeof rawManila>> = async (...args) => (await (rawCall ??= rawManila(auth)))(...args);

/** A share network with its default subnet; deleted with its servers after the shares on it. */
async function newShareNetwork(): Promise<{ id: string; subnetId: string }> {
  const net = await manila.shareNetworks.create({ name: uniqueName('net'), neutron_net_id: randomUUID(), neutron_subnet_id: randomUUID() });
  cleanup.add(`delete share network ${net.id} and its servers`, async () => {
    for (const s of (await manila.shareServers.list({ share_network_id: net.id })).items) await deleteShareServer(manila, s.id);
    await manila.shareNetworks.deleteIfExists(net.id);
  });
  return { id: net.id, subnetId: net.share_network_subnets![0].id };
}

const ids = (list: Array<{ id: string }>) => list.map((s) => s.id);

describe('share servers', { timeout: ROOM }, () => {
  let typeId: string;
  let net1: { id: string; subnetId: string };
  let net2: { id: string; subnetId: string };
  let share1: string;
  let serverA: string;
  let cancelledDestination: string;
  let onDelta: { shareId: string; serverId: string };

  /** A share of our share-server type on `host`, and the server it made there. */
  async function shareOn(host: string, networkId: string) {
    const share = await manila.shares.create({
      share_proto: 'NFS',
      size: 1,
      name: uniqueName('srv'),
      share_type: typeId,
      share_network_id: networkId,
      scheduler_hints: { only_host: pool(host) },
    });
    cleanup.add(`delete share ${share.id}`, () => deleteShare(manila, share.id));
    const ready = await manila.waitFor.share(share.id, SLOW);
    expect(ready.host).toBe(pool(host));
    expect(ready.share_server_id).toBeTruthy();
    return { shareId: share.id, serverId: ready.share_server_id! };
  }

  beforeAll(async () => {
    const type = await manila.shareTypes.create({ name: uniqueName('srvtype'), extra_specs: { driver_handles_share_servers: 'true' } });
    typeId = type.id;
    cleanup.add(`delete share type ${type.id}`, () => deleteShareType(manila, type.id));
    [net1, net2] = await Promise.all([newShareNetwork(), newShareNetwork()]);
    // The second, on delta, is for the manage cycle at the end.
    [{ shareId: share1, serverId: serverA }, onDelta] = await Promise.all([shareOn(BETA, net1.id), shareOn(DELTA, net2.id)]);
  }, ROOM);

  it('lists, shows and details the server a share made', async () => {
    const server = await manila.shareServers.show(serverA);
    expect(server).toMatchObject({
      id: serverA,
      host: BETA,
      status: 'active',
      share_network_id: net1.id,
      share_network_subnet_ids: [net1.subnetId],
      is_auto_deletable: true,
      task_state: null,
      source_share_server_id: null,
      encryption_key_ref: null,
    });
    expect(server.identifier).toBeTruthy();
    expect(server.backend_details).toMatchObject({ server_id: expect.any(String), service_ip: expect.any(String) });
    // The details call answers the same map, unwrapped.
    expect(await manila.shareServers.getBackendDetails(serverA)).toEqual(server.backend_details);
    const listed = (await manila.shareServers.list({ share_network_id: net1.id })).items;
    expect(ids(listed)).toEqual([serverA]);
    expect(listed[0]).not.toHaveProperty('backend_details');
    expect(listed[0].share_network_name).toMatch(/^sdkft-net-/);
  });

  it('filters on every unversioned filter, through the SDK', async () => {
    const server = await manila.shareServers.show(serverA);
    // [filter, a value that finds the server, one that does not, what goes with it]
    const cases: Array<[string, string, string, Record<string, string>]> = [
      ['id', serverA, NO_UUID, {}],
      ['host', BETA, DELTA, {}],
      ['status', 'active', 'error', { host: BETA }],
      ['share_network', server.share_network_name, NO_SUCH, {}],
      ['share_network', net1.id, NO_UUID, {}],
      ['share_network_id', net1.id, NO_UUID, {}],
      ['project_id', server.project_id, NO_SUCH, { share_network: net1.id }],
    ];
    for (const [filter, match, other, base] of cases) {
      expect(ids((await manila.shareServers.list({ ...base, [filter]: match })).items), `${filter}=${match}`).toContain(serverA);
      expect(ids((await manila.shareServers.list({ ...base, [filter]: other })).items), `${filter}=${other}`).not.toContain(serverA);
    }
    // Manila answers an empty list, not an error, for a key it does not filter on.
    expect((await manila.shareServers.list({ share_network_id: net1.id }, { extraQuery: { limit: '5' } })).items).toEqual([]);
    // The Manila 23 defect the spec describes: beside a share network filter,
    // the server's own filters go to the share network (or subnet) table.
    expect(ids((await manila.shareServers.list({ share_network_id: net1.id, id: net1.id })).items)).toEqual([serverA]);
    expect((await manila.shareServers.list({ share_network_id: net1.id, id: serverA })).items).toEqual([]);
    expect(ids((await manila.shareServers.list({ share_network_subnet_id: net1.subnetId, id: net1.subnetId })).items)).toEqual([serverA]);
    const broken = await manila.shareServers.list({ share_network_id: net1.id, host: BETA }).catch((e: unknown) => e);
    expect(broken).toBeInstanceOf(ServerError);
    expect((broken as ServerError).status).toBe(500);
    await expect(manila.shareServers.list({ share_network_subnet_id: net1.subnetId, status: 'active' })).rejects.toBeInstanceOf(ServerError);
  });

  it('reads at every version where the answer changes shape', async () => {
    const { serverMin, serverMax } = await manila.microversion();
    const reads: Array<[string, (m: ManilaClient) => Promise<unknown>]> = [
      ['shareServers_list', (m) => m.shareServers.list({ share_network_id: net1.id })],
      ['shareServers_show', (m) => m.shareServers.show(serverA)],
      ['shareServers_getBackendDetails', (m) => m.shareServers.getBackendDetails(serverA)],
    ];
    const read: string[] = [];
    for (const [op, call] of reads) {
      for (const v of answerBoundVersions(op, serverMin!, serverMax!)) {
        try {
          await call(at(v));
          read.push(`${op}@${v}`);
        } catch (err) {
          if (!(err instanceof MicroversionError)) throw err;
        }
      }
    }
    expect(read).toContain('shareServers_show@2.69');
    expect(read).toContain('shareServers_show@2.70');
    // The shape at both sides of a bound, seen directly.
    expect(await at('2.69').shareServers.show(serverA)).toMatchObject({ share_network_subnet_id: net1.subnetId });
    expect(await at('2.70').shareServers.show(serverA)).not.toHaveProperty('share_network_subnet_id');
    expect(await at('2.48').shareServers.show(serverA)).not.toHaveProperty('identifier');
  });

  it('checks a migration, starts it, follows it and cancels it; the destination left behind is reset and deleted', async () => {
    const options = { host: DELTA, writable: true, nondisruptive: false, preserve_snapshots: true };
    const check = await manila.shareServers.migrationCheck(serverA, { ...options, new_share_network_id: null });
    expect(check).toEqual({
      compatible: true,
      requested_capabilities: { ...options, share_network_id: null },
      supported_capabilities: { writable: true, nondisruptive: false, preserve_snapshots: true, share_network_id: net1.id, migration_cancel: true, migration_get_progress: true },
    });
    // Another share network with other network ids cannot be reached without disruption.
    const elsewhere = await manila.shareServers.migrationCheck(serverA, { ...options, host: BETA, nondisruptive: true, new_share_network_id: net2.id });
    expect(elsewhere.compatible).toBe(false);
    // Same back end, same network: nothing would change, and Manila says so.
    await expect(manila.shareServers.migrationCheck(serverA, { ...options, host: BETA, new_share_network_id: null })).rejects.toBeInstanceOf(ConflictError);

    await manila.shareServers.migrationStart(serverA, options);
    expect((await manila.shareServers.show(serverA)).status).toBe('server_migrating');
    const early = await manila.shareServers.migrationGetProgress(serverA);
    expect(early.total_progress).toBeGreaterThanOrEqual(0);
    const phase1 = await manila.waitFor.shareServerMigration(serverA, SLOW);
    expect(phase1.task_state).toBe('migration_driver_phase1_done');
    // The progress names the destination's task_state, which Manila's
    // manager writes just after the source's (two updates, share/manager.py
    // share_server_migration_driver_continue): for a moment it may lag.
    let progress = await manila.shareServers.migrationGetProgress(serverA);
    for (let tries = 0; progress.task_state !== 'migration_driver_phase1_done' && tries < 20; tries++) {
      expect(progress.task_state).toBe('migration_driver_in_progress');
      await new Promise((r) => setTimeout(r, 250));
      progress = await manila.shareServers.migrationGetProgress(serverA);
    }
    expect(progress).toMatchObject({ total_progress: 100, task_state: 'migration_driver_phase1_done' });
    cancelledDestination = progress.destination_share_server_id;
    expect(cancelledDestination).toMatch(/^[0-9a-f-]{36}$/);
    cleanup.add(`delete share server ${cancelledDestination}`, () => deleteShareServer(manila, cancelledDestination));
    expect(await manila.shareServers.show(cancelledDestination)).toMatchObject({ host: DELTA, status: 'server_migrating_to', source_share_server_id: serverA });

    await manila.shareServers.migrationCancel(serverA);
    const cancelled = await manila.waitFor.shareServerMigrationCancel(serverA, SLOW);
    expect(cancelled.status).toBe('active');
    expect((await manila.shares.show(share1)).host).toBe(pool(BETA));
    // The destination stays inactive, and Manila will not delete it so.
    expect(await manila.shareServers.show(cancelledDestination)).toMatchObject({ status: 'inactive', task_state: 'migration_cancelled' });
    await expect(manila.shareServers.delete(cancelledDestination)).rejects.toBeInstanceOf(ForbiddenError);
  });

  it('applies each versioned filter from its bound, and (unchecked) below it', async () => {
    const a = await manila.shareServers.show(serverA);
    const flag = (b: boolean) => (b ? 1 : 0);
    // [filter, the server it should find, a value that finds it, one that does not]
    const cases: Array<[string, string, string | number, string | number]> = [
      ['share_network_subnet_id', serverA, net1.subnetId, NO_UUID],
      ['identifier', serverA, a.identifier!, NO_SUCH],
      ['is_auto_deletable', serverA, flag(a.is_auto_deletable!), 1 - flag(a.is_auto_deletable!)],
      ['task_state', serverA, 'migration_cancelled', 'migration_error'],
      ['source_share_server_id', cancelledDestination, serverA, NO_UUID],
      ['security_service_update_support', serverA, flag(a.security_service_update_support!), 1 - flag(a.security_service_update_support!)],
      ['network_allocation_update_support', serverA, flag(a.network_allocation_update_support!), 1 - flag(a.network_allocation_update_support!)],
    ];
    const wrong: string[] = [];
    const tryCase = async ([filter, target, match, other]: (typeof cases)[number]) => {
      const key = `shareServers_list ${filter}`;
      recordBound(key);
      const min = boundOf(key);
      // Narrowed by the target's back end, never by its share network (see the defect above).
      const base: Record<string, string> = filter === 'share_network_subnet_id' ? {} : { host: target === serverA ? BETA : DELTA };
      const sdk = async (value: string | number) => ids((await at(min).shareServers.list({ ...base, [filter]: value } as never)).items).includes(target);
      const below = async (value: string | number) => {
        const r = await raw('GET', '/share-servers', versionBelow(min), { query: { ...base, [filter]: String(value) } });
        return r.status === 200 && ids(r.body.share_servers).includes(target);
      };
      const [found, missed, foundBelow, missedBelow] = await Promise.all([sdk(match), sdk(other), below(match), below(other)]);
      if (!found || missed) wrong.push(`${filter}: not applied at ${min}`);
      // The spec says Manila filters on it at any version: it checks none.
      if (!foundBelow || missedBelow) wrong.push(`${filter}: not applied at ${versionBelow(min)}, though the spec says so`);
    };
    for (const c of cases) await tryCase(c);
    expect(wrong).toEqual([]);
    recordUntested(
      'shareServers_list encryption_key_ref',
      'no server carries a key reference without a key manager, which the bed does not run; and a value that matches nothing proves nothing, since Manila answers an empty list for a filter it does not know',
    );
    expect((await at('2.90').shareServers.list({ host: BETA, encryption_key_ref: NO_SUCH })).items).toEqual([]);
  });

  it('resets the task state, and the status of the destination left behind before deleting it', async () => {
    await manila.shareServers.resetTaskState(serverA, { task_state: null });
    expect((await manila.shareServers.show(serverA)).task_state).toBeNull();
    await manila.shareServers.resetStatus(cancelledDestination, { status: 'active' });
    expect((await manila.shareServers.show(cancelledDestination)).status).toBe('active');
    await manila.shareServers.delete(cancelledDestination);
    await manila.waitFor.shareServerDeleted(cancelledDestination, SLOW);
    // A server that still hosts a share is refused.
    await expect(manila.shareServers.delete(serverA)).rejects.toBeInstanceOf(ConflictError);
  });

  it('drains beta of our servers with the example, which moves them to delta', async () => {
    const lines: string[] = [];
    const outcomes = await drainBackend(manila, { from: BETA, to: DELTA, shareNetworkId: net1.id, maxWaitMs: SLOW.maxWaitMs, log: (l) => lines.push(l) });
    expect(outcomes).toEqual([{ server: serverA, outcome: 'moved', destination: expect.any(String) }]);
    const destination = outcomes[0].destination!;
    expect(lines.at(-1)).toBe(`1 of 1 share servers moved from ${BETA} to ${DELTA}`);
    expect(await manila.shareServers.show(destination)).toMatchObject({
      host: DELTA,
      status: 'active',
      task_state: 'migration_success',
      source_share_server_id: serverA,
      share_network_id: net1.id,
    });
    const share = await manila.shares.show(share1);
    expect(share).toMatchObject({ status: 'available', host: pool(DELTA), share_server_id: destination });
    // Manila deletes the source after the migration completes, through a
    // cast to the share manager (share/manager.py
    // _server_migration_complete_driver): it may still be listed for a moment.
    await manila.waitFor.shareServerDeleted(serverA, SLOW);
    expect(ids((await manila.shareServers.list({ share_network_id: net1.id })).items)).toEqual([destination]);
  });

  // The example from the command line, against the bed's clouds.yaml. Nothing
  // of ours is left on beta, so it finds nothing to move and says so. It runs
  // in the background during the manage cycle and is judged at the end.
  let commandLine: Promise<{ stdout: string }>;
  it('starts the drain example from the command line', () => {
    const tsx = fileURLToPath(new URL('../../node_modules/.bin/tsx', import.meta.url));
    const script = fileURLToPath(new URL('../../examples/drain-backend.ts', import.meta.url));
    commandLine = promisify(execFile)(tsx, [script, BETA, DELTA, net1.id], {
      env: { ...process.env, OS_CLOUD: 'testbed', OS_CLIENT_CONFIG_FILE: bed.cloudsYaml },
      timeout: ROOM,
    });
    commandLine.catch(() => undefined);
  });

  it('unmanages a server and its share, and manages both back: the server by its identifier, the share onto it', async () => {
    const { shareId, serverId } = onDelta;
    const server = await manila.shareServers.show(serverId);
    const exportPath = (await manila.exportLocations.list(shareId)).items[0].path;

    await manila.shares.unmanage(shareId);
    await manila.waitFor.shareDeleted(shareId, SLOW);
    // A server a share was unmanaged from is no longer Manila's to delete by
    // itself (the share service says so just after the share is gone).
    const deadline = Date.now() + SLOW.maxWaitMs;
    while ((await manila.shareServers.show(serverId)).is_auto_deletable && Date.now() < deadline) await new Promise((r) => setTimeout(r, 500));
    expect((await manila.shareServers.show(serverId)).is_auto_deletable).toBe(false);
    await manila.shareServers.unmanage(serverId, { force: false });
    await manila.waitFor.shareServerDeleted(serverId, SLOW);

    // share_network_subnet_id from 2.51: one version below Manila drops it
    // (and trips over the pool in the host instead); at 2.51 it is read.
    const key = 'shareServers_manage share_network_subnet_id';
    recordBound(key);
    const min = boundOf(key);
    const input = { host: `${DELTA}#pool`, share_network_id: net2.id, identifier: server.identifier!, share_network_subnet_id: NO_UUID };
    const below = await raw('POST', '/share-servers/manage', versionBelow(min), { body: { share_server: input } });
    expect(below.status).toBe(400);
    expect(below.body.badRequest.message).toMatch(/should not contain pool/);
    const refused = await at(min).shareServers.manage(input).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(BadRequestError);
    expect((refused as BadRequestError).message).toMatch(/subnet .* does not exist/);

    const managed = await at(min).shareServers.manage({
      host: DELTA,
      share_network_id: net2.id,
      share_network_subnet_id: net2.subnetId,
      identifier: server.identifier!,
      driver_options: {},
    });
    expect(managed).toMatchObject({ status: 'manage_starting', is_auto_deletable: false, share_network_subnet_id: net2.subnetId });
    const back = await manila.waitFor.shareServer(managed.id, SLOW);
    expect(back).toMatchObject({ host: DELTA, identifier: server.identifier, share_network_id: net2.id, share_network_subnet_ids: [net2.subnetId] });

    // share_server_id from 2.49: below, Manila drops it and misses it.
    const shareKey = 'shares_manage share_server_id';
    recordBound(shareKey);
    const shareMin = boundOf(shareKey);
    const shareInput = { protocol: 'NFS' as const, export_path: exportPath, service_host: pool(DELTA), share_type: typeId, share_server_id: managed.id, name: uniqueName('managed') };
    const old = await raw('POST', '/shares/manage', versionBelow(shareMin), { body: { share: shareInput } });
    expect(old.status).toBe(400);
    expect(old.body.badRequest.message).toMatch(/Share Server ID parameter is required/);
    const share = await at(shareMin).shares.manage(shareInput);
    cleanup.add(`delete share ${share.id}`, () => deleteShare(manila, share.id));
    const available = await manila.waitFor.share(share.id, SLOW);
    expect(available).toMatchObject({ status: 'available', share_server_id: managed.id, host: pool(DELTA) });
    expect((await manila.shareServers.show(managed.id)).status).toBe('active');
  });

  it('the drain example ran from the command line', async () => {
    expect((await commandLine).stdout.trim()).toBe(`0 of 0 share servers moved from ${BETA} to ${DELTA}`);
  });

  it('refuses to unmanage a server that hosts shares', async () => {
    const { share_server_id: server } = await manila.shares.show(share1);
    await expect(manila.shareServers.unmanage(server!)).rejects.toBeInstanceOf(BadRequestError);
    await expect(manila.shareServers.show(NO_UUID)).rejects.toBeInstanceOf(NotFoundError);
  });
});

// Share replicas, share instances and snapshot instances on a real Manila.
// A share of a replicated type (`replication_type: readable`, no share
// servers) lives on alpha (zone nova); its replicas go to gamma (zone nova2),
// the other back end without share servers in the same replication domain.
// The scenario adds replicas at the bounds of each request field, adds one
// and waits until it is in sync, reads it (lists, export locations,
// metadata), fails the share over to it with examples/replica-failover.ts
// and back, resyncs and resets, then reads and resets the share and snapshot
// instances behind it; every read also at each microversion where its answer
// changes shape. Every answer is checked against the spec.
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BadRequestError, MicroversionError, WaitFailedError, type ManilaClient, type ShareReplica } from '../../src/index.js';
import { bed, bedAuth, bedClient, Cleanup, FAST, keystoneBed, rawManila, uniqueName, versionBelow } from './support/bed.js';
import { answerBoundVersions, boundOf, recordBound } from './support/bounds.js';
import { deleteMessagesAbout, deleteShare, deleteShareReplica, deleteShareType, deleteSnapshot } from './support/resources.js';

// One Keystone session for every client of this file (each version gets its own client).
const auth = keystoneBed ? { auth: bedAuth() } : {};
const manila = bedClient(auth);
const clients = new Map<string, ManilaClient>();
const at = (version: string) => clients.get(version) ?? clients.set(version, bedClient({ ...auth, microversion: version })).get(version)!;
const cleanup = new Cleanup();
afterAll(() => cleanup.run());

const repo = fileURLToPath(new URL('../..', import.meta.url));
const run = promisify(execFile);
const NO_HOST = 'testbed@nowhere#no_pool';
const NO_UUID = '00000000-0000-0000-0000-000000000000';
const GAMMA = /^testbed@gamma#/;
const ALPHA = /^testbed@alpha#/;

/** Raw requests (what the SDK refuses to send), with a token renewed well within the bed's short token life. */
let rawFor: { at: number; send: Awaited<ReturnType<typeof rawManila>> } | undefined;
const raw: Awaited<ReturnType<typeof rawManila>> = async (...args) => {
  if (!rawFor || Date.now() - rawFor.at > 45_000) rawFor = { at: Date.now(), send: await rawManila() };
  return rawFor.send(...args);
};

describe('share replicas, share instances and snapshot instances', () => {
  let serverMin: string;
  let serverMax: string;
  let typeId: string;
  let shareId: string;
  /** The share's first instance, on alpha: its active replica at the start. */
  let firstId: string;
  /** The replica the scenario adds, on gamma. */
  let replicaId: string;
  let snapshotId: string;

  /** A replica made by a raw request (below a field's bound), cleaned up like the others. */
  const rawReplica = async (version: string, body: Record<string, unknown>) => {
    const res = await raw('POST', '/share-replicas', version, { body: { share_replica: { share_id: shareId, ...body } } });
    if (res.status === 202) track(res.body.share_replica.id);
    return res;
  };
  const track = (id: string) => {
    cleanup.add(`delete share replica ${id}`, () => deleteShareReplica(manila, id));
    cleanup.add(`delete messages about replica ${id}`, () => deleteMessagesAbout(manila, id));
  };
  /** Each version at which a read's answer changes shape (and the one before): the contract checks every field bound. */
  const readAcross = async (opKey: string, read: (m: ManilaClient) => Promise<unknown>) => {
    const versions = answerBoundVersions(opKey, serverMin, serverMax);
    const answered: string[] = [];
    await Promise.all(
      versions.map(async (v) => {
        try {
          await read(at(v));
          answered.push(v);
        } catch (err) {
          // Below the operation's range: refused before anything was sent.
          if (!(err instanceof MicroversionError)) throw new Error(`${opKey} at ${v}: ${(err as Error).message}`);
        }
      }),
    );
    expect(answered.length, `${opKey} answered at ${versions.join(', ')}`).toBeGreaterThan(0);
    return answered;
  };

  beforeAll(async () => {
    const nv = await manila.microversion();
    serverMin = nv.serverMin!;
    serverMax = nv.serverMax!;
    // Not the type `default` (pinned to alpha): replicas need somewhere else to go.
    const type = await manila.shareTypes.create({
      name: uniqueName('replicated'),
      extra_specs: { driver_handles_share_servers: 'false', replication_type: 'readable', snapshot_support: 'true', mount_snapshot_support: 'true' },
    });
    typeId = type.id;
    cleanup.add(`delete share type ${type.id}`, () => deleteShareType(manila, type.id));
    const share = await manila.shares.create({ share_proto: 'NFS', size: 1, name: uniqueName('replicated'), share_type: type.id, availability_zone: 'nova' });
    shareId = share.id;
    cleanup.add(`delete share ${share.id}`, () => deleteShare(manila, share.id));
    await manila.waitFor.share(share.id, FAST);
    const [first] = (await manila.shareReplicas.list({ share_id: shareId })).items;
    firstId = first.id;
    expect(first.replica_state).toBe('active');
  });

  it('adds replicas with each request field at its bound', { timeout: 240_000 }, async () => {
    // share_network_id (2.72): recorded, then the replica fails on gamma,
    // which has no share servers to put on the network. Refused below.
    const netMin = boundOf('shareReplicas_create share_network_id');
    const net = await raw('POST', '/share-networks', serverMax, { body: { share_network: { name: uniqueName('replica-net') } } });
    expect(net.status).toBe(200);
    const netId = net.body.share_network.id as string;
    cleanup.add(`delete share network ${netId}`, async () => {
      const res = await raw('DELETE', `/share-networks/${netId}`, serverMax);
      if (res.status !== 202 && res.status !== 404) throw new Error(`share network ${netId}: HTTP ${res.status}`);
    });
    const below = await rawReplica(versionBelow(netMin), { share_network_id: netId });
    expect(below.status).toBe(400);
    expect(below.body.badRequest.message).toMatch(/share_network_id/);
    const onNet = await at(netMin).shareReplicas.create({ share_id: shareId, share_network_id: netId });
    track(onNet.id);
    expect(onNet).toMatchObject({ share_network_id: netId, status: 'creating' });
    const failed = await manila.waitFor.shareReplica(onNet.id, FAST).catch((e: unknown) => e);
    expect(failed).toBeInstanceOf(WaitFailedError);
    expect((failed as WaitFailedError).lastState).toMatchObject({ status: 'error', share_network_id: netId, host: expect.stringMatching(GAMMA) });
    recordBound('shareReplicas_create share_network_id');
    // A replica on a back end: the admin deletes its share instance whatever its status.
    await manila.shareInstances.forceDelete(onNet.id);
    await manila.waitFor.shareReplicaDeleted(onNet.id, FAST);

    // scheduler_hints (2.67): only_host is obeyed, so a host that does not
    // exist leaves the replica unplaced; one version below it is ignored.
    const hintsMin = boundOf('shareReplicas_create scheduler_hints');
    const nowhere = await at(hintsMin).shareReplicas.create({ share_id: shareId, scheduler_hints: { only_host: NO_HOST } });
    track(nowhere.id);
    const unplaced = await manila.waitFor.shareReplica(nowhere.id, FAST).catch((e: unknown) => e);
    expect(unplaced).toBeInstanceOf(WaitFailedError);
    expect((unplaced as WaitFailedError).lastState).toMatchObject({ status: 'error', replica_state: 'error' });
    expect(((unplaced as WaitFailedError).lastState as ShareReplica).host).toBeFalsy();
    // Manila's message says why, and the error says it too.
    expect((unplaced as WaitFailedError).messages.length).toBeGreaterThan(0);
    await manila.shareReplicas.forceDelete(nowhere.id);
    await manila.waitFor.shareReplicaDeleted(nowhere.id, FAST);
    const ignored = await rawReplica(versionBelow(hintsMin), { scheduler_hints: { only_host: NO_HOST } });
    expect(ignored.status).toBe(202);
    const placed = await manila.waitFor.shareReplica(ignored.body.share_replica.id, FAST);
    expect(placed).toMatchObject({ status: 'available', replica_state: 'in_sync', availability_zone: 'nova2', host: expect.stringMatching(GAMMA) });
    recordBound('shareReplicas_create scheduler_hints');

    // metadata (2.95): kept; one version below dropped. Gamma holds a
    // replica of the share already, so these find no back end: the
    // metadata is recorded all the same.
    const metaMin = boundOf('shareReplicas_create metadata');
    const dropped = await rawReplica(versionBelow(metaMin), { metadata: { k: 'dropped' } });
    expect(dropped.status).toBe(202);
    const kept = await at(metaMin).shareReplicas.create({ share_id: shareId, metadata: { k: 'kept' } });
    track(kept.id);
    expect(kept.metadata).toEqual({ k: 'kept' });
    expect(await manila.shareReplicaMetadata.get(kept.id)).toEqual({ k: 'kept' });
    expect(await manila.shareReplicaMetadata.get(dropped.body.share_replica.id)).toEqual({});
    recordBound('shareReplicas_create metadata');
    for (const id of [dropped.body.share_replica.id as string, kept.id]) {
      await expect(manila.waitFor.shareReplica(id, FAST)).rejects.toBeInstanceOf(WaitFailedError);
      await manila.shareReplicas.delete(id);
    }
    // The placed replica goes through its share instance with the pre-2.7 key.
    await at('2.6').shareInstances.forceDelete(placed.id);
    for (const id of [placed.id, dropped.body.share_replica.id, kept.id]) await manila.waitFor.shareReplicaDeleted(id, FAST);
  });

  it('adds a replica and waits until it is in sync', async () => {
    // A snapshot first: a new replica gets its own copy of each snapshot.
    const snap = await manila.snapshots.create({ share_id: shareId, name: uniqueName('replicated') });
    snapshotId = snap.id;
    cleanup.add(`delete snapshot ${snap.id}`, () => deleteSnapshot(manila, snap.id));
    await manila.waitFor.snapshot(snap.id, FAST);

    const replica = await manila.shareReplicas.create({ share_id: shareId, availability_zone: 'nova2', metadata: { purpose: 'dr' } });
    replicaId = replica.id;
    track(replica.id);
    expect(replica).toMatchObject({ share_id: shareId, status: 'creating', replica_state: null, metadata: { purpose: 'dr' } });
    const synced = await manila.waitFor.shareReplica(replica.id, FAST);
    expect(synced).toMatchObject({ status: 'available', replica_state: 'in_sync', availability_zone: 'nova2', cast_rules_to_readonly: true, host: expect.stringMatching(GAMMA) });
  });

  it('lists and shows the replicas, page by page, at every shape of the answer', async () => {
    const brief = (await manila.shareReplicas.list({ share_id: shareId })).items;
    expect(Object.fromEntries(brief.map((r) => [r.id, r.replica_state]))).toEqual({ [firstId]: 'active', [replicaId]: 'in_sync' });
    const walked: ShareReplica[] = [];
    for await (const r of manila.shareReplicas.listDetail({ share_id: shareId, limit: 1 })) walked.push(r);
    expect(walked.map((r) => r.id).sort()).toEqual([firstId, replicaId].sort());
    expect(walked.find((r) => r.id === firstId)).toMatchObject({ host: expect.stringMatching(ALPHA), availability_zone: 'nova', cast_rules_to_readonly: false });
    expect((await manila.shareReplicas.list({ share_id: shareId, limit: 1, offset: 1 })).items).toHaveLength(1);
    expect((await manila.shareReplicas.list({ share_id: NO_UUID })).items).toEqual([]);
    expect((await manila.shareReplicas.show(replicaId)).metadata).toEqual({ purpose: 'dr' });

    const shown = await readAcross('shareReplicas_show', (m) => m.shareReplicas.show(replicaId));
    expect(shown).toContain('2.11');
    await readAcross('shareReplicas_list', (m) => m.shareReplicas.list({ share_id: shareId }));
    await readAcross('shareReplicas_listDetail', (m) => m.shareReplicas.listDetail({ share_id: shareId }));
    await expect(at('2.10').shareReplicas.show(replicaId)).rejects.toBeInstanceOf(MicroversionError);
  });

  it('reads the export locations of a replica', async () => {
    const mine = (await manila.shareReplicaExportLocations.list(replicaId)).items;
    expect(mine.length).toBeGreaterThan(0);
    expect(mine.every((l) => l.share_instance_id === replicaId && l.replica_state === 'in_sync' && l.availability_zone === 'nova2')).toBe(true);
    const one = await manila.shareReplicaExportLocations.show(replicaId, mine[0].id);
    expect(one).toMatchObject({ id: mine[0].id, path: mine[0].path, share_instance_id: replicaId });
    // Manila looks the location up by its id alone: the active replica's is
    // answered through this replica too (the spec says so).
    const [theirs] = (await manila.shareReplicaExportLocations.list(firstId)).items;
    expect((await manila.shareReplicaExportLocations.show(replicaId, theirs.id)).share_instance_id).toBe(firstId);

    await readAcross('shareReplicaExportLocations_list', (m) => m.shareReplicaExportLocations.list(replicaId));
    await readAcross('shareReplicaExportLocations_show', (m) => m.shareReplicaExportLocations.show(replicaId, mine[0].id));
  });

  it('keeps metadata on a replica', async () => {
    const meta = manila.shareReplicaMetadata;
    expect(await meta.merge(replicaId, { tier: 'gold' })).toEqual({ tier: 'gold' });
    expect(await meta.get(replicaId)).toEqual({ purpose: 'dr', tier: 'gold' });
    expect(await meta.getItem(replicaId, 'tier')).toEqual({ tier: 'gold' });
    expect(await meta.updateItem(replicaId, 'tier', { tier: 'silver' })).toEqual({ tier: 'silver' });
    await meta.delete(replicaId, 'tier');
    expect(await meta.replace(replicaId, { purpose: 'failover', site: 'b' })).toEqual({ purpose: 'failover', site: 'b' });
    expect(await meta.get(replicaId)).toEqual({ purpose: 'failover', site: 'b' });
    await readAcross('shareReplicaMetadata_get', (m) => m.shareReplicaMetadata.get(replicaId));
    await readAcross('shareReplicaMetadata_getItem', (m) => m.shareReplicaMetadata.getItem(replicaId, 'site'));
  });

  it('fails over with examples/replica-failover.ts, and back', { timeout: 180_000 }, async () => {
    const { stdout } = await run('npx', ['tsx', 'examples/replica-failover.ts', shareId], {
      cwd: repo,
      env: { ...process.env, OS_CLOUD: 'testbed', OS_CLIENT_CONFIG_FILE: bed.cloudsYaml },
      timeout: 150_000,
    });
    expect(stdout).toContain(`share ${shareId} is served by replica ${replicaId} in nova2`);
    const served = (await manila.shareReplicaExportLocations.list(replicaId)).items.filter((l) => !l.is_admin_only);
    for (const l of served) expect(stdout).toContain(`mount ${l.path}`);
    expect((await manila.shareReplicas.show(replicaId)).replica_state).toBe('active');
    // The dummy driver leaves the old active replica in sync.
    expect(await manila.waitFor.shareReplica(firstId, FAST)).toMatchObject({ replica_state: 'in_sync' });
    expect((await manila.shares.show(shareId)).host).toMatch(GAMMA);

    // quiesce_wait_time (2.75): read from its bound (a bad value is refused),
    // ignored one version below (the promotion goes ahead).
    const quiesceMin = boundOf('shareReplicas_action#promote quiesce_wait_time');
    const refused = await raw('POST', `/share-replicas/${firstId}/action`, quiesceMin, { body: { promote: { quiesce_wait_time: 'soon' } } });
    expect(refused.status).toBe(400);
    expect(refused.body.badRequest.message).toMatch(/quiesce_wait_time/);
    const back = await raw('POST', `/share-replicas/${firstId}/action`, versionBelow(quiesceMin), { body: { promote: { quiesce_wait_time: 'soon' } } });
    expect(back.status).toBe(202);
    expect(back.body.share_replica).toMatchObject({ id: firstId, status: 'replication_change' });
    expect(await manila.waitFor.shareReplica(firstId, { ...FAST, until: { replica_state: 'active' } })).toMatchObject({ status: 'available' });
    await manila.waitFor.shareReplica(replicaId, FAST);
    const promoted = await at(quiesceMin).shareReplicas.promote(replicaId, { quiesce_wait_time: 5 });
    expect(promoted).toMatchObject({ id: replicaId, status: 'replication_change' });
    await manila.waitFor.shareReplica(replicaId, { ...FAST, until: { replica_state: 'active' } });
    recordBound('shareReplicas_action#promote quiesce_wait_time');

    // Promoting the active replica does nothing: 200 without a body.
    const again = await manila.shareReplicas.promote(replicaId).withResponse();
    expect(again.response.status).toBe(200);
    expect(again.data).toBeUndefined();
    await manila.waitFor.shareReplica(firstId, FAST);
  });

  it('resyncs and resets a replica as the admin', async () => {
    // The replica now serving the share cannot be deleted, nor need a resync (200).
    await expect(manila.shareReplicas.delete(replicaId)).rejects.toBeInstanceOf(BadRequestError);
    expect((await manila.shareReplicas.resync(replicaId).withResponse()).response.status).toBe(200);

    await manila.shareReplicas.resetReplicaState(firstId, { replica_state: 'out_of_sync' });
    expect((await manila.shareReplicas.show(firstId)).replica_state).toBe('out_of_sync');
    const resync = await manila.shareReplicas.resync(firstId).withResponse();
    expect(resync.response.status).toBe(202);
    expect(await manila.waitFor.shareReplica(firstId, FAST)).toMatchObject({ replica_state: 'in_sync' });

    await manila.shareReplicas.resetStatus(firstId, { status: 'error' });
    const err = await manila.waitFor.shareReplica(firstId, FAST).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(WaitFailedError);
    expect((err as WaitFailedError).lastState).toMatchObject({ status: 'error', replica_state: 'in_sync' });
    await manila.shareReplicas.resetStatus(firstId, { status: 'available' });
    await manila.waitFor.shareReplica(firstId, FAST);
  });

  it('lists, shows and resets the share instances behind the replicas', { timeout: 240_000 }, async () => {
    const byShare = (await manila.shareInstances.listByShare(shareId)).items;
    expect(Object.fromEntries(byShare.map((i) => [i.id, i.replica_state]))).toEqual({ [firstId]: 'in_sync', [replicaId]: 'active' });
    const instance = await manila.shareInstances.show(replicaId);
    expect(instance).toMatchObject({ share_id: shareId, status: 'available', host: expect.stringMatching(GAMMA), share_type_id: typeId, availability_zone: 'nova2' });

    const locations = (await manila.shareInstanceExportLocations.list(replicaId)).items;
    expect(locations.length).toBeGreaterThan(0);
    expect(locations.every((l) => l.share_instance_id === replicaId)).toBe(true);
    expect((await manila.shareInstanceExportLocations.show(replicaId, locations[0].id)).path).toBe(locations[0].path);
    // Looked up by its id alone, like the replicas' (the spec says so).
    const [theirs] = (await manila.shareInstanceExportLocations.list(firstId)).items;
    expect((await manila.shareInstanceExportLocations.show(replicaId, theirs.id)).share_instance_id).toBe(firstId);

    // Reset the first instance's status, and wait on it.
    await manila.shareInstances.resetStatus(firstId, { status: 'error' });
    await expect(manila.waitFor.shareInstance(firstId, FAST)).rejects.toThrow(/reached status error/);

    // The filters, from 2.35 (dropped below) and is_soft_deleted from 2.69.
    const ids = (items: Array<{ id: string }>) => items.map((i) => i.id);
    const rawIds = async (version: string, query: Record<string, string>) => {
      const res = await raw('GET', '/share_instances', version, { query });
      expect(res.status).toBe(200);
      return ids(res.body.share_instances);
    };
    const v35 = boundOf('shareInstances_list host');
    const filters: Array<[string, string, (got: string[]) => boolean]> = [
      ['host', 'testbed@gamma', (got) => got.includes(replicaId) && !got.includes(firstId)],
      ['status', 'error', (got) => got.includes(firstId) && !got.includes(replicaId)],
      ['export_location_id', locations[0].id, (got) => got.length === 1 && got[0] === replicaId],
      ['export_location_path', locations[0].path, (got) => got.length === 1 && got[0] === replicaId],
      // Nothing on the bed has share servers here or an encryption key: a value nothing has empties the list.
      ['share_server_id', NO_UUID, (got) => got.length === 0],
      ['encryption_key_ref', 'sdk-no-such-key', (got) => got.length === 0],
    ];
    for (const [filter, value, applied] of filters) {
      expect(boundOf(`shareInstances_list ${filter}`)).toBe(v35);
      const got = ids((await at(v35).shareInstances.list({ [filter]: value })).items);
      expect(applied(got), `${filter} at ${v35}`).toBe(true);
      const dropped = await rawIds(versionBelow(v35), { [filter]: value });
      expect(dropped, `${filter} at ${versionBelow(v35)}`).toEqual(expect.arrayContaining([firstId, replicaId]));
      recordBound(`shareInstances_list ${filter}`);
    }
    const softMin = boundOf('shareInstances_list is_soft_deleted');
    expect(ids((await at(softMin).shareInstances.list({ is_soft_deleted: false })).items)).toEqual(expect.arrayContaining([firstId, replicaId]));
    const inBin = ids((await at(softMin).shareInstances.list({ is_soft_deleted: true })).items);
    expect(inBin).not.toContain(firstId);
    // Below 2.69 any value, `false` too, asks for the recycle bin (the spec says so).
    const falseBelow = await rawIds(versionBelow(softMin), { is_soft_deleted: 'false' });
    expect(falseBelow).not.toContain(firstId);
    expect(falseBelow).not.toContain(replicaId);
    recordBound('shareInstances_list is_soft_deleted');
    // Manila 23 fails on these two filters, so the spec does not offer them.
    expect((await raw('GET', '/share_instances', serverMax, { query: { metadata: '{"k": "v"}' } })).status).toBe(500);
    expect((await raw('GET', '/share_instances', serverMax, { query: { instance_ids: firstId } })).status).toBe(500);

    // Back to available with the pre-2.7 key.
    await at('2.6').shareInstances.resetStatus(firstId, { status: 'available' });
    expect((await manila.waitFor.shareInstance(firstId, FAST)).status).toBe('available');

    await readAcross('shareInstances_show', (m) => m.shareInstances.show(replicaId));
    await readAcross('shareInstances_listByShare', (m) => m.shareInstances.listByShare(shareId));
    await readAcross('shareInstances_list', (m) => m.shareInstances.list());
    await readAcross('shareInstanceExportLocations_list', (m) => m.shareInstanceExportLocations.list(replicaId));
    await readAcross('shareInstanceExportLocations_show', (m) => m.shareInstanceExportLocations.show(replicaId, locations[0].id));
  });

  it('lists, shows and resets the snapshot instances, one per replica', async () => {
    const brief = (await manila.snapshotInstances.list({ snapshot_id: snapshotId })).items;
    expect(brief).toHaveLength(2);
    const detailed = (await manila.snapshotInstances.listDetail({ snapshot_id: snapshotId })).items;
    expect(detailed.map((i) => i.share_instance_id).sort()).toEqual([firstId, replicaId].sort());
    expect(detailed.every((i) => i.snapshot_id === snapshotId && i.share_id === shareId)).toBe(true);
    const onFirst = detailed.find((i) => i.share_instance_id === firstId)!;
    const onReplica = detailed.find((i) => i.share_instance_id === replicaId)!;
    expect(await manila.snapshotInstances.show(onFirst.id)).toMatchObject({ id: onFirst.id, share_instance_id: firstId, status: 'available' });

    // The snapshot was taken on alpha before the share had replicas: that
    // copy has export locations (a mountable snapshot).
    const locations = (await manila.snapshotInstanceExportLocations.list(onFirst.id)).items;
    expect(locations.length).toBeGreaterThan(0);
    expect(await manila.snapshotInstanceExportLocations.show(onFirst.id, locations[0].id)).toMatchObject({ id: locations[0].id, path: locations[0].path });

    // The replica's copy is completed by a periodic task (every 300 s by
    // default); still `creating` when its replica was promoted, Manila set
    // it to `error`. The admin puts it right.
    expect(['available', 'error']).toContain((await manila.snapshotInstances.show(onReplica.id)).status);
    await manila.snapshotInstances.resetStatus(onReplica.id, { status: 'available' });
    expect((await manila.waitFor.snapshotInstance(onReplica.id, FAST)).status).toBe('available');
    await manila.snapshotInstances.resetStatus(onFirst.id, { status: 'error' });
    await expect(manila.waitFor.snapshotInstance(onFirst.id, FAST)).rejects.toThrow(/reached status error/);
    await manila.snapshotInstances.resetStatus(onFirst.id, { status: 'available' });
    expect((await manila.waitFor.snapshotInstance(onFirst.id, FAST)).status).toBe('available');

    await readAcross('snapshotInstances_list', (m) => m.snapshotInstances.list({ snapshot_id: snapshotId }));
    await readAcross('snapshotInstances_listDetail', (m) => m.snapshotInstances.listDetail());
    await readAcross('snapshotInstances_show', (m) => m.snapshotInstances.show(onFirst.id));
    await readAcross('snapshotInstanceExportLocations_list', (m) => m.snapshotInstanceExportLocations.list(onFirst.id));
    await readAcross('snapshotInstanceExportLocations_show', (m) => m.snapshotInstanceExportLocations.show(onFirst.id, locations[0].id));
  });

  it('deletes the replica that no longer serves the share, and its snapshot copy with it', async () => {
    await manila.shareReplicas.delete(firstId);
    await manila.waitFor.shareReplicaDeleted(firstId, FAST);
    expect((await manila.shareReplicas.list({ share_id: shareId })).items.map((r) => r.id)).toEqual([replicaId]);
    expect((await manila.snapshotInstances.listDetail({ snapshot_id: snapshotId })).items.map((i) => i.share_instance_id)).toEqual([replicaId]);
  });
});

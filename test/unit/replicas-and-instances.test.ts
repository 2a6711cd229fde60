// Share replicas (with their export locations and metadata), share instances
// and snapshot instances (with their export locations): the wire of every
// call and action, the experimental header of replicas up to 2.55, the
// legacy os- keys of share instances below 2.7, what is refused before
// sending, pages, and the three waiters.
import { describe, expect, it } from 'vitest';
import { EXPERIMENTAL_HEADER, MicroversionError, ValidationError, VERSION_HEADER, WaitFailedError, WaitTimeoutError } from '../../src/index.js';
import { pinned, route } from './support/manila-mock.js';

const SHARE = '24438e00-9b14-441e-83f6-9b2480a52ab3';
const REPLICA = '57991d22-dc47-4cc2-907b-45145782defc';
const OTHER = 'd471c21b-07ad-4531-a414-780a25dcdacd';
const EL = '7219d2f4-85a8-4736-8efa-f7a1e65282d7';
const NET = '0e68e7ee-a6b6-4208-8150-eb9ed9a1ae3b';
const SNAP = '1d57f840-e0c8-4c2f-9b58-1372e9ae4e13';
const SNAP_INSTANCE = 'a30d093d-2a85-4720-923f-988a7046f38e';
const POOL = 'testbed@gamma#fake_pool_for_GAMMA';
const WAIT = { minDelayMs: 1, maxDelayMs: 2 };

const replica = (over: Record<string, unknown> = {}) => ({
  id: REPLICA,
  share_id: SHARE,
  availability_zone: 'nova2',
  created_at: '2026-01-01T00:00:00.000000',
  status: 'available',
  share_network_id: null,
  replica_state: 'in_sync',
  updated_at: null,
  ...over,
});
const instance = (over: Record<string, unknown> = {}) => ({
  id: REPLICA,
  share_id: SHARE,
  availability_zone: 'nova',
  created_at: '2026-01-01T00:00:00.000000',
  host: 'testbed@alpha#fake_pool_for_ALPHA',
  status: 'available',
  share_network_id: null,
  share_server_id: null,
  ...over,
});
const snapInstance = (over: Record<string, unknown> = {}) => ({
  id: SNAP_INSTANCE,
  snapshot_id: SNAP,
  created_at: '2026-01-01T00:00:00.000000',
  updated_at: null,
  status: 'available',
  share_id: SHARE,
  share_instance_id: REPLICA,
  progress: '100%',
  provider_location: '/path/to/fake/snapshot',
  ...over,
});
const location = { id: EL, path: '10.0.0.10:/x', preferred: true, replica_state: 'active', availability_zone: 'nova' };
const notFound = () => Response.json({ itemNotFound: { code: 404, message: 'gone' } }, { status: 404 });

describe('share replicas', () => {
  it('list and listDetail send share_id, limit and offset, with the experimental header up to 2.55 only', async () => {
    const list = route('GET', '/share-replicas', { share_replicas: [{ id: REPLICA, share_id: SHARE, status: 'available', replica_state: 'active' }] });
    const detail = route('GET', '/share-replicas/detail', { share_replicas: [replica()] });
    const page = await pinned('2.11').shareReplicas.list({ share_id: SHARE, limit: 5, offset: 10 });
    expect(page.items[0].replica_state).toBe('active');
    expect((await pinned('2.56').shareReplicas.listDetail({ share_id: SHARE })).items[0].host).toBeUndefined();
    await pinned('2.55').shareReplicas.listDetail();
    expect(list[0].method).toBe('GET');
    expect(Object.fromEntries(list[0].query)).toEqual({ share_id: SHARE, limit: '5', offset: '10' });
    expect(Object.fromEntries(detail[0].query)).toEqual({ share_id: SHARE });
    expect([list[0], detail[1], detail[0]].map((s) => s.headers.get(EXPERIMENTAL_HEADER))).toEqual(['True', 'True', null]);
    expect([list[0], detail[0]].map((s) => s.headers.get(VERSION_HEADER))).toEqual(['2.11', '2.56']);
  });

  it('are refused before 2.11, and an unknown filter always, without a request', async () => {
    // No route: a request would fail the test as unhandled.
    const err = await pinned('2.10').shareReplicas.list().catch((e) => e);
    expect(err).toBeInstanceOf(MicroversionError);
    expect(err.sent).toBe(false);
    await expect(pinned('2.10').shareReplicas.show(REPLICA)).rejects.toBeInstanceOf(MicroversionError);
    await expect(pinned('2.99').shareReplicas.listDetail({ status: 'available' } as never)).rejects.toThrow(/unknown filter "status" \(this call takes share_id, limit, offset/);
  });

  it('a walk pages by offset', async () => {
    const all = [REPLICA, OTHER, SHARE].map((id) => ({ id, share_id: SHARE, status: 'available', replica_state: 'in_sync' }));
    const seen = route('GET', '/share-replicas', (s) => {
      const o = Number(s.query.get('offset') ?? 0);
      return Response.json({ share_replicas: all.slice(o, o + Number(s.query.get('limit'))) });
    });
    const got: string[] = [];
    for await (const r of pinned('2.99').shareReplicas.list({ share_id: SHARE, limit: 2 })) got.push(r.id);
    expect(got).toEqual([REPLICA, OTHER, SHARE]);
    expect(seen.map((s) => s.query.get('offset'))).toEqual([null, '2', '4'].slice(0, seen.length));
    expect(seen.every((s) => s.query.get('share_id') === SHARE && s.query.get('limit') === '2')).toBe(true);
  });

  it('create wraps "share_replica" and unwraps the answer; each field from its microversion', async () => {
    const seen = route('POST', '/share-replicas', { share_replica: replica({ status: 'creating', replica_state: null }) }, 202);
    const r = await pinned('2.11').shareReplicas.create({ share_id: SHARE, availability_zone: 'nova2' });
    expect(r).toMatchObject({ id: REPLICA, status: 'creating', replica_state: null });
    await pinned('2.67').shareReplicas.create({ share_id: SHARE, scheduler_hints: { only_host: POOL } });
    await pinned('2.72').shareReplicas.create({ share_id: SHARE, share_network_id: NET });
    await pinned('2.95').shareReplicas.create({ share_id: SHARE, metadata: { purpose: 'dr' } });
    expect(seen.map((s) => s.body)).toEqual([
      { share_replica: { share_id: SHARE, availability_zone: 'nova2' } },
      { share_replica: { share_id: SHARE, scheduler_hints: { only_host: POOL } } },
      { share_replica: { share_id: SHARE, share_network_id: NET } },
      { share_replica: { share_id: SHARE, metadata: { purpose: 'dr' } } },
    ]);
    expect(seen.map((s) => s.headers.get(EXPERIMENTAL_HEADER))).toEqual(['True', null, null, null]);
    expect(seen[0].method).toBe('POST');
  });

  it('create refuses fields below their microversion, unknown fields and a missing share_id, without a request', async () => {
    await expect(pinned('2.66').shareReplicas.create({ share_id: SHARE, scheduler_hints: { only_host: POOL } })).rejects.toThrow(/field "scheduler_hints" needs microversion 2\.67/);
    await expect(pinned('2.71').shareReplicas.create({ share_id: SHARE, share_network_id: NET })).rejects.toThrow(/field "share_network_id" needs microversion 2\.72/);
    await expect(pinned('2.94').shareReplicas.create({ share_id: SHARE, metadata: { a: 'b' } })).rejects.toBeInstanceOf(MicroversionError);
    // @ts-expect-error same_host is not a hint replicas take
    await expect(pinned('2.99').shareReplicas.create({ share_id: SHARE, scheduler_hints: { same_host: SHARE } })).rejects.toThrow(/unknown field "scheduler_hints\.same_host"/);
    // @ts-expect-error share_type is not a field of a replica
    await expect(pinned('2.99').shareReplicas.create({ share_id: SHARE, share_type: 'x' })).rejects.toThrow(/unknown field "share_type"/);
    // @ts-expect-error share_id is required
    await expect(pinned('2.99').shareReplicas.create({ availability_zone: 'nova' })).rejects.toBeInstanceOf(ValidationError);
  });

  it('show unwraps; delete answers nothing', async () => {
    const show = route('GET', `/share-replicas/${REPLICA}`, { share_replica: replica({ host: POOL, cast_rules_to_readonly: true, metadata: {} }) });
    const del = route('DELETE', `/share-replicas/${REPLICA}`, null, 202);
    const m = pinned('2.99');
    expect(await m.shareReplicas.show(REPLICA)).toMatchObject({ id: REPLICA, host: POOL, cast_rules_to_readonly: true });
    expect(await m.shareReplicas.delete(REPLICA)).toBeUndefined();
    expect(show[0].path).toBe(`/share-replicas/${REPLICA}`);
    expect(del[0].method).toBe('DELETE');
    expect(del[0].body).toBeUndefined();
    expect(show[0].headers.get(EXPERIMENTAL_HEADER)).toBeNull();
  });

  it('promote answers the replica at 202, and nothing at 200 when it already is the active one', async () => {
    const seen = route('POST', `/share-replicas/${REPLICA}/action`, (_s, n) =>
      n === 1 ? Response.json({ share_replica: replica({ status: 'replication_change' }) }, { status: 202 }) : new Response(null, { status: 200 }),
    );
    const promoted = await pinned('2.99').shareReplicas.promote(REPLICA);
    expect(promoted?.status).toBe('replication_change');
    const { data, response } = await pinned('2.99').shareReplicas.promote(REPLICA).withResponse();
    expect(data).toBeUndefined();
    expect(response.status).toBe(200);
    // Without input the value is an empty object, which Manila reads like null.
    expect(seen.map((s) => s.body)).toEqual([{ promote: {} }, { promote: {} }]);
  });

  it('promote takes quiesce_wait_time from 2.75', async () => {
    const seen = route('POST', `/share-replicas/${REPLICA}/action`, { share_replica: replica({ status: 'replication_change' }) }, 202);
    await pinned('2.75').shareReplicas.promote(REPLICA, { quiesce_wait_time: 30 });
    await pinned('2.11').shareReplicas.promote(REPLICA);
    expect(seen.map((s) => s.body)).toEqual([{ promote: { quiesce_wait_time: 30 } }, { promote: {} }]);
    expect(seen.map((s) => s.headers.get(EXPERIMENTAL_HEADER))).toEqual([null, 'True']);
    await expect(pinned('2.74').shareReplicas.promote(REPLICA, { quiesce_wait_time: 30 })).rejects.toThrow(/field "quiesce_wait_time" needs microversion 2\.75/);
  });

  it('resync, reset_status, reset_replica_state and force_delete', async () => {
    const seen = route('POST', `/share-replicas/${REPLICA}/action`, (_s, n) => new Response(null, { status: n === 2 ? 200 : 202 }));
    const m = pinned('2.55');
    expect(await m.shareReplicas.resync(REPLICA)).toBeUndefined();
    // The active replica: nothing to do, 200.
    expect(await m.shareReplicas.resync(REPLICA)).toBeUndefined();
    await m.shareReplicas.resetStatus(REPLICA, { status: 'error' });
    await m.shareReplicas.resetReplicaState(REPLICA, { replica_state: 'out_of_sync' });
    await m.shareReplicas.forceDelete(REPLICA);
    expect(seen.map((s) => s.body)).toEqual([
      { resync: null },
      { resync: null },
      { reset_status: { status: 'error' } },
      { reset_replica_state: { replica_state: 'out_of_sync' } },
      { force_delete: null },
    ]);
    expect(seen.every((s) => s.headers.get(EXPERIMENTAL_HEADER) === 'True' && s.headers.get(VERSION_HEADER) === '2.55')).toBe(true);
    // @ts-expect-error state is not the field's name
    await expect(m.shareReplicas.resetReplicaState(REPLICA, { state: 'in_sync' })).rejects.toThrow(/unknown field "state"/);
    await expect(pinned('2.10').shareReplicas.resync(REPLICA)).rejects.toBeInstanceOf(MicroversionError);
  });

  it('export locations from 2.47, experimental up to 2.55', async () => {
    const list = route('GET', `/share-replicas/${REPLICA}/export-locations`, { export_locations: [location] });
    const show = route('GET', `/share-replicas/${REPLICA}/export-locations/${EL}`, {
      export_location: { ...location, created_at: '2026-01-01T00:00:00.000000', updated_at: null },
    });
    expect((await pinned('2.47').shareReplicaExportLocations.list(REPLICA)).items).toEqual([location]);
    expect((await pinned('2.99').shareReplicaExportLocations.show(REPLICA, EL)).replica_state).toBe('active');
    expect(list[0].headers.get(EXPERIMENTAL_HEADER)).toBe('True');
    expect(show[0].headers.get(EXPERIMENTAL_HEADER)).toBeNull();
    expect(show[0].path).toBe(`/share-replicas/${REPLICA}/export-locations/${EL}`);
    await expect(pinned('2.46').shareReplicaExportLocations.list(REPLICA)).rejects.toBeInstanceOf(MicroversionError);
    await expect(pinned('2.46').shareReplicaExportLocations.show(REPLICA, EL)).rejects.toBeInstanceOf(MicroversionError);
  });

  it('metadata from 2.95: get, merge, replace, getItem, updateItem and delete', async () => {
    const base = `/share-replicas/${REPLICA}/metadata`;
    const get = route('GET', base, { metadata: { a: '1' } });
    const merge = route('POST', base, { metadata: { b: '2' } });
    const replace = route('PUT', base, { metadata: { c: '3' } });
    const getItem = route('GET', `${base}/c`, { meta: { c: '3' } });
    const item = route('POST', `${base}/c`, { metadata: { c: '4' } });
    const del = route('DELETE', `${base}/c`, null);
    const m = pinned('2.95');
    expect(await m.shareReplicaMetadata.get(REPLICA)).toEqual({ a: '1' });
    expect(await m.shareReplicaMetadata.merge(REPLICA, { b: '2' })).toEqual({ b: '2' });
    expect(await m.shareReplicaMetadata.replace(REPLICA, { c: '3' })).toEqual({ c: '3' });
    expect(await m.shareReplicaMetadata.getItem(REPLICA, 'c')).toEqual({ c: '3' });
    expect(await m.shareReplicaMetadata.updateItem(REPLICA, 'c', { c: '4' })).toEqual({ c: '4' });
    expect(await m.shareReplicaMetadata.delete(REPLICA, 'c')).toBeUndefined();
    expect([merge[0].body, replace[0].body, item[0].body]).toEqual([{ metadata: { b: '2' } }, { metadata: { c: '3' } }, { metadata: { c: '4' } }]);
    expect([get, getItem, del].map((s) => [s.length, s[0].body])).toEqual([[1, undefined], [1, undefined], [1, undefined]]);
    expect(get[0].headers.get(EXPERIMENTAL_HEADER)).toBeNull();
    await expect(pinned('2.94').shareReplicaMetadata.get(REPLICA)).rejects.toBeInstanceOf(MicroversionError);
    await expect(pinned('2.94').shareReplicaMetadata.merge(REPLICA, { a: 'b' })).rejects.toBeInstanceOf(MicroversionError);
  });

  it('waitFor.shareReplica needs both the status and the replica state', async () => {
    const states = [
      replica({ status: 'creating', replica_state: null }),
      replica({ status: 'available', replica_state: 'out_of_sync' }),
      replica({ status: 'available', replica_state: 'in_sync' }),
    ];
    const seen = route('GET', `/share-replicas/${REPLICA}`, (_s, n) => Response.json({ share_replica: states[n - 1] }));
    const seenStates: string[] = [];
    const r = await pinned('2.99').waitFor.shareReplica(REPLICA, { ...WAIT, onProgress: (x) => seenStates.push(`${x.status}/${x.replica_state}`) });
    expect(r.replica_state).toBe('in_sync');
    expect(seenStates).toEqual(['creating/null', 'available/out_of_sync', 'available/in_sync']);
    expect(seen).toHaveLength(3);
  });

  it('waitFor.shareReplica can wait for the active state after a promotion', async () => {
    const states = [replica({ status: 'replication_change' }), replica({ status: 'available', replica_state: 'in_sync' }), replica({ replica_state: 'active' })];
    route('GET', `/share-replicas/${REPLICA}`, (_s, n) => Response.json({ share_replica: states[n - 1] }));
    expect((await pinned('2.99').waitFor.shareReplica(REPLICA, { ...WAIT, until: { replica_state: 'active' } })).replica_state).toBe('active');
  });

  it('waitFor.shareReplica fails on an error status, with Manila\'s message', async () => {
    route('GET', `/share-replicas/${REPLICA}`, { share_replica: replica({ status: 'error', replica_state: 'error' }) });
    const messages = route('GET', '/messages', {
      messages: [{ id: 'm1', user_message: 'allocate host: No storage could be allocated for this share request.', created_at: '2026-01-01T00:00:00.000000' }],
    });
    const err = await pinned('2.99').waitFor.shareReplica(REPLICA, WAIT).catch((e) => e);
    expect(err).toBeInstanceOf(WaitFailedError);
    expect(err.message).toMatch(/reached status error.*No storage could be allocated/);
    expect(err.lastState).toMatchObject({ status: 'error', replica_state: 'error' });
    expect(messages[0].query.get('resource_id')).toBe(REPLICA);
  });

  it('waitFor.shareReplica takes replica_state error alone as not ready yet: Manila mends it once the share has an active replica', async () => {
    route('GET', `/share-replicas/${OTHER}`, { share_replica: replica({ id: OTHER, status: 'available', replica_state: 'error' }) });
    await expect(pinned('2.99').waitFor.shareReplica(OTHER, { ...WAIT, maxWaitMs: 50 })).rejects.toBeInstanceOf(WaitTimeoutError);
  });

  it('waitFor.shareReplicaDeleted waits for the 404, also for a failed replica, and fails on error_deleting', async () => {
    const seen = route('GET', `/share-replicas/${REPLICA}`, (_s, n) =>
      n < 2 ? Response.json({ share_replica: replica({ status: 'deleting', replica_state: 'error' }) }) : notFound(),
    );
    route('GET', `/share-replicas/${OTHER}`, { share_replica: replica({ id: OTHER, status: 'error_deleting', replica_state: 'error' }) });
    route('GET', '/messages', { messages: [] });
    await pinned('2.99').waitFor.shareReplicaDeleted(REPLICA, WAIT);
    expect(seen).toHaveLength(2);
    await expect(pinned('2.99').waitFor.shareReplicaDeleted(OTHER, WAIT)).rejects.toThrow(/reached status error_deleting/);
  });
});

describe('share instances', () => {
  it('list sends the 2.35 filters and is_soft_deleted from 2.69; never experimental', async () => {
    const seen = route('GET', '/share_instances', { share_instances: [instance()] });
    const filters = {
      export_location_id: EL,
      export_location_path: '10.0.0.10:/x',
      host: 'testbed@alpha',
      status: 'available',
      share_server_id: OTHER,
      encryption_key_ref: 'key',
    };
    const page = await pinned('2.35').shareInstances.list(filters);
    expect(page.items[0].host).toBe('testbed@alpha#fake_pool_for_ALPHA');
    await pinned('2.69').shareInstances.list({ is_soft_deleted: true });
    await pinned('2.3').shareInstances.list();
    expect(Object.fromEntries(seen[0].query)).toEqual(filters);
    expect(Object.fromEntries(seen[1].query)).toEqual({ is_soft_deleted: 'true' });
    expect([...seen[2].query]).toEqual([]);
    expect(seen.map((s) => s.headers.get(EXPERIMENTAL_HEADER))).toEqual([null, null, null]);
    expect(seen.map((s) => s.headers.get(VERSION_HEADER))).toEqual(['2.35', '2.69', '2.3']);
  });

  it('list refuses filters below their microversion and filters Manila 23 fails on', async () => {
    // No route: a request would fail the test as unhandled.
    await expect(pinned('2.34').shareInstances.list({ host: 'testbed@alpha' })).rejects.toThrow(/filter "host" needs microversion 2\.35/);
    await expect(pinned('2.68').shareInstances.list({ is_soft_deleted: false })).rejects.toThrow(/filter "is_soft_deleted" needs microversion 2\.69/);
    // metadata and instance_ids answer 500 on Manila 23: not filters of the spec.
    await expect(pinned('2.99').shareInstances.list({ metadata: { a: 'b' } } as never)).rejects.toThrow(/unknown filter "metadata"/);
    await expect(pinned('2.2').shareInstances.list()).rejects.toBeInstanceOf(MicroversionError);
  });

  it('listByShare and show; the legacy export_location fields below 2.9', async () => {
    const byShare = route('GET', `/shares/${SHARE}/instances`, { share_instances: [instance(), instance({ id: OTHER, replica_state: 'in_sync' })] });
    const show = route('GET', `/share_instances/${REPLICA}`, { share_instance: instance({ export_location: '10.0.0.10:/x', export_locations: ['10.0.0.10:/x'] }) });
    expect((await pinned('2.3').shareInstances.listByShare(SHARE)).items.map((i) => i.id)).toEqual([REPLICA, OTHER]);
    expect((await pinned('2.8').shareInstances.show(REPLICA)).export_location).toBe('10.0.0.10:/x');
    expect(byShare[0].path).toBe(`/shares/${SHARE}/instances`);
    expect(show[0].headers.get(VERSION_HEADER)).toBe('2.8');
    await expect(pinned('2.2').shareInstances.show(REPLICA)).rejects.toBeInstanceOf(MicroversionError);
    await expect(pinned('2.2').shareInstances.listByShare(SHARE)).rejects.toBeInstanceOf(MicroversionError);
  });

  it('actions send the current keys from 2.7 and the os- keys from 2.3 to 2.6', async () => {
    const seen = route('POST', `/share_instances/${REPLICA}/action`, null, 202);
    expect(await pinned('2.7').shareInstances.resetStatus(REPLICA, { status: 'error' })).toBeUndefined();
    await pinned('2.6').shareInstances.resetStatus(REPLICA, { status: 'available' });
    await pinned('2.99').shareInstances.forceDelete(REPLICA);
    await pinned('2.3').shareInstances.forceDelete(REPLICA);
    expect(seen.map((s) => s.body)).toEqual([
      { reset_status: { status: 'error' } },
      { 'os-reset_status': { status: 'available' } },
      { force_delete: null },
      { 'os-force_delete': null },
    ]);
    expect(seen.map((s) => s.headers.get(VERSION_HEADER))).toEqual(['2.7', '2.6', '2.99', '2.3']);
    await expect(pinned('2.2').shareInstances.forceDelete(REPLICA)).rejects.toBeInstanceOf(MicroversionError);
    // @ts-expect-error reset_status takes status only
    await expect(pinned('2.99').shareInstances.resetStatus(REPLICA, { status: 'error', replica_state: 'error' })).rejects.toThrow(/unknown field "replica_state"/);
  });

  it('export locations from 2.9', async () => {
    const el = { id: EL, path: '10.0.0.10:/x', preferred: true, metadata: {}, share_instance_id: REPLICA, is_admin_only: false };
    const list = route('GET', `/share_instances/${REPLICA}/export_locations`, { export_locations: [el] });
    const show = route('GET', `/share_instances/${REPLICA}/export_locations/${EL}`, { export_location: { ...el, created_at: '2026-01-01T00:00:00.000000', updated_at: null } });
    expect((await pinned('2.9').shareInstanceExportLocations.list(REPLICA)).items).toEqual([el]);
    expect((await pinned('2.99').shareInstanceExportLocations.show(REPLICA, EL)).created_at).toBe('2026-01-01T00:00:00.000000');
    expect([list[0].path, show[0].path]).toEqual([`/share_instances/${REPLICA}/export_locations`, `/share_instances/${REPLICA}/export_locations/${EL}`]);
    await expect(pinned('2.8').shareInstanceExportLocations.list(REPLICA)).rejects.toBeInstanceOf(MicroversionError);
  });

  it('waitFor.shareInstance: ready, a failure state, and deletion', async () => {
    route('GET', `/share_instances/${REPLICA}`, (_s, n) => Response.json({ share_instance: instance({ status: n < 2 ? 'creating' : 'available' }) }));
    route('GET', `/share_instances/${OTHER}`, { share_instance: instance({ id: OTHER, status: 'extending_error' }) });
    const m = pinned('2.99');
    expect((await m.waitFor.shareInstance(REPLICA, WAIT)).status).toBe('available');
    const err = await m.waitFor.shareInstance(OTHER, WAIT).catch((e) => e);
    expect(err).toBeInstanceOf(WaitFailedError);
    expect(err.message).toMatch(/reached status extending_error/);
    const gone = route('GET', `/share_instances/${SHARE}`, (_s, n) => (n < 2 ? Response.json({ share_instance: instance({ id: SHARE, status: 'deleting' }) }) : notFound()));
    await m.waitFor.shareInstanceDeleted(SHARE, WAIT);
    expect(gone).toHaveLength(2);
  });
});

describe('snapshot instances', () => {
  it('list and listDetail filter by snapshot_id, from 2.19', async () => {
    const list = route('GET', '/snapshot-instances', { snapshot_instances: [{ id: SNAP_INSTANCE, snapshot_id: SNAP, status: 'available' }] });
    const detail = route('GET', '/snapshot-instances/detail', { snapshot_instances: [snapInstance(), snapInstance({ id: OTHER, snapshot_id: null, progress: null })] });
    expect((await pinned('2.19').snapshotInstances.list({ snapshot_id: SNAP })).items[0].id).toBe(SNAP_INSTANCE);
    expect((await pinned('2.99').snapshotInstances.listDetail({ snapshot_id: SNAP })).items.map((i) => i.snapshot_id)).toEqual([SNAP, null]);
    expect(Object.fromEntries(list[0].query)).toEqual({ snapshot_id: SNAP });
    expect(Object.fromEntries(detail[0].query)).toEqual({ snapshot_id: SNAP });
    expect(list[0].headers.get(EXPERIMENTAL_HEADER)).toBeNull();
    await expect(pinned('2.18').snapshotInstances.list()).rejects.toBeInstanceOf(MicroversionError);
    await expect(pinned('2.99').snapshotInstances.list({ status: 'available' } as never)).rejects.toThrow(/unknown filter "status" \(this call takes snapshot_id/);
  });

  it('show and reset_status', async () => {
    const show = route('GET', `/snapshot-instances/${SNAP_INSTANCE}`, { snapshot_instance: snapInstance() });
    const act = route('POST', `/snapshot-instances/${SNAP_INSTANCE}/action`, null, 202);
    const m = pinned('2.19');
    expect((await m.snapshotInstances.show(SNAP_INSTANCE)).share_instance_id).toBe(REPLICA);
    expect(await m.snapshotInstances.resetStatus(SNAP_INSTANCE, { status: 'error' })).toBeUndefined();
    expect(show[0].path).toBe(`/snapshot-instances/${SNAP_INSTANCE}`);
    expect(act[0].body).toEqual({ reset_status: { status: 'error' } });
    await expect(pinned('2.18').snapshotInstances.resetStatus(SNAP_INSTANCE, { status: 'error' })).rejects.toBeInstanceOf(MicroversionError);
    // @ts-expect-error reset_status needs the status
    await expect(m.snapshotInstances.resetStatus(SNAP_INSTANCE, {})).rejects.toThrow(/missing required field "status"/);
  });

  it('export locations from 2.32', async () => {
    const el = { id: EL, path: '10.0.0.10:/snap', is_admin_only: false, links: [] };
    const list = route('GET', `/snapshot-instances/${SNAP_INSTANCE}/export-locations`, { share_snapshot_export_locations: [el] });
    const show = route('GET', `/snapshot-instances/${SNAP_INSTANCE}/export-locations/${EL}`, { share_snapshot_export_location: el });
    expect((await pinned('2.32').snapshotInstanceExportLocations.list(SNAP_INSTANCE)).items).toEqual([el]);
    expect(await pinned('2.32').snapshotInstanceExportLocations.show(SNAP_INSTANCE, EL)).toEqual(el);
    expect([list.length, show.length]).toEqual([1, 1]);
    await expect(pinned('2.31').snapshotInstanceExportLocations.show(SNAP_INSTANCE, EL)).rejects.toBeInstanceOf(MicroversionError);
  });

  it('waitFor.snapshotInstance: ready, error, and deletion', async () => {
    route('GET', `/snapshot-instances/${SNAP_INSTANCE}`, (_s, n) => Response.json({ snapshot_instance: snapInstance({ status: n < 2 ? 'creating' : 'available' }) }));
    route('GET', `/snapshot-instances/${OTHER}`, (_s, n) => (n < 2 ? Response.json({ snapshot_instance: snapInstance({ id: OTHER, status: 'error' }) }) : notFound()));
    const m = pinned('2.99');
    expect((await m.waitFor.snapshotInstance(SNAP_INSTANCE, WAIT)).status).toBe('available');
    await expect(m.waitFor.snapshotInstance(OTHER, WAIT)).rejects.toThrow(/reached status error/);
    await m.waitFor.snapshotInstanceDeleted(OTHER, WAIT);
  });
});

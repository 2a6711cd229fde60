import { describe, expect, it } from 'vitest';
import { MicroversionError, ValidationError, VERSION_HEADER } from '../../src/index.js';
import { pinned, route } from './support/manila-mock.js';

const ID = '9d2f5b1a-8c3e-4f7a-b6d5-2e1c0a9f8b7d';
const SHARE = '0b5e8f4c-5cd4-4c6f-a4f6-3a5b2f2c5a11';
const SNAP = { id: ID, share_id: SHARE, status: 'available', name: 'n' };

describe('snapshots', () => {
  it('list and listDetail send filters; metadata as JSON from 2.73', async () => {
    const list = route('GET', '/snapshots', { snapshots: [{ id: ID, name: 'n', links: [] }] });
    const detail = route('GET', '/snapshots/detail', { snapshots: [SNAP] });
    await pinned('2.79').snapshots.list({ share_id: SHARE, 'name~': 'n', with_count: true, metadata: { a: 'b' } });
    await pinned('2.99').snapshots.listDetail({ status: 'available', usage: 'used' });
    expect(Object.fromEntries(list[0].query)).toEqual({ share_id: SHARE, 'name~': 'n', with_count: 'true', metadata: '{"a":"b"}' });
    expect(Object.fromEntries(detail[0].query)).toEqual({ status: 'available', usage: 'used' });
    await expect(pinned('2.72').snapshots.list({ metadata: { a: 'b' } })).rejects.toBeInstanceOf(MicroversionError);
  });

  it('create wraps "snapshot", refuses metadata before 2.73 and a missing share_id', async () => {
    const seen = route('POST', '/snapshots', { snapshot: { ...SNAP, status: 'creating' } }, 202);
    const s = await pinned('2.73').snapshots.create({ share_id: SHARE, name: 'n', metadata: { a: 'b' } });
    expect(s.status).toBe('creating');
    expect(seen[0].body).toEqual({ snapshot: { share_id: SHARE, name: 'n', metadata: { a: 'b' } } });
    await expect(pinned('2.72').snapshots.create({ share_id: SHARE, metadata: { a: 'b' } })).rejects.toBeInstanceOf(MicroversionError);
    // @ts-expect-error share_id is required
    await expect(pinned('2.73').snapshots.create({ name: 'x' })).rejects.toBeInstanceOf(ValidationError);
  });

  it('show, update and delete', async () => {
    const show = route('GET', `/snapshots/${ID}`, { snapshot: SNAP });
    const upd = route('PUT', `/snapshots/${ID}`, { snapshot: { ...SNAP, name: 'm' } });
    const del = route('DELETE', `/snapshots/${ID}`, null, 202);
    const m = pinned('2.99');
    expect((await m.snapshots.show(ID)).id).toBe(ID);
    expect((await m.snapshots.update(ID, { display_name: 'm' })).name).toBe('m');
    await m.snapshots.delete(ID);
    expect(show[0].headers.get(VERSION_HEADER)).toBe('2.99');
    expect(upd[0].body).toEqual({ snapshot: { display_name: 'm' } });
    expect(del[0].method).toBe('DELETE');
  });

  it('manage exists from 2.12', async () => {
    const seen = route('POST', '/snapshots/manage', { snapshot: SNAP }, 202);
    await pinned('2.12').snapshots.manage({ share_id: SHARE, provider_location: 'loc', driver_options: {} });
    expect(seen[0].body).toEqual({ snapshot: { share_id: SHARE, provider_location: 'loc', driver_options: {} } });
    await expect(pinned('2.11').snapshots.manage({ share_id: SHARE, provider_location: 'loc' })).rejects.toBeInstanceOf(MicroversionError);
  });

  it('actions use current keys from 2.7 and os- keys below', async () => {
    const seen = route('POST', `/snapshots/${ID}/action`, null, 202);
    await pinned('2.99').snapshots.resetStatus(ID, { status: 'error' });
    await pinned('2.6').snapshots.resetStatus(ID, { status: 'error' });
    await pinned('2.99').snapshots.forceDelete(ID);
    await pinned('2.6').snapshots.forceDelete(ID);
    await pinned('2.12').snapshots.unmanage(ID);
    await pinned('2.32').snapshots.denyAccess(ID, { access_id: 'a1' });
    expect(seen.map((s) => s.body)).toEqual([
      { reset_status: { status: 'error' } },
      { 'os-reset_status': { status: 'error' } },
      { force_delete: null },
      { 'os-force_delete': null },
      { unmanage: null },
      { deny_access: { access_id: 'a1' } },
    ]);
    await expect(pinned('2.11').snapshots.unmanage(ID)).rejects.toBeInstanceOf(MicroversionError);
  });

  it('allowAccess (2.32+) returns the access rule; accessList lists them', async () => {
    const rule = { id: 'a1', access_type: 'ip', access_to: '10.0.0.1', state: 'queuing' };
    const act = route('POST', `/snapshots/${ID}/action`, { snapshot_access: rule }, 202);
    const list = route('GET', `/snapshots/${ID}/access-list`, { snapshot_access_list: [rule] });
    expect((await pinned('2.32').snapshots.allowAccess(ID, { access_type: 'ip', access_to: '10.0.0.1' })).id).toBe('a1');
    expect((await pinned('2.32').snapshots.accessList(ID)).items).toEqual([rule]);
    expect(act[0].body).toEqual({ allow_access: { access_type: 'ip', access_to: '10.0.0.1' } });
    expect(list).toHaveLength(1);
    await expect(pinned('2.31').snapshots.accessList(ID)).rejects.toBeInstanceOf(MicroversionError);
  });

  it('export locations (2.32+)', async () => {
    const el = { id: 'e1', path: '10.0.0.10:/snap', links: [] };
    const list = route('GET', `/snapshots/${ID}/export-locations`, { share_snapshot_export_locations: [el] });
    const show = route('GET', `/snapshots/${ID}/export-locations/e1`, { share_snapshot_export_location: el });
    expect((await pinned('2.32').snapshotExportLocations.list(ID)).items).toEqual([el]);
    expect(await pinned('2.32').snapshotExportLocations.show(ID, 'e1')).toEqual(el);
    expect(list).toHaveLength(1);
    expect(show).toHaveLength(1);
  });

  it('waits for a snapshot and its deletion', async () => {
    const seen = route('GET', `/snapshots/${ID}`, (_s, n) =>
      n < 2 ? Response.json({ snapshot: { ...SNAP, status: 'creating' } }) : n < 3 ? Response.json({ snapshot: SNAP }) : Response.json({ itemNotFound: { code: 404, message: 'gone' } }, { status: 404 }),
    );
    const m = pinned('2.99');
    expect((await m.waitFor.snapshot(ID, { minDelayMs: 1, maxDelayMs: 2 })).status).toBe('available');
    await m.waitFor.snapshotDeleted(ID, { minDelayMs: 1, maxDelayMs: 2 });
    expect(seen).toHaveLength(3);
  });
});

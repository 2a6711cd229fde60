import { describe, expect, it } from 'vitest';
import { MicroversionError, ValidationError } from '../../src/index.js';
import { pinned, route } from './support/manila-mock.js';

const ID = '202b7311-8ff5-44c5-b0ae-3b21d10d025a';
const TYPE = { id: ID, name: 'gold', extra_specs: { driver_handles_share_servers: 'false' }, required_extra_specs: { driver_handles_share_servers: 'false' }, 'share_type_access:is_public': false };
const BOTH = { share_type: TYPE, volume_type: TYPE };

describe('share types', () => {
  it('list unwraps share_types and sends is_public and extra_specs (2.43+) as JSON', async () => {
    const seen = route('GET', '/types', { share_types: [TYPE], volume_types: [TYPE] });
    expect((await pinned('2.43').shareTypes.list({ is_public: 'all', extra_specs: { snapshot_support: 'true' } })).items).toEqual([TYPE]);
    expect(Object.fromEntries(seen[0].query)).toEqual({ is_public: 'all', extra_specs: '{"snapshot_support":"true"}' });
    await expect(pinned('2.42').shareTypes.list({ extra_specs: { a: 'b' } })).rejects.toBeInstanceOf(MicroversionError);
  });

  it('show, showDefault and delete', async () => {
    route('GET', `/types/${ID}`, BOTH);
    route('GET', '/types/default', { ...BOTH, share_type: { ...TYPE, name: 'default' } });
    const del = route('DELETE', `/types/${ID}`, null, 202);
    const m = pinned('2.99');
    expect((await m.shareTypes.show(ID)).name).toBe('gold');
    expect((await m.shareTypes.showDefault()).name).toBe('default');
    await m.shareTypes.delete(ID);
    expect(del).toHaveLength(1);
  });

  it('create wraps share_type, refuses description before 2.41 and a missing extra_specs', async () => {
    const seen = route('POST', '/types', BOTH);
    const input = { name: 'gold', extra_specs: { driver_handles_share_servers: 'false' }, 'share_type_access:is_public': false, description: 'd' };
    expect((await pinned('2.41').shareTypes.create(input)).id).toBe(ID);
    expect(seen[0].body).toEqual({ share_type: input });
    await expect(pinned('2.40').shareTypes.create(input)).rejects.toBeInstanceOf(MicroversionError);
    // @ts-expect-error extra_specs is required
    await expect(pinned('2.99').shareTypes.create({ name: 'x' })).rejects.toBeInstanceOf(ValidationError);
  });

  it('update exists from 2.50', async () => {
    const seen = route('PUT', `/types/${ID}`, BOTH);
    await pinned('2.50').shareTypes.update(ID, { name: 'platinum' });
    expect(seen[0].body).toEqual({ share_type: { name: 'platinum' } });
    await expect(pinned('2.49').shareTypes.update(ID, { name: 'x' })).rejects.toBeInstanceOf(MicroversionError);
  });

  it('project access: list (both URLs), add and remove', async () => {
    const access = [{ share_type_id: ID, project_id: 'p1' }];
    route('GET', `/types/${ID}/share_type_access`, { share_type_access: access });
    route('GET', `/types/${ID}/os-share-type-access`, { share_type_access: access });
    const act = route('POST', `/types/${ID}/action`, null, 202);
    const m = pinned('2.99');
    expect((await m.shareTypes.listAccess(ID)).items).toEqual(access);
    expect((await m.shareTypes.listAccessLegacyUrl(ID)).items).toEqual(access);
    await m.shareTypes.addProjectAccess(ID, { project: 'p1' });
    await m.shareTypes.removeProjectAccess(ID, { project: 'p1' });
    expect(act.map((s) => s.body)).toEqual([{ addProjectAccess: { project: 'p1' } }, { removeProjectAccess: { project: 'p1' } }]);
    // @ts-expect-error project is required
    await expect(m.shareTypes.addProjectAccess(ID, {})).rejects.toBeInstanceOf(ValidationError);
  });
});

describe('share type extra specs', () => {
  it('get, set, getItem, update and delete', async () => {
    const list = route('GET', `/types/${ID}/extra_specs`, { extra_specs: { a: '1' } });
    const set = route('POST', `/types/${ID}/extra_specs`, { extra_specs: { b: '2' } });
    const show = route('GET', `/types/${ID}/extra_specs/:key`, { 'x:y': '1' });
    const upd = route('PUT', `/types/${ID}/extra_specs/:key`, { 'x:y': '3' });
    const del = route('DELETE', `/types/${ID}/extra_specs/:key`, null, 202);
    const m = pinned('2.99');
    expect(await m.shareTypeExtraSpecs.get(ID)).toEqual({ a: '1' });
    expect(await m.shareTypeExtraSpecs.set(ID, { b: '2' })).toEqual({ b: '2' });
    expect(await m.shareTypeExtraSpecs.getItem(ID, 'x:y')).toEqual({ 'x:y': '1' });
    expect(await m.shareTypeExtraSpecs.update(ID, 'x:y', { 'x:y': '3' })).toEqual({ 'x:y': '3' });
    await m.shareTypeExtraSpecs.delete(ID, 'x:y');
    expect(set[0].body).toEqual({ extra_specs: { b: '2' } });
    expect(upd[0].body).toEqual({ 'x:y': '3' });
    // Keys are percent-encoded in the path ("x:y" → x%3Ay); Manila decodes them.
    expect([list[0].path, show[0].path, del[0].path].map(decodeURIComponent)).toEqual([`/types/${ID}/extra_specs`, `/types/${ID}/extra_specs/x:y`, `/types/${ID}/extra_specs/x:y`]);
  });
});

// Share types on a real Manila: extra specs, project access, update, and a
// share scheduled with the new type.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConflictError, ManilaApiError } from '../../src/index.js';
import { bedClient, Cleanup, FAST, uniqueName } from './support/bed.js';
import { deleteShare, deleteShareType } from './support/resources.js';

const manila = bedClient();
const cleanup = new Cleanup();
afterAll(() => cleanup.run());

const OTHER_PROJECT = 'f1e2d3c4b5a697887766554433221100';

describe('share types', () => {
  let typeId: string;
  let name: string;

  beforeAll(async () => {
    name = uniqueName('type');
    const type = await manila.shareTypes.create({
      name,
      description: 'made by the functional tests',
      extra_specs: { driver_handles_share_servers: 'false', snapshot_support: 'true' },
      'share_type_access:is_public': false,
    });
    typeId = type.id;
    cleanup.add(`delete share type ${type.id}`, () => deleteShareType(manila, type.id));
    expect(type.name).toBe(name);
    expect(type['share_type_access:is_public']).toBe(false);
    expect(type.extra_specs).toMatchObject({ driver_handles_share_servers: 'false', snapshot_support: 'true' });
    expect(type.required_extra_specs).toEqual({ driver_handles_share_servers: 'false' });
  });

  it('is found by show, by list with is_public=all and by an extra_specs filter', async () => {
    expect((await manila.shareTypes.show(typeId)).description).toBe('made by the functional tests');
    const all = (await manila.shareTypes.list({ is_public: 'all' })).items;
    expect(all.map((t) => t.id)).toContain(typeId);
    const publicOnly = (await manila.shareTypes.list()).items;
    expect(publicOnly.map((t) => t.id)).not.toContain(typeId);
    const bySpec = (await manila.shareTypes.list({ is_public: 'all', extra_specs: { snapshot_support: 'true' } })).items;
    expect(bySpec.map((t) => t.id)).toContain(typeId);
    const byOtherSpec = (await manila.shareTypes.list({ is_public: 'all', extra_specs: { snapshot_support: 'false' } })).items;
    expect(byOtherSpec.map((t) => t.id)).not.toContain(typeId);
  });

  it('has a default type', async () => {
    const def = await manila.shareTypes.showDefault();
    expect(def.name).toBe('default');
    expect(def.is_default).toBe(true);
  });

  it('keeps extra specs, one by one and together', async () => {
    expect(await manila.shareTypeExtraSpecs.set(typeId, { 'sdk:colour': 'blue', 'sdk:size': 'big' })).toEqual({ 'sdk:colour': 'blue', 'sdk:size': 'big' });
    expect(await manila.shareTypeExtraSpecs.getItem(typeId, 'sdk:colour')).toEqual({ 'sdk:colour': 'blue' });
    expect(await manila.shareTypeExtraSpecs.update(typeId, 'sdk:colour', { 'sdk:colour': 'green' })).toEqual({ 'sdk:colour': 'green' });
    await manila.shareTypeExtraSpecs.delete(typeId, 'sdk:size');
    expect(await manila.shareTypeExtraSpecs.get(typeId)).toEqual({
      driver_handles_share_servers: 'false',
      snapshot_support: 'true',
      'sdk:colour': 'green',
    });
  });

  it('refuses to drop the required driver_handles_share_servers spec', async () => {
    const err = await manila.shareTypeExtraSpecs.delete(typeId, 'driver_handles_share_servers').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ManilaApiError);
    expect((err as ManilaApiError).status).toBeGreaterThanOrEqual(400);
    expect((err as ManilaApiError).status).toBeLessThan(500);
    expect(await manila.shareTypeExtraSpecs.get(typeId)).toHaveProperty('driver_handles_share_servers', 'false');
  });

  it('grants and revokes project access', async () => {
    await manila.shareTypes.addProjectAccess(typeId, { project: OTHER_PROJECT });
    const access = (await manila.shareTypes.listAccess(typeId)).items;
    expect(access).toContainEqual({ share_type_id: typeId, project_id: OTHER_PROJECT });
    expect((await manila.shareTypes.listAccessLegacyUrl(typeId)).items).toEqual(access);
    await expect(manila.shareTypes.addProjectAccess(typeId, { project: OTHER_PROJECT })).rejects.toBeInstanceOf(ConflictError);
    await manila.shareTypes.removeProjectAccess(typeId, { project: OTHER_PROJECT });
    expect((await manila.shareTypes.listAccess(typeId)).items.map((a) => a.project_id)).not.toContain(OTHER_PROJECT);
  });

  it('is updated in place from 2.50', async () => {
    const renamed = `${name}-renamed`;
    const updated = await manila.shareTypes.update(typeId, { name: renamed, description: 'renamed' });
    expect(updated).toMatchObject({ id: typeId, name: renamed, description: 'renamed' });
    name = renamed;
  });

  it('schedules a share of this type', async () => {
    const share = await manila.shares.create({ share_proto: 'NFS', size: 1, share_type: typeId, name: uniqueName('typed') });
    cleanup.add(`delete share ${share.id}`, () => deleteShare(manila, share.id));
    const ready = await manila.waitFor.share(share.id, FAST);
    expect(ready.share_type).toBe(typeId);
    expect(ready.share_type_name).toBe(name);
    // A type in use cannot go.
    await expect(manila.shareTypes.delete(typeId)).rejects.toBeInstanceOf(ManilaApiError);
    await deleteShare(manila, share.id);
  });

  it('is deleted', async () => {
    await manila.shareTypes.delete(typeId);
    await expect(manila.shareTypes.show(typeId)).rejects.toMatchObject({ status: 404 });
  });
});

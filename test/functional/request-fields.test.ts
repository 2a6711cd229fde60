// Request fields added after 2.0, at their bounds on the real server: at the
// version the spec gives, Manila acts on the field (sent through the SDK);
// one version below, it drops or refuses it (sent raw, since the SDK would
// refuse). A wrong bound either way means a refused call that would work, or
// a field silently lost.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bedClient, Cleanup, FAST, rawManila, uniqueName, versionBelow } from './support/bed.js';
import { deleteShare, deleteShareType, deleteSnapshot } from './support/resources.js';
import { operationUnit } from '../../scripts/operation-units.js';
import { recordBound, recordUntested } from './support/bounds.js';

const manila = bedClient();
const cleanup = new Cleanup();
afterAll(() => cleanup.run());

let raw: Awaited<ReturnType<typeof rawManila>>;

const bound = (op: string, field: string, action?: string) => {
  const key = action ? `${op}#${action}` : op;
  recordBound(`${key} ${field}`);
  return operationUnit(key).body!.versioned![field].min!;
};

describe('request fields at their microversion bounds', () => {
  let shareId: string;

  beforeAll(async () => {
    raw = await rawManila();
    const share = await manila.shares.create({ share_proto: 'NFS', size: 1, name: uniqueName('fields') });
    shareId = share.id;
    cleanup.add(`delete share ${share.id}`, () => deleteShare(manila, share.id));
    await manila.waitFor.share(share.id, FAST);
  });

  it('declares the fields it cannot try here, and why', () => {
    const untried: Record<string, string> = {
      'shares_create encryption_key_ref': 'needs a key manager the bed does not run',
      'shares_manage is_public': 'manage cycles are in manage.test.ts at the latest version only',
      'shares_manage mount_point_name': 'manage cycles are in manage.test.ts at the latest version only',
      'snapshots_manage metadata': 'manage cycles are in manage.test.ts at the latest version only',
      'shares_action#extend force': 'its effect (skipping the scheduler) cannot be seen from the API',
    };
    for (const [key, why] of Object.entries(untried)) recordUntested(key, why);
  });

  it('share type description', async () => {
    const min = bound('shareTypes_create', 'description');
    const at = await bedClient({ microversion: min }).shareTypes.create({
      name: uniqueName('described'),
      description: 'kept',
      extra_specs: { driver_handles_share_servers: 'false' },
    });
    cleanup.add(`delete share type ${at.id}`, () => deleteShareType(manila, at.id));
    expect((await manila.shareTypes.show(at.id)).description).toBe('kept');
    const old = await raw('POST', '/types', versionBelow(min), {
      body: { share_type: { name: uniqueName('described'), description: 'dropped', extra_specs: { driver_handles_share_servers: 'false' } } },
    });
    if (old.status === 200) {
      cleanup.add(`delete share type ${old.body.share_type.id}`, () => deleteShareType(manila, old.body.share_type.id));
      expect((await manila.shareTypes.show(old.body.share_type.id)).description).toBeNull();
    } else expect(old.status).toBe(400);
  });

  it('snapshot metadata', async () => {
    const min = bound('snapshots_create', 'metadata');
    const at = await bedClient({ microversion: min }).snapshots.create({ share_id: shareId, name: uniqueName('meta'), metadata: { k: 'kept' } });
    cleanup.add(`delete snapshot ${at.id}`, () => deleteSnapshot(manila, at.id));
    await manila.waitFor.snapshot(at.id, FAST);
    expect(await manila.snapshotMetadata.get(at.id)).toEqual({ k: 'kept' });
    const old = await raw('POST', '/snapshots', versionBelow(min), { body: { snapshot: { share_id: shareId, name: uniqueName('meta'), metadata: { k: 'dropped' } } } });
    if (old.status === 202 || old.status === 200) {
      const id = old.body.snapshot.id as string;
      cleanup.add(`delete snapshot ${id}`, () => deleteSnapshot(manila, id));
      await manila.waitFor.snapshot(id, FAST);
      expect(await manila.snapshotMetadata.get(id)).toEqual({});
    } else expect(old.status).toBe(400);
  });

  it('access rule metadata', async () => {
    const min = bound('shares_action', 'metadata', 'allow_access');
    const rule = await bedClient({ microversion: min }).shares.allowAccess(shareId, { access_type: 'ip', access_to: '10.5.0.1', access_level: 'ro', metadata: { k: 'kept' } });
    await manila.waitFor.accessRule(rule.id, FAST);
    expect((await manila.accessRules.show(rule.id)).metadata).toEqual({ k: 'kept' });
    const old = await raw('POST', `/shares/${shareId}/action`, versionBelow(min), { body: { allow_access: { access_type: 'ip', access_to: '10.5.0.2', access_level: 'ro', metadata: { k: 'dropped' } } } });
    if (old.status === 200) {
      await manila.waitFor.accessRule(old.body.access.id, FAST);
      expect((await manila.accessRules.show(old.body.access.id)).metadata).toEqual({});
    } else expect(old.status).toBe(400);
  });

  it('access rule deletion lock', async () => {
    const min = bound('shares_action', 'lock_deletion', 'allow_access');
    // unrestrict came with the locks (2.82): tried below, on the locked rule.
    recordBound('shares_action#deny_access unrestrict');
    const at = bedClient({ microversion: min });
    const rule = await at.shares.allowAccess(shareId, { access_type: 'ip', access_to: '10.5.0.3', access_level: 'ro', lock_deletion: true });
    await manila.waitFor.accessRule(rule.id, FAST);
    await expect(at.shares.denyAccess(shareId, { access_id: rule.id })).rejects.toMatchObject({ status: expect.any(Number) });
    await at.shares.denyAccess(shareId, { access_id: rule.id, unrestrict: true });
    await manila.waitFor.accessRuleDeleted(rule.id, FAST);
    const old = await raw('POST', `/shares/${shareId}/action`, versionBelow(min), { body: { allow_access: { access_type: 'ip', access_to: '10.5.0.4', access_level: 'ro', lock_deletion: true } } });
    if (old.status === 200) {
      const id = old.body.access.id as string;
      await manila.waitFor.accessRule(id, FAST);
      // Not locked: an ordinary deny goes through.
      await manila.shares.denyAccess(shareId, { access_id: id });
      await manila.waitFor.accessRuleDeleted(id, FAST);
    } else expect(old.status).toBe(400);
  });

  it('scheduler hints', async () => {
    const min = bound('shares_create', 'scheduler_hints');
    const at = await bedClient({ microversion: min }).shares.create({ share_proto: 'NFS', size: 1, name: uniqueName('hinted'), scheduler_hints: { same_host: shareId } });
    cleanup.add(`delete share ${at.id}`, () => deleteShare(manila, at.id));
    const placed = await manila.waitFor.share(at.id, FAST);
    expect(placed.host).toBe((await manila.shares.show(shareId)).host);
    expect(await manila.shareMetadata.get(at.id)).toMatchObject({ __affinity_same_host: shareId });
    const old = await raw('POST', '/shares', versionBelow(min), { body: { share: { share_proto: 'NFS', size: 1, name: uniqueName('hinted'), scheduler_hints: { same_host: shareId } } } });
    if (old.status === 200) {
      const id = old.body.share.id as string;
      cleanup.add(`delete share ${id}`, () => deleteShare(manila, id));
      await manila.waitFor.share(id, FAST);
      expect(await manila.shareMetadata.get(id)).not.toHaveProperty('__affinity_same_host');
    } else expect(old.status).toBe(400);
  });

  // Manila 23's scheduler never copies the driver's mount_point_name_support
  // into its pools, so these shares end in `error` ("Capabilities filter
  // didn't succeed"), and the share view does not show the field; the API has
  // recorded it on the share by then, and the list filter finds it.
  const settled = { ...FAST, until: ['available', 'error'] };

  it('mount point name', async () => {
    const min = bound('shares_create', 'mount_point_name');
    const type = await manila.shareTypes.create({
      name: uniqueName('mountable'),
      extra_specs: { driver_handles_share_servers: 'false', mount_point_name_support: 'true', 'provisioning:mount_point_prefix': 'sdk_' },
    });
    cleanup.add(`delete share type ${type.id}`, () => deleteShareType(manila, type.id));
    const mount = uniqueName('mnt').replace(/-/g, '_');
    const name = uniqueName('mounted');
    const at = await bedClient({ microversion: min }).shares.create({ share_proto: 'NFS', size: 1, share_type: type.id, name, mount_point_name: mount });
    cleanup.add(`delete share ${at.id}`, () => deleteShare(manila, at.id));
    await manila.waitFor.share(at.id, settled);
    expect((await manila.shares.list({ name, mount_point_name: `sdk_${mount}` })).items.map((x) => x.id)).toEqual([at.id]);
    const oldName = uniqueName('mounted');
    const old = await raw('POST', '/shares', versionBelow(min), { body: { share: { share_proto: 'NFS', size: 1, share_type: type.id, name: oldName, mount_point_name: `${mount}_old` } } });
    if (old.status === 200) {
      const id = old.body.share.id as string;
      cleanup.add(`delete share ${id}`, () => deleteShare(manila, id));
      await manila.waitFor.share(id, settled);
      expect((await manila.shares.list({ name: oldName, mount_point_name: `sdk_${mount}_old` })).items).toEqual([]);
      expect((await manila.shares.list({ name: oldName })).items.map((x) => x.id)).toEqual([id]);
    } else expect(old.status).toBe(400);
  });
});

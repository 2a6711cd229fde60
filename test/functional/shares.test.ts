// The share lifecycle on a real Manila, each step waited to completion.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BadRequestError, ForbiddenError, ValidationError } from '../../src/index.js';
import { bed, bedAuth, bedClient, Cleanup, FAST, keystoneBed, uniqueName } from './support/bed.js';
import { deleteShare, deleteSnapshot } from './support/resources.js';

const manila = bedClient();
const cleanup = new Cleanup();
afterAll(() => cleanup.run());

describe('share lifecycle', () => {
  let shareId: string;
  let snapshotId: string;

  beforeAll(async () => {
    const share = await manila.shares.create({ share_proto: 'NFS', size: 1, name: uniqueName('life'), metadata: { purpose: 'ft' } });
    shareId = share.id;
    cleanup.add(`delete share ${share.id}`, () => deleteShare(manila, share.id));
    expect(share.status).toBe('creating');
  });

  it('becomes available, visible in lists and filters', async () => {
    const share = await manila.waitFor.share(shareId, FAST);
    expect(share.size).toBe(1);
    expect(share.metadata).toEqual({ purpose: 'ft' });
    const byName = await manila.shares.listDetail({ name: share.name!, with_count: true });
    expect(byName.items.map((s) => s.id)).toEqual([shareId]);
    expect(byName.count).toBe(1);
    const byMeta = await manila.shares.list({ metadata: { purpose: 'ft' }, 'name~': 'sdkft-life' });
    expect(byMeta.items.map((s) => s.id)).toContain(shareId);
    const seen: string[] = [];
    for await (const s of manila.shares.list({ limit: 1, 'name~': share.name! })) seen.push(s.id);
    expect(seen).toEqual([shareId]);
  });

  it('is renamed, described and made public', async () => {
    const name = uniqueName('life-renamed');
    const updated = await manila.shares.update(shareId, { display_name: name, display_description: 'renamed by the tests', is_public: true });
    expect(updated).toMatchObject({ id: shareId, name, description: 'renamed by the tests', is_public: true });
    const detailed: string[] = [];
    for await (const s of manila.shares.listDetail({ limit: 1, name })) detailed.push(`${s.id} ${s.description}`);
    expect(detailed).toEqual([`${shareId} renamed by the tests`]);
    expect((await manila.shares.update(shareId, { is_public: false })).is_public).toBe(false);
  });

  it('extends and shrinks', async () => {
    await manila.shares.extend(shareId, { new_size: 2 });
    expect((await manila.waitFor.share(shareId, FAST)).size).toBe(2);
    await manila.shares.shrink(shareId, { new_size: 1 });
    expect((await manila.waitFor.share(shareId, FAST)).size).toBe(1);
  });

  it('refuses a shrink without new_size before sending', async () => {
    // @ts-expect-error new_size is required
    await expect(manila.shares.shrink(shareId, {})).rejects.toBeInstanceOf(ValidationError);
  });

  it('keeps metadata', async () => {
    expect(await manila.shareMetadata.merge(shareId, { tier: 'gold' })).toEqual({ purpose: 'ft', tier: 'gold' });
    expect(await manila.shareMetadata.getItem(shareId, 'tier')).toEqual({ tier: 'gold' });
    // Manila 23.0 refuses a single-item update while the share has other keys (spec/metadata.yaml).
    await expect(manila.shareMetadata.updateItem(shareId, 'tier', { tier: 'silver' })).rejects.toBeInstanceOf(BadRequestError);
    expect(await manila.shareMetadata.replace(shareId, { tier: 'gold' })).toEqual({ tier: 'gold' });
    expect(await manila.shareMetadata.updateItem(shareId, 'tier', { tier: 'silver' })).toEqual({ tier: 'silver' });
    expect(await manila.shareMetadata.get(shareId)).toEqual({ tier: 'silver' });
    await manila.shareMetadata.delete(shareId, 'tier');
    expect(await manila.shareMetadata.get(shareId)).toEqual({});
  });

  it('shows export locations and keeps their metadata', async () => {
    const locations = (await manila.exportLocations.list(shareId)).items;
    expect(locations.length).toBeGreaterThan(0);
    const preferred = locations.find((l) => l.preferred) ?? locations[0];
    const one = await manila.exportLocations.show(shareId, preferred.id);
    expect(one.path).toBe(preferred.path);
    expect(await manila.exportLocationMetadata.merge(shareId, preferred.id, { mount_hint: 'nfs4' })).toMatchObject({ mount_hint: 'nfs4' });
    expect(await manila.exportLocationMetadata.getItem(shareId, preferred.id, 'mount_hint')).toEqual({ mount_hint: 'nfs4' });
    expect((await manila.exportLocations.show(shareId, preferred.id)).metadata).toEqual({ mount_hint: 'nfs4' });
    expect(await manila.exportLocationMetadata.replace(shareId, preferred.id, { mount_hint: 'nfs4.1' })).toMatchObject({ mount_hint: 'nfs4.1' });
    expect((await manila.exportLocations.show(shareId, preferred.id)).metadata).toEqual({ mount_hint: 'nfs4.1' });
    await manila.exportLocationMetadata.delete(shareId, preferred.id, 'mount_hint');
    expect((await manila.exportLocations.show(shareId, preferred.id)).metadata).toEqual({});
    // Known defects of Manila 23.0 (spec/metadata.yaml): listing export
    // location metadata fails its own response check, and updateItem trips
    // over the driver's hidden `preferred` key. Both answer 400.
    await expect(manila.exportLocationMetadata.get(shareId, preferred.id)).rejects.toBeInstanceOf(BadRequestError);
    await expect(manila.exportLocationMetadata.updateItem(shareId, preferred.id, 'mount_hint', { mount_hint: 'x' })).rejects.toBeInstanceOf(BadRequestError);
  });

  it('grants and revokes access, waiting for each', async () => {
    const rule = await manila.shares.allowAccess(shareId, { access_type: 'ip', access_to: '10.0.0.0/24', access_level: 'rw', metadata: { who: 'ft' } });
    const active = await manila.waitFor.accessRule(rule.id, FAST);
    expect(active.state).toBe('active');
    const rules = (await manila.accessRules.list(shareId)).items;
    expect(rules.map((r) => r.id)).toContain(rule.id);
    await manila.shares.denyAccess(shareId, { access_id: rule.id });
    await manila.waitFor.accessRuleDeleted(rule.id, FAST);
    expect((await manila.accessRules.list(shareId)).items.map((r) => r.id)).not.toContain(rule.id);
  });

  it('snapshots and reverts to the snapshot', async () => {
    const snap = await manila.snapshots.create({ share_id: shareId, name: uniqueName('snap') });
    snapshotId = snap.id;
    cleanup.add(`delete snapshot ${snap.id}`, () => deleteSnapshot(manila, snap.id));
    expect((await manila.waitFor.snapshot(snap.id, FAST)).status).toBe('available');
    expect(await manila.snapshotMetadata.merge(snap.id, { kind: 'nightly' })).toEqual({ kind: 'nightly' });
    expect(await manila.snapshotMetadata.getItem(snap.id, 'kind')).toEqual({ kind: 'nightly' });
    await manila.snapshotMetadata.delete(snap.id, 'kind');
    expect(await manila.snapshotMetadata.get(snap.id)).toEqual({});
    await manila.shares.revert(shareId, { snapshot_id: snap.id });
    expect((await manila.waitFor.share(shareId, FAST)).status).toBe('available');
  });

  it('creates a share from the snapshot', async () => {
    const child = await manila.shares.create({ share_proto: 'NFS', size: 1, snapshot_id: snapshotId, name: uniqueName('child') });
    cleanup.add(`delete share ${child.id}`, () => deleteShare(manila, child.id));
    const ready = await manila.waitFor.share(child.id, FAST);
    expect(ready.snapshot_id).toBe(snapshotId);
    await manila.shares.delete(child.id);
    await manila.waitFor.shareDeleted(child.id, FAST);
    await manila.snapshots.delete(snapshotId);
    await manila.waitFor.snapshotDeleted(snapshotId, FAST);
  });

  it('goes to the recycle bin and comes back', async () => {
    await manila.shares.softDelete(shareId);
    const binned = await manila.shares.listDetail({ is_soft_deleted: true, name: (await manila.shares.show(shareId)).name! });
    expect(binned.items.map((s) => s.id)).toEqual([shareId]);
    expect(binned.items[0].is_soft_deleted).toBe(true);
    await manila.shares.restore(shareId);
    const back = await manila.waitFor.share(shareId, FAST);
    expect(back.is_soft_deleted).toBe(false);
  });

  it('is deleted', async () => {
    await manila.shares.delete(shareId);
    await manila.waitFor.shareDeleted(shareId, FAST);
  });
});

describe.runIf(keystoneBed)('export locations as a project member sees them', () => {
  const member = bedClient({ auth: bedAuth({ username: bed.member.username, password: bed.member.password, projectName: bed.member.project }) });

  it('shows timestamps to the member and refuses it an admin-only location', async () => {
    const share = await member.shares.create({ share_proto: 'NFS', size: 1, name: uniqueName('el-member') });
    cleanup.add(`delete share ${share.id}`, () => deleteShare(member, share.id));
    await member.waitFor.share(share.id, FAST);
    const all = (await manila.exportLocations.list(share.id)).items;
    const adminOnly = all.find((l) => l.is_admin_only);
    const open = all.find((l) => l.is_admin_only === false)!;
    // The member's list leaves the admin-only location out.
    expect((await member.exportLocations.list(share.id)).items.map((l) => l.id).sort()).toEqual(all.filter((l) => !l.is_admin_only).map((l) => l.id).sort());
    const shown = await member.exportLocations.show(share.id, open.id);
    expect(shown.created_at).toMatch(/^\d{4}-/);
    expect(shown.updated_at).toMatch(/^\d{4}-/);
    expect(shown).not.toHaveProperty('is_admin_only');
    // The dummy driver always adds one admin-only location.
    expect(adminOnly).toBeDefined();
    await expect(member.exportLocations.show(share.id, adminOnly!.id)).rejects.toBeInstanceOf(ForbiddenError);
  });
});

describe('paging by offset', () => {
  const prefix = uniqueName('page');
  const ids: string[] = [];

  beforeAll(async () => {
    for (let i = 0; i < 3; i++) {
      const share = await manila.shares.create({ share_proto: 'NFS', size: 1, name: `${prefix}-${i}` });
      ids.push(share.id);
      cleanup.add(`delete share ${share.id}`, () => deleteShare(manila, share.id));
    }
  });

  it('sees every share once, whether the last page is short or full', async () => {
    for (const limit of [1, 2, 3, 4]) {
      const seen: string[] = [];
      // By name: shares made in one second tie on created_at.
      for await (const s of manila.shares.list({ limit, 'name~': prefix, sort_key: 'name', sort_dir: 'asc' })) seen.push(s.id);
      expect(seen, `limit ${limit}`).toEqual(ids);
    }
  });
});

// Snapshots on a real Manila beyond the share lifecycle: rename, metadata
// replace and single-item update, mountable-snapshot access rules with
// waits, paging, and the admin's reset-status and force-delete.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bedClient, Cleanup, FAST, uniqueName } from './support/bed.js';
import { deleteShare, deleteSnapshot } from './support/resources.js';

const manila = bedClient();
const cleanup = new Cleanup();
afterAll(() => cleanup.run());

describe('snapshots', () => {
  let shareId: string;
  const snapshotIds: string[] = [];
  const prefix = uniqueName('snaps');

  beforeAll(async () => {
    // The bed's default type has mount_snapshot_support, so snapshots take access rules.
    const share = await manila.shares.create({ share_proto: 'NFS', size: 1, name: uniqueName('snapshotted') });
    shareId = share.id;
    cleanup.add(`delete share ${share.id}`, () => deleteShare(manila, share.id));
    await manila.waitFor.share(share.id, FAST);
    for (let i = 0; i < 2; i++) {
      const snap = await manila.snapshots.create({ share_id: shareId, name: `${prefix}-${i}`, metadata: { n: String(i) } });
      snapshotIds.push(snap.id);
      cleanup.add(`delete snapshot ${snap.id}`, () => deleteSnapshot(manila, snap.id));
      await manila.waitFor.snapshot(snap.id, FAST);
    }
  });

  it('is renamed and described through the old field names', async () => {
    const updated = await manila.snapshots.update(snapshotIds[0], { display_name: `${prefix}-renamed`, display_description: 'before the upgrade' });
    expect(updated).toMatchObject({ id: snapshotIds[0], name: `${prefix}-renamed`, description: 'before the upgrade' });
    expect((await manila.snapshots.show(snapshotIds[0])).name).toBe(`${prefix}-renamed`);
  });

  it('replaces its metadata and updates one item', async () => {
    const id = snapshotIds[1];
    expect(await manila.snapshotMetadata.get(id)).toEqual({ n: '1' });
    expect(await manila.snapshotMetadata.replace(id, { purpose: 'backup' })).toEqual({ purpose: 'backup' });
    expect(await manila.snapshotMetadata.updateItem(id, 'purpose', { purpose: 'archive' })).toEqual({ purpose: 'archive' });
    expect(await manila.snapshotMetadata.get(id)).toEqual({ purpose: 'archive' });
  });

  it('pages through the share\'s snapshots, in brief and in detail', async () => {
    // Each once, in some order: snapshots made in one second tie on
    // created_at, and one of them has been renamed by now.
    const brief: string[] = [];
    for await (const s of manila.snapshots.list({ limit: 1, share_id: shareId, sort_key: 'created_at', sort_dir: 'asc' })) brief.push(s.id);
    expect(brief.sort()).toEqual([...snapshotIds].sort());
    const detailed: Array<{ id: string; share_id?: string }> = [];
    for await (const s of manila.snapshots.listDetail({ limit: 1, share_id: shareId, sort_key: 'created_at', sort_dir: 'asc' })) detailed.push(s);
    expect(detailed.map((s) => s.id).sort()).toEqual([...snapshotIds].sort());
    expect(detailed.every((s) => s.share_id === shareId)).toBe(true);
  });

  it('grants and revokes access to a mountable snapshot, waiting for each', async () => {
    const id = snapshotIds[0];
    const rule = await manila.snapshots.allowAccess(id, { access_type: 'ip', access_to: '10.2.0.0/24' });
    expect(rule).toMatchObject({ access_type: 'ip', access_to: '10.2.0.0/24' });
    const active = await manila.waitFor.snapshotAccessRule(rule.id, { ...FAST, snapshotId: id });
    expect(active.state).toBe('active');
    expect((await manila.snapshots.accessList(id)).items.map((r) => r.id)).toEqual([rule.id]);
    await manila.snapshots.denyAccess(id, { access_id: rule.id });
    await manila.waitFor.snapshotAccessRuleDeleted(rule.id, { ...FAST, snapshotId: id });
    expect((await manila.snapshots.accessList(id)).items).toEqual([]);
  });

  it('has its status reset and is force-deleted by the admin', async () => {
    const id = snapshotIds[1];
    await manila.snapshots.resetStatus(id, { status: 'error' });
    expect((await manila.snapshots.show(id)).status).toBe('error');
    await manila.snapshots.forceDelete(id);
    await manila.waitFor.snapshotDeleted(id, FAST);
  });
});

// Taking shares and snapshots out of Manila's hands and back, on the dummy
// driver (it remembers what was unmanaged and accepts it back).
import { afterAll, describe, expect, it } from 'vitest';
import { bedClient, Cleanup, FAST, uniqueName } from './support/bed.js';
import { deleteShare, deleteSnapshot } from './support/resources.js';

const manila = bedClient();
// Before 2.9 a share carries its export location inline.
const old = bedClient({ microversion: '2.8' });
const cleanup = new Cleanup();
afterAll(() => cleanup.run());

async function newShare() {
  const share = await manila.shares.create({ share_proto: 'NFS', size: 1, name: uniqueName('mng') });
  cleanup.add(`delete share ${share.id}`, () => deleteShare(manila, share.id));
  return manila.waitFor.share(share.id, FAST);
}

describe('manage and unmanage', () => {
  it('unmanages a share and manages it back', async () => {
    const share = await newShare();
    const exportPath = (await old.shares.show(share.id)).export_location;
    expect(exportPath).toMatch(/:\//);
    expect(share.host).toMatch(/@alpha#/);
    await manila.shares.unmanage(share.id);
    await manila.waitFor.shareDeleted(share.id, FAST);
    const managed = await manila.shares.manage({
      protocol: 'NFS',
      export_path: exportPath!,
      service_host: share.host!,
      share_type: 'default',
      name: uniqueName('managed'),
      driver_options: {},
    });
    cleanup.add(`delete share ${managed.id}`, () => deleteShare(manila, managed.id));
    const ready = await manila.waitFor.share(managed.id, FAST);
    expect(ready.size).toBe(1);
    await manila.shares.delete(managed.id);
    await manila.waitFor.shareDeleted(managed.id, FAST);
  });

  it('unmanages a snapshot and manages it back', async () => {
    const share = await newShare();
    const snap = await manila.snapshots.create({ share_id: share.id, name: uniqueName('snap') });
    cleanup.add(`delete snapshot ${snap.id}`, () => deleteSnapshot(manila, snap.id));
    const ready = await manila.waitFor.snapshot(snap.id, FAST);
    expect(ready.provider_location).toBeTruthy();
    await manila.snapshots.unmanage(snap.id);
    await manila.waitFor.snapshotDeleted(snap.id, FAST);
    const back = await manila.snapshots.manage({ share_id: share.id, provider_location: ready.provider_location!, name: uniqueName('back') });
    cleanup.add(`delete snapshot ${back.id}`, () => deleteSnapshot(manila, back.id));
    expect((await manila.waitFor.snapshot(back.id, FAST)).status).toBe('available');
    const listed = await manila.snapshots.listDetail({ share_id: share.id });
    expect(listed.items.map((s) => s.id)).toEqual([back.id]);
  });

  it('resets a share status and force-deletes it', async () => {
    const share = await newShare();
    await manila.shares.resetStatus(share.id, { status: 'error' });
    expect((await manila.shares.show(share.id)).status).toBe('error');
    await manila.shares.forceDelete(share.id);
    await manila.waitFor.shareDeleted(share.id, FAST);
  });
});

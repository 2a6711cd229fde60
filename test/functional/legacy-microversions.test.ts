// Below 2.7 Manila takes actions under `os-` keys and some calls at older
// URLs; the SDK picks them by itself. Proven here on the real server with a
// client pinned to 2.6, every write of the slice that changed shape at 2.7.
import { afterAll, describe, expect, it } from 'vitest';
import { bed, bedClient, Cleanup, FAST, uniqueName } from './support/bed.js';
import { contractFetch } from './support/contract.js';
import { deleteShare, deleteSnapshot } from './support/resources.js';

const legacy = bedClient({ microversion: '2.6' });
const current = bedClient();
const cleanup = new Cleanup();
afterAll(() => cleanup.run());

// What went over the wire: the action key or the path of each write.
const sent: string[] = [];
const checked = contractFetch(bed.endpoint!);
const recording = bedClient({
  microversion: '2.6',
  fetch: async (req) => {
    if (req.method !== 'GET') {
      const body = req.body ? Object.keys(JSON.parse(await req.clone().text()))[0] : '';
      sent.push(`${req.method} ${new URL(req.url).pathname.replace(/^\/v2(\/[0-9a-f]{32})?/, '')} ${body}`.trim());
    }
    return checked(req);
  },
});

async function newShare(name: string) {
  const share = await recording.shares.create({ share_proto: 'NFS', size: 1, name: uniqueName(name) });
  cleanup.add(`delete share ${share.id}`, () => deleteShare(current, share.id));
  return recording.waitFor.share(share.id, FAST);
}

describe('writes at microversion 2.6', () => {
  it('extends, shrinks, grants and revokes access with os- action keys', async () => {
    const share = await newShare('legacy');
    sent.length = 0;
    await recording.shares.extend(share.id, { new_size: 2 });
    expect((await recording.waitFor.share(share.id, FAST)).size).toBe(2);
    await recording.shares.shrink(share.id, { new_size: 1 });
    expect((await recording.waitFor.share(share.id, FAST)).size).toBe(1);
    const rule = await recording.shares.allowAccess(share.id, { access_type: 'ip', access_to: '10.3.0.0/24', access_level: 'ro' });
    expect((await recording.waitFor.accessRule(rule.id, { ...FAST, shareId: share.id })).state).toBe('active');
    await recording.shares.denyAccess(share.id, { access_id: rule.id });
    await recording.waitFor.accessRuleDeleted(rule.id, { ...FAST, shareId: share.id });
    const actions = sent.map((s) => s.split(' ')[2]);
    expect(actions.filter((a) => a !== 'os-access_list')).toEqual(['os-extend', 'os-shrink', 'os-allow_access', 'os-deny_access']);
    expect(actions).toContain('os-access_list');
  });

  it('resets status and force-deletes shares and snapshots with os- keys', async () => {
    const share = await newShare('legacy-reset');
    const snap = await recording.snapshots.create({ share_id: share.id, name: uniqueName('legacy') });
    cleanup.add(`delete snapshot ${snap.id}`, () => deleteSnapshot(current, snap.id));
    await recording.waitFor.snapshot(snap.id, FAST);
    sent.length = 0;
    await recording.snapshots.resetStatus(snap.id, { status: 'error' });
    expect((await recording.snapshots.show(snap.id)).status).toBe('error');
    await recording.snapshots.forceDelete(snap.id);
    await recording.waitFor.snapshotDeleted(snap.id, FAST);
    await recording.shares.resetStatus(share.id, { status: 'error' });
    expect((await recording.shares.show(share.id)).status).toBe('error');
    await recording.shares.forceDelete(share.id);
    await recording.waitFor.shareDeleted(share.id, FAST);
    expect(sent.map((s) => s.split(' ')[2])).toEqual(['os-reset_status', 'os-force_delete', 'os-reset_status', 'os-force_delete']);
  });

  it('unmanages and manages a share at the old URLs', async () => {
    const share = await newShare('legacy-manage');
    // Before 2.9 a share carries its export location inline.
    const exportPath = (await legacy.shares.show(share.id)).export_location!;
    const host = (await current.shares.show(share.id)).host!;
    sent.length = 0;
    await recording.shares.unmanage(share.id);
    await recording.waitFor.shareDeleted(share.id, FAST);
    const managed = await recording.shares.manage({ protocol: 'NFS', export_path: exportPath, service_host: host, share_type: 'default', name: uniqueName('legacy-managed') });
    cleanup.add(`delete share ${managed.id}`, () => deleteShare(current, managed.id));
    expect((await recording.waitFor.share(managed.id, FAST)).size).toBe(1);
    expect(sent).toEqual([`POST /os-share-unmanage/${share.id}/unmanage`, 'POST /os-share-manage share']);
  });
});

// Every microversion the server offers, one by one: each read of the
// foundation slice is answered by the real Manila and checked against the
// spec narrowed to that version, so a field marked with the wrong version
// (sent earlier, later, or not at all) fails here. Admin and member views
// differ (admin-only fields, filtered extra specs), so both are read.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MicroversionError, compareVersions, type ManilaClient } from '../../src/index.js';
import { bed, bedAuth, bedClient, Cleanup, FAST, keystoneBed, uniqueName } from './support/bed.js';
import { checked } from './support/contract.js';
import { deleteShare, deleteShareType } from './support/resources.js';

const admin = bedClient();
const cleanup = new Cleanup();
afterAll(() => cleanup.run());

type Read = (m: ManilaClient) => Promise<unknown>;

describe('every microversion of the server', () => {
  const ids = { share: '', snapshot: '', type: '', exportLocation: '', snapshotExportLocation: '', rule: '' };
  let versions: string[] = [];

  beforeAll(async () => {
    const nv = await admin.microversion();
    const [maj, minFrom] = nv.serverMin!.split('.').map(Number);
    const minTo = Number(nv.version.split('.')[1]);
    versions = Array.from({ length: minTo - minFrom + 1 }, (_, i) => `${maj}.${minFrom + i}`);

    const type = await admin.shareTypes.create({
      name: uniqueName('sweep'),
      description: 'microversion sweep',
      extra_specs: { driver_handles_share_servers: 'false', snapshot_support: 'true', 'sdk:tag': 'sweep' },
      'share_type_access:is_public': false,
    });
    ids.type = type.id;
    cleanup.add(`delete share type ${type.id}`, () => deleteShareType(admin, type.id));
    await admin.shareTypes.addProjectAccess(type.id, { project: bed.member.projectId ?? 'f1e2d3c4b5a697887766554433221100' });

    // A share of the default type, so the member may read it too when it is theirs.
    const share = await admin.shares.create({ share_proto: 'NFS', size: 1, name: uniqueName('sweep'), metadata: { k: 'v' } });
    ids.share = share.id;
    cleanup.add(`delete share ${share.id}`, () => deleteShare(admin, share.id));
    await admin.waitFor.share(share.id, FAST);
    const rule = await admin.shares.allowAccess(share.id, { access_type: 'ip', access_to: '10.1.0.0/24', access_level: 'ro' });
    ids.rule = rule.id;
    await admin.waitFor.accessRule(rule.id, FAST);
    const snap = await admin.snapshots.create({ share_id: share.id, name: uniqueName('sweep') });
    ids.snapshot = snap.id;
    cleanup.add(`delete snapshot ${snap.id}`, async () => {
      await admin.snapshots.delete(snap.id).catch(() => undefined);
      await admin.waitFor.snapshotDeleted(snap.id, FAST);
    });
    await admin.waitFor.snapshot(snap.id, FAST);
    await admin.snapshotMetadata.merge(snap.id, { k: 'v' });
    ids.exportLocation = (await admin.exportLocations.list(share.id)).items[0].id;
    ids.snapshotExportLocation = (await admin.snapshotExportLocations.list(snap.id)).items[0]?.id ?? '';
  });

  const reads: Record<string, Read> = {
    'shares.show': (m) => m.shares.show(ids.share),
    'shares.list': (m) => m.shares.list({ limit: 5 }),
    'shares.listDetail': (m) => m.shares.listDetail({ limit: 5 }),
    'shares.accessList': (m) => m.shares.accessList(ids.share),
    'accessRules.list': (m) => m.accessRules.list(ids.share),
    'accessRules.show': (m) => m.accessRules.show(ids.rule),
    'shareMetadata.list': (m) => m.shareMetadata.get(ids.share),
    'exportLocations.list': (m) => m.exportLocations.list(ids.share),
    'exportLocations.show': (m) => m.exportLocations.show(ids.share, ids.exportLocation),
    'snapshots.show': (m) => m.snapshots.show(ids.snapshot),
    'snapshots.list': (m) => m.snapshots.list({ limit: 5 }),
    'snapshots.listDetail': (m) => m.snapshots.listDetail({ limit: 5 }),
    'snapshots.accessList': (m) => m.snapshots.accessList(ids.snapshot),
    'snapshotMetadata.list': (m) => m.snapshotMetadata.get(ids.snapshot),
    'snapshotExportLocations.list': (m) => m.snapshotExportLocations.list(ids.snapshot),
    'snapshotExportLocations.show': (m) => m.snapshotExportLocations.show(ids.snapshot, ids.snapshotExportLocation),
    'shareTypes.show': (m) => m.shareTypes.show(ids.type),
    'shareTypes.list': (m) => m.shareTypes.list({ is_public: 'all' }),
    'shareTypes.showDefault': (m) => m.shareTypes.showDefault(),
    'shareTypes.listAccess': (m) => m.shareTypes.listAccess(ids.type),
    'shareTypeExtraSpecs.list': (m) => m.shareTypeExtraSpecs.get(ids.type),
    'availabilityZones.list': (m) => m.availabilityZones.list(),
    'limits.show': (m) => m.limits.show(),
    'messages.list': (m) => m.messages.list({ limit: 5 }),
  };
  // What a project member may read of the admin's resources: the private type
  // its project was given, the default type, zones and its own limits.
  const memberReads = ['shareTypes.show', 'shareTypes.list', 'shareTypes.showDefault', 'shares.list', 'shares.listDetail', 'availabilityZones.list', 'limits.show', 'messages.list'];

  async function sweep(who: string, client: (version: string) => ManilaClient, names: string[]) {
    const answered = new Map<string, string[]>(names.map((n) => [n, []]));
    // Versions one after another, the reads of one version side by side.
    for (const version of versions) {
      const m = client(version);
      await Promise.all(
        names.map(async (name) => {
          try {
            await reads[name](m);
            answered.get(name)!.push(version);
          } catch (err) {
            // Outside the operation's range: refused before anything was sent.
            if (!(err instanceof MicroversionError)) throw new Error(`${who} ${name} at ${version}: ${(err as Error).message}`);
          }
        }),
      );
    }
    // Every read was answered (and so checked) at one version at least.
    for (const [name, at] of answered) expect(at.length, `${who} ${name} was never answered`).toBeGreaterThan(0);
    return answered;
  }

  it('admin reads match the spec at each version', { timeout: 300_000 }, async () => {
    // One token for the whole sweep: each new token costs Manila a Keystone round trip.
    const adminAuth = keystoneBed ? { auth: bedAuth() } : {};
    const answered = await sweep('admin', (v) => bedClient({ microversion: v, ...adminAuth }), Object.keys(reads));
    expect(answered.get('shares.show')).toEqual(versions);
    expect(answered.get('exportLocations.list')![0]).toBe('2.9');
    expect(answered.get('accessRules.show')![0]).toBe('2.45');
    expect(answered.get('shares.accessList')!.at(-1)).toBe('2.44');
    expect(checked.size).toBeGreaterThanOrEqual(Object.keys(reads).length);
  });

  it.runIf(keystoneBed)('member reads match the spec at each version', async () => {
    const memberAuth = bedAuth({ username: bed.member.username, password: bed.member.password, projectName: bed.member.project });
    const answered = await sweep('member', (v) => bedClient({ microversion: v, auth: memberAuth }), memberReads);
    expect(compareVersions(answered.get('shareTypes.show')!.at(-1)!, '2.99')).toBeGreaterThanOrEqual(0);
  });
});

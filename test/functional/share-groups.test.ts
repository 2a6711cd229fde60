// Share groups on a real Manila: a share group type with group specs and
// project access, a group of that type with shares created into it, a group
// snapshot with members, a group created from the group snapshot, the
// admin's reset_status and force_delete, filters and microversion bounds,
// every read at the versions where its answer changes, and everything
// deleted in the order Manila insists on (shares made from the group
// snapshot, the group snapshot, the shares with ?share_group_id=, the
// groups, the type).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  BadRequestError,
  ConflictError,
  ForbiddenError,
  MicroversionError,
  NotFoundError,
  WaitFailedError,
  type ManilaClient,
} from '../../src/index.js';
import { bed, bedAuth, bedClient, Cleanup, FAST, keystoneBed, uniqueName, versionBelow } from './support/bed.js';
import { answerBoundVersions, boundOf, recordBound } from './support/bounds.js';
import { deleteGroupShare, deleteShare, deleteShareGroup, deleteShareGroupSnapshot, deleteShareGroupType } from './support/resources.js';

// The bed is shared and slow under load: calls get 90 s, waits for shares and
// groups up to 4 minutes, each test up to 10.
const TIMEOUT = { timeoutMs: 90_000 };
const SLOW = { ...FAST, maxWaitMs: 240_000 };
// Every admin client shares one admin token: each new one costs a Keystone
// round trip, which takes seconds on a busy bed.
const adminAuth = keystoneBed ? bedAuth() : undefined;
const withAuth = adminAuth ? { auth: adminAuth } : {};
const manila = bedClient({ ...TIMEOUT, ...withAuth });
const at = (microversion: string) => bedClient({ ...TIMEOUT, ...withAuth, microversion });
const cleanup = new Cleanup();
afterAll(() => cleanup.run(), 900_000);

const NO_SUCH = 'sdk-no-such-value';
const NO_UUID = '00000000-0000-0000-0000-000000000000';
const ids = <T extends { id: string }>(items: T[]) => items.map((x) => x.id);

describe('share groups, their types and their snapshots', { timeout: 600_000 }, () => {
  const tag = uniqueName('sg');
  const s = {
    type: '',
    shareType: '',
    zoneId: '',
    group: '',
    groupName: `${tag}-g1`,
    shares: [] as string[],
    snapshot: '',
    snapshotName: `${tag}-gs1`,
    fromSnapshot: '',
    fromSnapshotShares: [] as string[],
  };
  let serverMin = '2.0';
  let serverMax = '2.99';

  beforeAll(async () => {
    const nv = await manila.microversion();
    serverMin = nv.serverMin!;
    serverMax = nv.version;
    s.shareType = (await manila.shareTypes.showDefault()).id;
    s.zoneId = (await manila.availabilityZones.list()).items.find((z) => z.name === 'nova')!.id;
  });

  describe('share group types', () => {
    it('creates a private type with group specs', async () => {
      const type = await manila.shareGroupTypes.create({
        name: `${tag}-type`,
        share_types: ['default'],
        group_specs: { consistent_snapshot_support: 'pool', 'sdk:tag': tag },
        is_public: false,
      });
      s.type = type.id;
      cleanup.add(`delete share group type ${type.id}`, () => deleteShareGroupType(manila, type.id));
      // Names are resolved to ids.
      expect(type).toEqual({
        id: type.id,
        name: `${tag}-type`,
        is_public: false,
        group_specs: { consistent_snapshot_support: 'pool', 'sdk:tag': tag },
        share_types: [s.shareType],
        is_default: false,
      });
      expect(await manila.shareGroupTypes.show(type.id)).toEqual(type);
      await expect(manila.shareGroupTypes.create({ name: `${tag}-type`, share_types: ['default'] })).rejects.toBeInstanceOf(ConflictError);
    });

    it('shows the configured default type (never changed here)', async () => {
      const def = await manila.shareGroupTypes.showDefault();
      expect(def).toMatchObject({ name: 'default', is_default: true, is_public: true });
    });

    it('lists private types only with is_public=all, and filters by group specs from 2.66', async () => {
      expect(ids((await manila.shareGroupTypes.list({ is_public: 'all' })).items)).toContain(s.type);
      expect(ids((await manila.shareGroupTypes.list({ is_public: 'false' })).items)).toContain(s.type);
      expect(ids((await manila.shareGroupTypes.list()).items)).not.toContain(s.type);

      recordBound('shareGroupTypes_list group_specs');
      const min = boundOf('shareGroupTypes_list group_specs');
      const bySpec = await at(min).shareGroupTypes.list({ is_public: 'all', group_specs: { 'sdk:tag': tag } });
      expect(ids(bySpec.items)).toEqual([s.type]);
      expect((await at(min).shareGroupTypes.list({ is_public: 'all', group_specs: { 'sdk:tag': NO_SUCH } })).items).toEqual([]);
      // One version below, the server refuses the parameter (it does not drop it).
      const below = await manila
        .request('GET /share-group-types', { params: { query: { is_public: 'all', group_specs: { 'sdk:tag': tag } } } }, { microversion: versionBelow(min) })
        .catch((e: unknown) => e);
      expect(below).toBeInstanceOf(BadRequestError);
    });

    it('keeps group specs, one by one and together', async () => {
      expect(await manila.shareGroupTypeSpecs.set(s.type, { 'sdk:colour': 'blue', 'sdk:size': 'big' })).toEqual({ 'sdk:colour': 'blue', 'sdk:size': 'big' });
      expect(await manila.shareGroupTypeSpecs.getItem(s.type, 'sdk:colour')).toEqual({ 'sdk:colour': 'blue' });
      expect(await manila.shareGroupTypeSpecs.update(s.type, 'sdk:colour', { 'sdk:colour': 'green' })).toEqual({ 'sdk:colour': 'green' });
      await manila.shareGroupTypeSpecs.delete(s.type, 'sdk:size');
      await expect(manila.shareGroupTypeSpecs.getItem(s.type, 'sdk:size')).rejects.toBeInstanceOf(NotFoundError);
      expect(await manila.shareGroupTypeSpecs.get(s.type)).toEqual({ consistent_snapshot_support: 'pool', 'sdk:tag': tag, 'sdk:colour': 'green' });
      // The body must name the key of the URL.
      await expect(manila.shareGroupTypeSpecs.update(s.type, 'sdk:colour', { 'sdk:other': 'x' })).rejects.toBeInstanceOf(BadRequestError);
    });

    it.runIf(keystoneBed)('lets another project use the private type, then no longer', async () => {
      const project = bed.member.projectId!;
      const member = bedClient({ ...TIMEOUT, auth: bedAuth({ username: bed.member.username, password: bed.member.password, projectName: bed.member.project }) });
      await expect(member.shareGroupTypes.show(s.type)).rejects.toBeInstanceOf(NotFoundError);
      await manila.shareGroupTypes.addProjectAccess(s.type, { project });
      expect((await manila.shareGroupTypes.listAccess(s.type)).items).toEqual([{ share_group_type_id: s.type, project_id: project }]);
      await expect(manila.shareGroupTypes.addProjectAccess(s.type, { project })).rejects.toBeInstanceOf(ConflictError);
      expect((await member.shareGroupTypes.show(s.type)).id).toBe(s.type);
      expect(ids((await member.shareGroupTypes.list()).items)).toContain(s.type);
      // The group specs and the access list stay the admin's.
      await expect(member.shareGroupTypeSpecs.get(s.type)).rejects.toBeInstanceOf(ForbiddenError);
      await manila.shareGroupTypes.removeProjectAccess(s.type, { project });
      expect((await manila.shareGroupTypes.listAccess(s.type)).items).toEqual([]);
      await expect(member.shareGroupTypes.show(s.type)).rejects.toBeInstanceOf(NotFoundError);
    });

    it('has no access list for a public type', async () => {
      const def = await manila.shareGroupTypes.showDefault();
      await expect(manila.shareGroupTypes.listAccess(def.id)).rejects.toBeInstanceOf(NotFoundError);
    });
  });

  describe('a share group with shares', () => {
    it('is created from the type and becomes available on a pool that takes consistent snapshots', async () => {
      const group = await manila.shareGroups.create({
        name: s.groupName,
        description: 'made by the functional tests',
        share_group_type_id: s.type,
        share_types: [s.shareType],
        availability_zone: 'nova',
      });
      s.group = group.id;
      cleanup.add(`delete share group ${group.id}`, () => deleteShareGroup(manila, group.id));
      expect(group).toMatchObject({ status: 'creating', share_group_type_id: s.type, share_types: [s.shareType] });
      const ready = await manila.waitFor.shareGroup(group.id, SLOW);
      expect(ready).toMatchObject({ status: 'available', availability_zone: 'nova', consistent_snapshot_support: 'pool', source_share_group_snapshot_id: null, share_network_id: null });
      expect(ready.host).toMatch(/@alpha#/);
    });

    it('takes shares created into it, from 2.31 (dropped below)', async () => {
      recordBound('shares_create share_group_id');
      const min = boundOf('shares_create share_group_id');
      const first = await at(min).shares.create({ share_proto: 'NFS', size: 1, name: `${tag}-s0`, share_group_id: s.group });
      cleanup.add(`delete share ${first.id}`, () => deleteGroupShare(manila, first.id));
      expect(first.share_group_id).toBe(s.group);
      const second = await manila.shares.create({ share_proto: 'NFS', size: 1, name: `${tag}-s1`, share_group_id: s.group });
      cleanup.add(`delete share ${second.id}`, () => deleteGroupShare(manila, second.id));
      s.shares = [first.id, second.id];
      // One version below, Manila drops the field: the share lands outside any group.
      // (Sent through the escape hatch, which sends what it is given at the version asked for.)
      const old = await manila.request('POST /shares', { body: { share: { share_proto: 'NFS', size: 1, name: `${tag}-outside`, share_group_id: s.group } } }, { microversion: versionBelow(min) }).withResponse();
      expect(old.response.status).toBe(200);
      const outside = old.data.share.id;
      cleanup.add(`delete share ${outside}`, () => deleteShare(manila, outside));
      for (const id of [...s.shares, outside]) await manila.waitFor.share(id, SLOW);
      expect((await manila.shares.show(outside)).share_group_id).toBeNull();
      await deleteShare(manila, outside);
      expect(ids((await manila.shares.listDetail({ share_group_id: s.group })).items).sort()).toEqual([...s.shares].sort());
    });

    it('is renamed, and found by its filters', async () => {
      s.groupName = `${tag}-group1`;
      const renamed = await manila.shareGroups.update(s.group, { name: s.groupName, description: 'renamed' });
      expect(renamed).toMatchObject({ id: s.group, name: s.groupName, description: 'renamed' });
      expect(await manila.shareGroups.find(s.groupName)).toMatchObject({ id: s.group });
      const group = await manila.shareGroups.show(s.group);
      // [filter, a value that keeps the group, one that drops it]
      const cases: Array<[string, unknown, unknown]> = [
        ['description', 'renamed', NO_SUCH],
        ['name~', 'group1', NO_SUCH],
        ['description~', 'rena', NO_SUCH],
        ['status', 'available', 'error'],
        ['share_group_type_id', s.type, NO_UUID],
        ['group_type_id', s.type, NO_UUID],
        ['host', group.host, 'sdk@no-such#pool'],
        ['availability_zone_id', s.zoneId, NO_UUID],
        ['consistent_snapshot_support', 'pool', 'host'],
        ['user_id', undefined, 'sdk-no-such-user'],
        ['share_network_id', undefined, NO_UUID],
        ['share_server_id', undefined, NO_UUID],
        ['source_share_group_snapshot_id', undefined, NO_UUID],
        ['project_id', group.project_id, 'ffffffffffffffffffffffffffffffff'],
      ];
      const wrong: string[] = [];
      for (const list of ['list', 'listDetail'] as const) {
        for (const [filter, keep, drop] of cases) {
          const base = { name: s.groupName, ...(filter === 'project_id' ? { all_tenants: true as const } : {}) };
          const got = async (v: unknown) => ids((await manila.shareGroups[list]({ ...base, [filter]: v } as never)).items);
          if (keep !== undefined && !(await got(keep)).includes(s.group)) wrong.push(`${list} ${filter}=${String(keep)} lost the group`);
          if ((await got(drop)).includes(s.group)) wrong.push(`${list} ${filter}=${String(drop)} kept the group`);
        }
      }
      expect(wrong).toEqual([]);
      // A walk of one-item pages, sorted by name, passes the group once.
      const walked: string[] = [];
      for await (const g of manila.shareGroups.listDetail({ limit: 1, 'name~': tag, sort_key: 'name', sort_dir: 'asc' })) walked.push(g.id);
      expect(walked).toEqual([s.group]);
    });

    it('applies name~ and description~ from 2.36, and drops them one version below', async () => {
      for (const op of ['shareGroups_list', 'shareGroups_listDetail'] as const) {
        for (const filter of ['name~', 'description~'] as const) {
          recordBound(`${op} ${filter}`);
          const min = boundOf(`${op} ${filter}`);
          const method = op === 'shareGroups_list' ? 'list' : 'listDetail';
          expect(ids((await at(min).shareGroups[method]({ name: s.groupName, [filter]: NO_SUCH })).items)).toEqual([]);
          expect(ids((await at(min).shareGroups[method]({ name: s.groupName, [filter]: filter === 'name~' ? 'group1' : 'rena' })).items)).toEqual([s.group]);
          const route = op === 'shareGroups_list' ? 'GET /share-groups' : 'GET /share-groups/detail';
          const below = await manila.request(route, { params: { query: { name: s.groupName, [filter]: NO_SUCH } } }, { microversion: versionBelow(min), experimental: true });
          expect(ids(below.share_groups)).toEqual([s.group]);
        }
      }
    });

    it('refuses a share of the group deleted without its group id, and its own deletion while it holds shares', async () => {
      await expect(manila.shares.delete(s.shares[0])).rejects.toBeInstanceOf(BadRequestError);
      await expect(manila.shares.delete(s.shares[0], { share_group_id: NO_UUID })).rejects.toBeInstanceOf(BadRequestError);
      await expect(manila.shareGroups.delete(s.group)).rejects.toBeInstanceOf(ConflictError);
    });
  });

  describe('a group snapshot, and a group made from it', () => {
    it('snapshots every share of the group', async () => {
      const snap = await manila.shareGroupSnapshots.create({ share_group_id: s.group, name: s.snapshotName, description: 'all shares' });
      s.snapshot = snap.id;
      cleanup.add(`delete share group snapshot ${snap.id}`, () => deleteShareGroupSnapshot(manila, snap.id));
      expect(snap).toMatchObject({ status: 'creating', share_group_id: s.group, members: [] });
      const ready = await manila.waitFor.shareGroupSnapshot(snap.id, SLOW);
      expect(ready.members.map((m) => m.share_id).sort()).toEqual([...s.shares].sort());
      expect(ready.members.every((m) => m.size === 1)).toBe(true);
    });

    it('lists its members, page by page', async () => {
      const members = (await manila.shareGroupSnapshots.listMembers(s.snapshot)).items;
      expect(members.map((m) => m.share_id).sort()).toEqual([...s.shares].sort());
      expect(members.every((m) => m.share_group_snapshot_id === s.snapshot && m.share_protocol === 'NFS' && m.size === 1)).toBe(true);
      const walked: string[] = [];
      for await (const m of manila.shareGroupSnapshots.listMembers(s.snapshot, { limit: 1 })) walked.push(m.id);
      expect(walked.sort()).toEqual(ids(members).sort());
    });

    it('is renamed, and found by its filters', async () => {
      s.snapshotName = `${tag}-snapshot1`;
      const renamed = await manila.shareGroupSnapshots.update(s.snapshot, { name: s.snapshotName, description: 'renamed' });
      expect(renamed).toMatchObject({ id: s.snapshot, name: s.snapshotName, description: 'renamed' });
      expect((await manila.shareGroupSnapshots.find(s.snapshotName)).id).toBe(s.snapshot);
      const snap = await manila.shareGroupSnapshots.show(s.snapshot);
      const cases: Array<[string, unknown, unknown]> = [
        ['description', 'renamed', NO_SUCH],
        ['status', 'available', 'error'],
        ['share_group_id', s.group, NO_UUID],
        ['user_id', undefined, 'sdk-no-such-user'],
        ['project_id', snap.project_id, 'ffffffffffffffffffffffffffffffff'],
      ];
      const wrong: string[] = [];
      for (const list of ['list', 'listDetail'] as const) {
        for (const [filter, keep, drop] of cases) {
          const base = { name: s.snapshotName, ...(filter === 'project_id' ? { all_tenants: true as const } : {}) };
          const got = async (v: unknown) => ids((await manila.shareGroupSnapshots[list]({ ...base, [filter]: v } as never)).items);
          if (keep !== undefined && !(await got(keep)).includes(s.snapshot)) wrong.push(`${list} ${filter}=${String(keep)} lost the snapshot`);
          if ((await got(drop)).includes(s.snapshot)) wrong.push(`${list} ${filter}=${String(drop)} kept the snapshot`);
        }
      }
      expect(wrong).toEqual([]);
      const detail = (await manila.shareGroupSnapshots.listDetail({ share_group_id: s.group })).items;
      expect(detail).toEqual([expect.objectContaining({ id: s.snapshot, share_group_id: s.group, name: s.snapshotName })]);
    });

    it('keeps its shares: a member share cannot be deleted', async () => {
      await expect(manila.shares.delete(s.shares[0], { share_group_id: s.group })).rejects.toBeInstanceOf(ForbiddenError);
    });

    it('gives a new group with one share per member', async () => {
      const group = await manila.shareGroups.create({ name: `${tag}-g2`, share_group_type_id: s.type, source_share_group_snapshot_id: s.snapshot });
      s.fromSnapshot = group.id;
      cleanup.add(`delete share group ${group.id}`, () => deleteShareGroup(manila, group.id));
      // Registered before the wait: the shares exist as soon as the group does.
      cleanup.add(`delete the shares of share group ${group.id}`, async () => {
        for (const share of (await manila.shares.listDetail({ share_group_id: group.id })).items) await deleteGroupShare(manila, share.id);
      });
      const ready = await manila.waitFor.shareGroup(group.id, SLOW);
      expect(ready).toMatchObject({ source_share_group_snapshot_id: s.snapshot, share_types: [s.shareType], availability_zone: 'nova' });
      const shares = (await manila.shares.listDetail({ share_group_id: group.id })).items;
      s.fromSnapshotShares = ids(shares);
      const members = (await manila.shareGroupSnapshots.show(s.snapshot)).members;
      expect(shares.map((x) => x.source_share_group_snapshot_member_id).sort()).toEqual(ids(members).sort());
      for (const id of s.fromSnapshotShares) expect((await manila.waitFor.share(id, SLOW)).share_group_id).toBe(group.id);
      expect(ids((await manila.shareGroups.list({ source_share_group_snapshot_id: s.snapshot })).items)).toEqual([group.id]);
    });
  });

  describe('reads at every version where their answers change', () => {
    type Read = (m: ManilaClient) => Promise<unknown>;
    const reads: Record<string, Read> = {
      shareGroupTypes_list: (m) => m.shareGroupTypes.list({ is_public: 'all' }),
      shareGroupTypes_show: (m) => m.shareGroupTypes.show(s.type),
      shareGroupTypes_showDefault: (m) => m.shareGroupTypes.showDefault(),
      shareGroupTypes_listAccess: (m) => m.shareGroupTypes.listAccess(s.type),
      shareGroupTypeSpecs_get: (m) => m.shareGroupTypeSpecs.get(s.type),
      shareGroupTypeSpecs_getItem: (m) => m.shareGroupTypeSpecs.getItem(s.type, 'sdk:colour'),
      shareGroups_list: (m) => m.shareGroups.list({ limit: 5 }),
      shareGroups_listDetail: (m) => m.shareGroups.listDetail({ source_share_group_snapshot_id: s.snapshot }),
      shareGroups_show: (m) => m.shareGroups.show(s.fromSnapshot),
      shareGroupSnapshots_list: (m) => m.shareGroupSnapshots.list({ limit: 5 }),
      shareGroupSnapshots_listDetail: (m) => m.shareGroupSnapshots.listDetail({ share_group_id: s.group }),
      shareGroupSnapshots_show: (m) => m.shareGroupSnapshots.show(s.snapshot),
      shareGroupSnapshots_listMembers: (m) => m.shareGroupSnapshots.listMembers(s.snapshot),
    };

    it('answers each read at its bounds, across the experimental switch at 2.55, and refuses it below 2.31', async () => {
      const plan = new Map<string, string[]>();
      for (const op of Object.keys(reads)) {
        // Where the answer changes shape, where the experimental header stops, the latest, and below the range.
        const versions = new Set([...answerBoundVersions(op, serverMin, serverMax), '2.30', '2.54', '2.55', serverMax]);
        for (const v of versions) plan.set(v, [...(plan.get(v) ?? []), op]);
      }
      const answered: string[] = [];
      for (const [version, ops] of plan) {
        const m = at(version);
        await Promise.all(
          ops.map(async (op) => {
            try {
              await reads[op](m);
              answered.push(`${op}@${version}`);
            } catch (err) {
              if (!(err instanceof MicroversionError)) throw new Error(`${op} at ${version}: ${(err as Error).message}`);
              expect(version, `${op} refused at ${version}`).toBe('2.30');
            }
          }),
        );
      }
      // The group shape grows at 2.34, the group type's at 2.46.
      expect(answered).toEqual(expect.arrayContaining(['shareGroups_show@2.33', 'shareGroups_show@2.34', 'shareGroupTypes_show@2.45', 'shareGroupTypes_show@2.46']));
      expect(answered.filter((a) => a.endsWith('@2.30'))).toEqual([]);
    });
  });

  describe('admin actions', () => {
    it('resets the status of a group snapshot and a group, and force-deletes them', async () => {
      // A throwaway empty group of the admin's own project, and a snapshot of it:
      // force_delete leaks their quota usage in Manila 23, so nothing else gets it.
      const group = await manila.shareGroups.create({ name: `${tag}-doomed`, share_group_type_id: s.type });
      cleanup.add(`delete share group ${group.id}`, () => deleteShareGroup(manila, group.id));
      await manila.waitFor.shareGroup(group.id, SLOW);
      const snap = await manila.shareGroupSnapshots.create({ share_group_id: group.id, name: `${tag}-doomed` });
      cleanup.add(`delete share group snapshot ${snap.id}`, () => deleteShareGroupSnapshot(manila, snap.id));
      expect((await manila.waitFor.shareGroupSnapshot(snap.id, SLOW)).members).toEqual([]);

      // What the project's quota counts now, group and snapshot included.
      const usage = async () => {
        const q = await manila.quotaSets.showDetail(group.project_id);
        return { groups: q.share_groups?.in_use, snapshots: q.share_group_snapshots?.in_use };
      };
      const before = await usage();
      expect(before.groups).toBeGreaterThanOrEqual(1);
      expect(before.snapshots).toBeGreaterThanOrEqual(1);

      await manila.shareGroupSnapshots.resetStatus(snap.id, { status: 'error' });
      const failed = await manila.waitFor.shareGroupSnapshot(snap.id, SLOW).catch((e: unknown) => e);
      expect(failed).toBeInstanceOf(WaitFailedError);
      expect((failed as WaitFailedError).lastState).toMatchObject({ id: snap.id, status: 'error' });
      await manila.shareGroupSnapshots.resetStatus(snap.id, { status: 'creating' });
      await expect(manila.shareGroupSnapshots.delete(snap.id)).rejects.toBeInstanceOf(ConflictError);
      await manila.shareGroupSnapshots.forceDelete(snap.id);
      await expect(manila.shareGroupSnapshots.show(snap.id)).rejects.toBeInstanceOf(NotFoundError);

      await manila.shareGroups.resetStatus(group.id, { status: 'error' });
      const groupFailed = await manila.waitFor.shareGroup(group.id, SLOW).catch((e: unknown) => e);
      expect(groupFailed).toBeInstanceOf(WaitFailedError);
      expect((groupFailed as WaitFailedError).lastState).toMatchObject({ id: group.id, status: 'error' });
      await manila.shareGroups.resetStatus(group.id, { status: 'deleting' });
      await expect(manila.shareGroups.delete(group.id)).rejects.toBeInstanceOf(ConflictError);
      await manila.shareGroups.forceDelete(group.id);
      await expect(manila.shareGroups.show(group.id)).rejects.toBeInstanceOf(NotFoundError);
      // Manila 23 defect (see the force_delete actions in spec/): neither gives its quota back.
      expect(await usage()).toEqual(before);
    });

    it('refuses a status Manila does not know', async () => {
      await expect(manila.shareGroups.resetStatus(s.group, { status: 'bogus' } as never)).rejects.toBeInstanceOf(BadRequestError);
      expect((await manila.shareGroups.show(s.group)).status).toBe('available');
    });
  });

  describe('deletion, in the order Manila insists on', () => {
    it('deletes the shares made from the group snapshot, then that group', async () => {
      for (const id of s.fromSnapshotShares) await manila.shares.delete(id, { share_group_id: s.fromSnapshot });
      for (const id of s.fromSnapshotShares) await manila.waitFor.shareDeleted(id, SLOW);
      await manila.shareGroups.delete(s.fromSnapshot);
      await manila.waitFor.shareGroupDeleted(s.fromSnapshot, SLOW);
    });

    it('deletes the group snapshot', async () => {
      await manila.shareGroupSnapshots.delete(s.snapshot);
      await manila.waitFor.shareGroupSnapshotDeleted(s.snapshot, SLOW);
      expect((await manila.shareGroupSnapshots.listMembers(s.snapshot)).items).toEqual([]);
    });

    it('deletes the shares with their group id, from 2.31 (and Manila reads it below too)', async () => {
      recordBound('shares_delete share_group_id');
      const min = boundOf('shares_delete share_group_id');
      await at(min).shares.delete(s.shares[0], { share_group_id: s.group });
      // One version below, Manila still insists on the id and acts on it
      // (spec/shares.yaml says so): without it 400, with it the share goes.
      const below = { microversion: versionBelow(min) };
      const path = { share_id: s.shares[1] };
      await expect(manila.request('DELETE /shares/{share_id}', { params: { path } }, below)).rejects.toBeInstanceOf(BadRequestError);
      const { response } = await manila.request('DELETE /shares/{share_id}', { params: { path, query: { share_group_id: s.group } } }, below).withResponse();
      expect(response.status).toBe(202);
      for (const id of s.shares) await manila.waitFor.shareDeleted(id, SLOW);
    });

    it('deletes the emptied group, then the type', async () => {
      await manila.shareGroups.delete(s.group);
      await manila.waitFor.shareGroupDeleted(s.group, SLOW);
      expect(await manila.shareGroupTypes.delete(s.type)).toBeUndefined();
      await expect(manila.shareGroupTypes.show(s.type)).rejects.toBeInstanceOf(NotFoundError);
    });
  });
});

// QoS types and their specs (2.94+), resource locks (2.81+) and share
// transfers (2.77+) on a real Manila: every call answered with success, the
// effect checked, the refusals typed, the reads tried at every version they
// exist in, and the allow_access lock fields (2.82) seen through the locks.
import { inspect } from 'node:util';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  BadRequestError,
  ForbiddenError,
  MicroversionError,
  NotFoundError,
  type ManilaClient,
  type QosType,
  type QosTypesListQuery,
  type ResourceLock,
  type ResourceLocksListQuery,
  type Share,
  type ShareTransferCreated,
  type ShareTransfersListQuery,
} from '../../src/index.js';
import { bed, bedAuth, bedClient, Cleanup, FAST, rawManila, uniqueName, versionBelow } from './support/bed.js';
import { answerBoundVersions, boundOf, recordBound } from './support/bounds.js';
import { deleteQosType, deleteResourceLock, deleteShare, deleteShareTransfer, deleteShareType } from './support/resources.js';
import { operationUnit } from '../../scripts/operation-units.js';

// The bed is shared and slow under load (a first call with a new token has
// taken minutes there): calls, waits and tests get room.
vi.setConfig({ testTimeout: 300_000, hookTimeout: 300_000 });
// One admin login for every admin client of this file, pinned or not.
const SLOW_CALLS = { timeoutMs: 90_000, auth: bedAuth() };
const manila = bedClient(SLOW_CALLS);
const member = bedClient({ ...SLOW_CALLS, auth: bedAuth({ username: bed.member.username, password: bed.member.password, projectName: bed.member.project }) });
const cleanup = new Cleanup();
afterAll(() => cleanup.run());

let serverMin = '2.0';
let serverMax = '2.0';

beforeAll(async () => {
  const nv = await manila.microversion();
  serverMin = nv.serverMin!;
  serverMax = nv.serverMax!;
});

const WAIT = { ...FAST, maxWaitMs: 240_000 };

/** A share of the default type (no share network: transferable), available. */
async function newShare(client: ManilaClient, what: string) {
  const share = await client.shares.create({ share_proto: 'NFS', size: 1, name: uniqueName(what) });
  cleanup.add(`delete share ${share.id}`, () => deleteShare(manila, share.id));
  return client.waitFor.share(share.id, WAIT);
}

/** One client per pinned version, so each logs in and negotiates once. */
const pinnedClients = new Map<string, ManilaClient>();
function at(version: string): ManilaClient {
  let c = pinnedClients.get(version);
  if (!c) pinnedClients.set(version, (c = bedClient({ ...SLOW_CALLS, microversion: version })));
  return c;
}

/**
 * Calls `read` at every version where the operation's answer may change
 * shape (each checked against the spec), and refuses it below its range.
 */
async function readAcrossVersions(opKey: string, read: (m: ManilaClient) => Promise<unknown>) {
  const versions = answerBoundVersions(opKey, serverMin, serverMax);
  expect(versions.length).toBeGreaterThan(0);
  for (const v of versions) await read(at(v));
  const below = versionBelow(operationUnit(opKey).range.min!);
  await expect(read(at(below))).rejects.toBeInstanceOf(MicroversionError);
}

describe('QoS types and their specs', () => {
  const prefix = uniqueName('qos');
  const description = `QoS for ${prefix}`;
  let gold: QosType;
  let silver: QosType;

  beforeAll(async () => {
    gold = await manila.qosTypes.create({ name: `${prefix}-a`, description, specs: { max_iops: '1000', peak_iops: '2000' } });
    cleanup.add(`delete QoS type ${gold.id}`, () => deleteQosType(manila, gold.id));
    silver = await manila.qosTypes.create({ name: `${prefix}-b` });
    cleanup.add(`delete QoS type ${silver.id}`, () => deleteQosType(manila, silver.id));
  });

  it('are created as asked and shown', async () => {
    expect(gold).toMatchObject({ name: `${prefix}-a`, description, specs: { max_iops: '1000', peak_iops: '2000' }, updated_at: null });
    expect(silver).toMatchObject({ description: null, specs: {} });
    expect(await manila.qosTypes.show(gold.id)).toEqual(gold);
    expect((await manila.qosTypes.find(`${prefix}-a`)).id).toBe(gold.id);
  });

  it('are listed with filters, sorted and paged', async () => {
    const ids = async (q: QosTypesListQuery) => (await manila.qosTypes.list(q)).items.map((t) => t.id);
    expect(await ids({ name: `${prefix}-a` })).toEqual([gold.id]);
    expect(await ids({ 'name~': prefix, sort_key: 'name', sort_dir: 'desc' })).toEqual([silver.id, gold.id]);
    expect(await ids({ description })).toEqual([gold.id]);
    expect(await ids({ 'description~': prefix })).toEqual([gold.id]);
    expect(await ids({ id: silver.id, 'name~': prefix })).toEqual([silver.id]);
    expect(await ids({ 'name~': prefix, sort_key: 'name', sort_dir: 'asc', limit: 1, offset: 1 })).toEqual([silver.id]);
    const walked: string[] = [];
    for await (const t of manila.qosTypes.list({ 'name~': prefix, sort_key: 'name', sort_dir: 'asc', limit: 1 })) walked.push(t.name);
    expect(walked).toEqual([`${prefix}-a`, `${prefix}-b`]);
  });

  it('are read by any project and changed only by admins', async () => {
    expect((await member.qosTypes.show(gold.id)).specs).toEqual({ max_iops: '1000', peak_iops: '2000' });
    expect((await member.qosTypes.list({ name: `${prefix}-a` })).items.map((t) => t.id)).toEqual([gold.id]);
    await expect(member.qosTypes.create({ name: `${prefix}-member` })).rejects.toBeInstanceOf(ForbiddenError);
  });

  it('change their description only', async () => {
    const described = await manila.qosTypes.update(gold.id, { description: 'tier 2' });
    expect(described).toMatchObject({ id: gold.id, name: `${prefix}-a`, description: 'tier 2' });
    expect(described.updated_at).not.toBeNull();
    expect((await manila.qosTypes.update(gold.id, { description: null })).description).toBeNull();
  });

  it('keep specs: set and single updates echo what was sent', async () => {
    expect(await manila.qosTypeSpecs.get(gold.id)).toEqual({ max_iops: '1000', peak_iops: '2000' });
    expect(await manila.qosTypeSpecs.set(gold.id, { burst_iops: '3000' })).toEqual({ burst_iops: '3000' });
    expect(await manila.qosTypeSpecs.getItem(gold.id, 'max_iops')).toEqual({ max_iops: '1000' });
    expect(await manila.qosTypeSpecs.update(gold.id, 'max_iops', { max_iops: '1500' })).toEqual({ max_iops: '1500' });
    await manila.qosTypeSpecs.delete(gold.id, 'peak_iops');
    expect(await manila.qosTypeSpecs.get(gold.id)).toEqual({ max_iops: '1500', burst_iops: '3000' });
    expect((await manila.qosTypes.show(gold.id)).specs).toEqual({ max_iops: '1500', burst_iops: '3000' });
    await expect(manila.qosTypeSpecs.getItem(gold.id, 'peak_iops')).rejects.toBeInstanceOf(NotFoundError);
    await expect(manila.qosTypeSpecs.set(gold.id, { 'bad key!': '1' })).rejects.toBeInstanceOf(BadRequestError);
  });

  it('read at every version they exist in', async () => {
    await readAcrossVersions('qosTypes_list', (m) => m.qosTypes.list({ name: gold.name }));
    await readAcrossVersions('qosTypes_show', (m) => m.qosTypes.show(gold.id));
    await readAcrossVersions('qosTypeSpecs_get', (m) => m.qosTypeSpecs.get(gold.id));
    await readAcrossVersions('qosTypeSpecs_getItem', (m) => m.qosTypeSpecs.getItem(gold.id, 'max_iops'));
  });

  it('are deleted', async () => {
    await manila.qosTypes.delete(silver.id);
    await expect(manila.qosTypes.show(silver.id)).rejects.toBeInstanceOf(NotFoundError);
    expect(await manila.qosTypes.deleteIfExists(silver.id)).toBe(false);
  });

  it('cannot be deleted while a share of a type naming one as default_qos_type exists', async () => {
    const qos = await manila.qosTypes.create({ name: uniqueName('qos-used'), specs: { max_iops: '100' } });
    cleanup.add(`delete QoS type ${qos.id}`, () => deleteQosType(manila, qos.id));
    const type = await manila.shareTypes.create({ name: uniqueName('qos-type'), extra_specs: { driver_handles_share_servers: 'false', default_qos_type: qos.name } });
    cleanup.add(`delete share type ${type.id}`, () => deleteShareType(manila, type.id));
    const share = await manila.shares.create({ share_proto: 'NFS', size: 1, name: uniqueName('qos-share'), share_type: type.id });
    cleanup.add(`delete share ${share.id}`, () => deleteShare(manila, share.id));
    await manila.waitFor.share(share.id, { ...WAIT, until: ['available', 'error'] });

    const refused = await manila.qosTypes.delete(qos.id).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(BadRequestError);
    expect((refused as BadRequestError).status).toBe(400);
    expect((await manila.qosTypes.show(qos.id)).id).toBe(qos.id);

    await manila.shares.deleteAndWait(share.id, WAIT);
    await manila.qosTypes.delete(qos.id);
    await expect(manila.qosTypes.show(qos.id)).rejects.toBeInstanceOf(NotFoundError);
  });
});

describe('resource locks: a deletion lock on a share', () => {
  let share: Share;
  let lock: ResourceLock;
  const reason = `held by ${uniqueName('lock')}`;

  beforeAll(async () => {
    share = await newShare(manila, 'locked');
    lock = await manila.resourceLocks.create({ resource_id: share.id, resource_type: 'share', resource_action: 'delete', lock_reason: reason });
    cleanup.add(`delete resource lock ${lock.id}`, () => deleteResourceLock(manila, lock.id));
  });

  it('is held by the admin, in the admin\'s capacity', async () => {
    expect(lock).toMatchObject({ resource_id: share.id, resource_type: 'share', resource_action: 'delete', lock_reason: reason, lock_context: 'admin', updated_at: null });
    expect(await manila.resourceLocks.show(lock.id)).toEqual(lock);
  });

  it('needs resource_type: Manila 23 fails with 500 without it, so the spec requires it', async () => {
    const raw = await rawManila();
    const without = await raw('POST', '/resource-locks', '2.81', { body: { resource_lock: { resource_id: share.id, lock_reason: 'no type' } } });
    expect(without.status).toBe(500);
    expect((await manila.resourceLocks.list({ resource_id: share.id })).items.map((l) => l.id)).toEqual([lock.id]);
  });

  it('refuses the share\'s deletion with typed errors', async () => {
    const refused = await manila.shares.delete(share.id).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(ForbiddenError);
    expect((refused as ForbiddenError).serverMessage).toMatch(/lock.*prevent delete action/i);
    await expect(manila.shares.forceDelete(share.id)).rejects.toBeInstanceOf(BadRequestError);
    expect((await manila.shares.show(share.id)).status).toBe('available');
  });

  it('is found by every filter, counted and walked', async () => {
    const ids = async (q: ResourceLocksListQuery) => (await manila.resourceLocks.list({ resource_id: share.id, ...q })).items.map((l) => l.id);
    expect(await ids({})).toEqual([lock.id]);
    const minute = 60_000;
    const created = Date.parse(`${lock.created_at}Z`);
    for (const q of [
      { id: lock.id },
      { user_id: lock.user_id },
      { project_id: lock.project_id },
      { resource_type: 'share' as const },
      { resource_action: 'delete' as const },
      { lock_context: 'admin' as const },
      { lock_reason: reason },
      { 'lock_reason~': reason.slice(8) },
      { created_since: new Date(created - minute).toISOString(), created_before: new Date(created + minute).toISOString() },
      { all_projects: true },
      { sort_key: 'resource_action' as const, sort_dir: 'asc' as const, limit: 1, offset: 0 },
    ]) {
      expect(await ids(q), JSON.stringify(q)).toEqual([lock.id]);
    }
    for (const q of [{ lock_context: 'user' as const }, { resource_action: 'show' as const }, { created_before: new Date(created - minute).toISOString() }]) {
      expect(await ids(q), JSON.stringify(q)).toEqual([]);
    }
    expect((await manila.resourceLocks.list({ resource_id: share.id, with_count: true })).count).toBe(1);
    // Beware (spec): with nothing matching, count is left out rather than 0.
    expect((await manila.resourceLocks.list({ resource_id: share.id, lock_context: 'user', with_count: true })).count).toBeUndefined();
    const walked: string[] = [];
    for await (const l of manila.resourceLocks.list({ resource_id: share.id, limit: 1 })) walked.push(l.id);
    expect(walked).toEqual([lock.id]);
  });

  it('reads at every version locks exist in', async () => {
    await readAcrossVersions('resourceLocks_list', (m) => m.resourceLocks.list({ resource_id: share.id, with_count: true }));
    await readAcrossVersions('resourceLocks_show', (m) => m.resourceLocks.show(lock.id));
  });

  it('changes its reason, not its action to show', async () => {
    const updated = await manila.resourceLocks.update(lock.id, { lock_reason: 'audit' });
    expect(updated).toMatchObject({ id: lock.id, lock_reason: 'audit', resource_action: 'delete' });
    expect(updated.updated_at).not.toBeNull();
    expect((await manila.resourceLocks.update(lock.id, { lock_reason: null })).lock_reason).toBeNull();
    // Beware (spec): Manila 23 refuses every change of the action to show.
    await expect(manila.resourceLocks.update(lock.id, { resource_action: 'show' })).rejects.toBeInstanceOf(BadRequestError);
  });

  it('once removed, lets the share go', async () => {
    await manila.resourceLocks.delete(lock.id);
    await expect(manila.resourceLocks.show(lock.id)).rejects.toBeInstanceOf(NotFoundError);
    await manila.shares.deleteAndWait(share.id, WAIT);
  });
});

describe('resource locks on access rules and by members', () => {
  it('a visibility lock an admin placed hides a member\'s rule from the member until it is removed', async () => {
    const share = await newShare(member, 'hidden');
    const rule = await member.shares.allowAccess(share.id, { access_type: 'ip', access_to: '10.9.0.1', access_level: 'ro' });
    await member.waitFor.accessRule(rule.id, WAIT);
    const lock = await manila.resourceLocks.create({ resource_id: rule.id, resource_type: 'access_rule', resource_action: 'show', lock_reason: 'hide it' });
    cleanup.add(`delete resource lock ${lock.id}`, () => deleteResourceLock(manila, lock.id));
    expect(lock).toMatchObject({ resource_type: 'access_rule', resource_action: 'show', lock_context: 'admin' });

    expect((await member.accessRules.show(rule.id)).access_to).toBe('******');
    expect((await member.accessRules.list(share.id)).items.map((r) => r.access_to)).toEqual(['******']);
    expect((await manila.accessRules.show(rule.id)).access_to).toBe('10.9.0.1');
    // The lock lives in the admin's project: the member neither sees nor lifts it.
    await expect(member.resourceLocks.show(lock.id)).rejects.toBeInstanceOf(NotFoundError);
    await expect(member.resourceLocks.delete(lock.id)).rejects.toBeInstanceOf(NotFoundError);
    expect((await member.resourceLocks.list({ resource_id: rule.id })).items).toEqual([]);

    await manila.resourceLocks.delete(lock.id);
    expect((await member.accessRules.show(rule.id)).access_to).toBe('10.9.0.1');
  });

  it('a member locks its own share and lifts the lock itself', async () => {
    const share = await newShare(member, 'own-lock');
    const lock = await member.resourceLocks.create({ resource_id: share.id, resource_type: 'share' });
    cleanup.add(`delete resource lock ${lock.id}`, () => deleteResourceLock(manila, lock.id));
    expect(lock).toMatchObject({ lock_context: 'user', resource_action: 'delete', lock_reason: null, project_id: bed.member.projectId, user_id: bed.member.userId });
    await expect(member.shares.delete(share.id)).rejects.toBeInstanceOf(ForbiddenError);
    expect((await member.resourceLocks.list({ resource_id: share.id })).items.map((l) => l.id)).toEqual([lock.id]);
    // The admin's project holds no lock on it, but all_projects finds it.
    expect((await manila.resourceLocks.list({ resource_id: share.id })).items).toEqual([]);
    expect((await manila.resourceLocks.list({ resource_id: share.id, all_projects: true, project_id: bed.member.projectId })).items.map((l) => l.id)).toEqual([lock.id]);
    expect((await member.resourceLocks.update(lock.id, { lock_reason: 'mine' })).lock_reason).toBe('mine');
    await member.resourceLocks.delete(lock.id);
    await member.shares.delete(share.id);
    await manila.waitFor.shareDeleted(share.id, WAIT);
  });

  it('allow_access lock_visibility and lock_reason (2.82) place a visibility lock; below 2.82 they are ignored', async () => {
    recordBound('shares_action#allow_access lock_visibility');
    recordBound('shares_action#allow_access lock_reason');
    const min = boundOf('shares_action#allow_access lock_visibility');
    expect(boundOf('shares_action#allow_access lock_reason')).toBe(min);
    const share = await newShare(manila, 'rule-locks');
    const reason = `visibility ${uniqueName('r')}`;
    const atMin = at(min);

    // The locks are placed with the rule, before it is applied.
    const rule = await atMin.shares.allowAccess(share.id, { access_type: 'ip', access_to: '10.9.1.1', access_level: 'ro', lock_visibility: true, lock_reason: reason });
    const locks = (await manila.resourceLocks.list({ resource_id: rule.id })).items;
    expect(locks).toEqual([expect.objectContaining({ resource_type: 'access_rule', resource_action: 'show', lock_reason: reason, lock_context: 'admin' })]);
    // A reason without a lock is refused from 2.82 on: the field is read.
    await expect(atMin.shares.allowAccess(share.id, { access_type: 'ip', access_to: '10.9.1.3', lock_reason: reason })).rejects.toBeInstanceOf(BadRequestError);

    // Raw, since the SDK refuses the fields below their bound (a fresh token: they live 120 s).
    const raw = await rawManila();
    const old = await raw('POST', `/shares/${share.id}/action`, versionBelow(min), {
      body: { allow_access: { access_type: 'ip', access_to: '10.9.1.2', access_level: 'ro', lock_visibility: true, lock_reason: reason } },
    });
    expect(old.status).toBe(200);
    const oldId = old.body.access.id as string;
    expect((await manila.resourceLocks.list({ resource_id: oldId })).items).toEqual([]);
    expect((await manila.resourceLocks.list({ lock_reason: reason })).items.map((l) => l.resource_id)).toEqual([rule.id]);

    // A visibility lock does not keep a rule: the rule's locks go with it.
    await Promise.all([rule.id, oldId].map((id) => manila.waitFor.accessRule(id, WAIT)));
    for (const id of [rule.id, oldId]) await manila.shares.denyAccess(share.id, { access_id: id });
    await Promise.all([rule.id, oldId].map((id) => manila.waitFor.accessRuleDeleted(id, WAIT)));
    expect((await manila.resourceLocks.list({ resource_id: rule.id })).items).toEqual([]);
  });
});

describe('share transfers: an offer cancelled', () => {
  let share: Share;
  let transfer: ShareTransferCreated;
  const name = uniqueName('transfer');

  beforeAll(async () => {
    share = await newShare(manila, 'offered');
  });

  it('answers 202 with a one-time key that is readable but never shown', async () => {
    const { data, response } = await manila.shareTransfers.create({ share_id: share.id, name }).withResponse();
    transfer = data;
    cleanup.add(`delete share transfer ${transfer.id}`, () => deleteShareTransfer(manila, transfer.id));
    expect(response.status).toBe(202);
    expect(transfer).toMatchObject({ name, resource_type: 'share', resource_id: share.id, accepted: false, destination_project_id: null });
    const key = transfer.auth_key;
    expect(key).toMatch(/^[0-9a-f]{16,}$/);
    expect(JSON.stringify(transfer)).not.toContain(key);
    expect(inspect(transfer, { depth: 5 })).not.toContain(key);
    // A server that echoes the key back (here as an id it cannot find) gets it scrubbed.
    const echoed = (await manila.qosTypes.show(key).catch((e: unknown) => e)) as NotFoundError;
    expect(echoed).toBeInstanceOf(NotFoundError);
    expect(echoed.serverMessage).toContain('[REDACTED]');
    for (const text of [echoed.message, echoed.serverMessage, JSON.stringify(echoed.body), inspect(echoed)]) expect(text).not.toContain(key);
    expect((await manila.shares.show(share.id)).status).toBe('awaiting_transfer');
  });

  it('is shown and listed, with filters', async () => {
    const shown = await manila.shareTransfers.show(transfer.id);
    expect(shown).toEqual(JSON.parse(JSON.stringify(transfer)));
    expect(Object.prototype.hasOwnProperty.call(shown, 'auth_key')).toBe(false);
    const ids = async (q: ShareTransfersListQuery) => (await manila.shareTransfers.list(q)).items.map((t) => t.id);
    expect(await ids({ resource_id: share.id })).toEqual([transfer.id]);
    for (const q of [
      { name },
      { 'name~': name.slice(6) },
      { id: transfer.id },
      { resource_type: 'share' as const, resource_id: share.id },
      { all_tenants: true, resource_id: share.id },
      { all_tenants: true, source_project_id: transfer.source_project_id, name },
      { sort_key: 'display_name' as const, sort_dir: 'asc' as const, name, limit: 1, offset: 0 },
    ]) {
      expect(await ids(q), JSON.stringify(q)).toEqual([transfer.id]);
    }
    expect(await ids({ name, destination_project_id: bed.member.projectId })).toEqual([]);
    expect((await manila.shareTransfers.listDetail({ name })).items).toEqual([shown]);
    const walked: string[] = [];
    for await (const t of manila.shareTransfers.listDetail({ resource_id: share.id, limit: 1 })) walked.push(t.id);
    expect(walked).toEqual([transfer.id]);
  });

  it('reads at every version transfers exist in', async () => {
    await readAcrossVersions('shareTransfers_list', (m) => m.shareTransfers.list({ resource_id: share.id }));
    await readAcrossVersions('shareTransfers_listDetail', (m) => m.shareTransfers.listDetail({ resource_id: share.id }));
    await readAcrossVersions('shareTransfers_show', (m) => m.shareTransfers.show(transfer.id));
  });

  it('is invisible to the receiving project, which cannot take it with a wrong key', async () => {
    await expect(member.shareTransfers.show(transfer.id)).rejects.toBeInstanceOf(NotFoundError);
    expect((await member.shareTransfers.list({ resource_id: share.id })).items).toEqual([]);
    await expect(member.shareTransfers.accept(transfer.id, { auth_key: '0000000000000000' })).rejects.toBeInstanceOf(BadRequestError);
  });

  it('once cancelled (200), gives the share back at once', async () => {
    const cancelled = await manila.shareTransfers.delete(transfer.id).withResponse();
    expect(cancelled.response.status).toBe(200);
    expect((await manila.shares.show(share.id)).status).toBe('available');
    await expect(manila.shareTransfers.show(transfer.id)).rejects.toBeInstanceOf(NotFoundError);
  });
});

describe('share transfers: an offer accepted', () => {
  it('hands the share to the project that gives the key', async () => {
    const share = await newShare(manila, 'handed');
    const transfer = await manila.shareTransfers.create({ share_id: share.id });
    cleanup.add(`delete share transfer ${transfer.id}`, () => deleteShareTransfer(manila, transfer.id));
    expect(transfer.name).toBeNull();
    const accepted = await member.shareTransfers.accept(transfer.id, { auth_key: transfer.auth_key, clear_access_rules: true }).withResponse();
    expect(accepted.response.status).toBe(202);
    expect(accepted.data).toBeUndefined();
    const theirs = await member.shares.show(share.id);
    expect(theirs).toMatchObject({ status: 'available', project_id: bed.member.projectId });
    await expect(manila.shareTransfers.show(transfer.id)).rejects.toBeInstanceOf(NotFoundError);
    expect((await manila.shareTransfers.list({ resource_id: share.id, all_tenants: true })).items).toEqual([]);
  });
});

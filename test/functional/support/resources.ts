// Deleting what a test made, waiting until it is really gone, whatever state
// it was left in. A 404 means someone (or the test) already removed it.
import { NotFoundError, type ManilaClient } from '../../../src/index.js';
import { FAST } from './bed.js';

async function ignoreNotFound(p: Promise<unknown>): Promise<boolean> {
  try {
    await p;
    return true;
  } catch (err) {
    if (err instanceof NotFoundError) return false;
    throw err;
  }
}

export async function deleteShare(manila: ManilaClient, id: string): Promise<void> {
  let share;
  try {
    share = await manila.shares.show(id);
  } catch (err) {
    if (err instanceof NotFoundError) return;
    throw err;
  }
  if (share.is_soft_deleted) await manila.shares.restore(id);
  // A share stuck in a transitional or error state needs the admin hammer.
  const settled = ['available', 'error', 'inactive'].includes(String(share.status));
  if (settled && (await ignoreNotFound(manila.shares.delete(id)))) {
    await manila.waitFor.shareDeleted(id, FAST);
    return;
  }
  if (await ignoreNotFound(manila.shares.forceDelete(id))) await manila.waitFor.shareDeleted(id, FAST);
}

export async function deleteSnapshot(manila: ManilaClient, id: string): Promise<void> {
  if (!(await ignoreNotFound(manila.snapshots.delete(id)))) return;
  await manila.waitFor.snapshotDeleted(id, FAST);
}

export async function deleteShareType(manila: ManilaClient, id: string): Promise<void> {
  await ignoreNotFound(manila.shareTypes.delete(id));
}

/**
 * A share replica, gone. The share's active replica is left to the share's
 * own deletion (Manila never deletes the last active replica).
 */
export async function deleteShareReplica(manila: ManilaClient, id: string): Promise<void> {
  let replica;
  try {
    replica = await manila.shareReplicas.show(id);
  } catch (err) {
    if (err instanceof NotFoundError) return;
    throw err;
  }
  if (replica.replica_state === 'active') return;
  const settled = ['available', 'error'].includes(replica.status);
  const started = settled ? await ignoreNotFound(manila.shareReplicas.delete(id)) : await ignoreNotFound(manila.shareReplicas.forceDelete(id));
  if (started) await manila.waitFor.shareReplicaDeleted(id, FAST);
}

/** The user messages Manila wrote about a resource (a replica that failed, say). */
export async function deleteMessagesAbout(manila: ManilaClient, resourceId: string): Promise<void> {
  for (const m of (await manila.messages.list({ resource_id: resourceId })).items) await ignoreNotFound(manila.messages.delete(m.id));
}

/**
 * A share network goes at once, but only with one subnet left (409 with
 * more): the extra subnets go first. Its shares must be gone already.
 */
export async function deleteShareNetwork(manila: ManilaClient, id: string): Promise<void> {
  let net;
  try {
    net = await manila.shareNetworks.show(id);
  } catch (err) {
    if (err instanceof NotFoundError) return;
    throw err;
  }
  for (const subnet of (net.share_network_subnets ?? []).slice(1)) await ignoreNotFound(manila.shareNetworkSubnets.delete(id, subnet.id));
  await ignoreNotFound(manila.shareNetworks.delete(id));
}

/** A security service goes at once; a 403 means a share network still has it. */
export async function deleteSecurityService(manila: ManilaClient, id: string): Promise<void> {
  await ignoreNotFound(manila.securityServices.delete(id));
}

export async function deleteQosType(manila: ManilaClient, id: string): Promise<void> {
  await ignoreNotFound(manila.qosTypes.delete(id));
}

export async function deleteResourceLock(manila: ManilaClient, id: string): Promise<void> {
  await ignoreNotFound(manila.resourceLocks.delete(id));
}

/** Cancels an offer nobody accepted; the share is `available` again at once. */
export async function deleteShareTransfer(manila: ManilaClient, id: string): Promise<void> {
  await ignoreNotFound(manila.shareTransfers.delete(id));
}

const SETTLED = ['available', 'error'];
/** Deletions of grouped resources queue behind the share manager's other work: more room than FAST. */
const GROUP_WAIT = { ...FAST, maxWaitMs: 180_000 };

/**
 * Waits a grouped resource out of its transitional state and deletes it;
 * only one still stuck gets the admin's force_delete (which leaks the
 * project's group quotas in Manila 23). Then waits until it is gone.
 */
async function settleAndDelete<T extends { status?: unknown }>(r: {
  show: () => Promise<T>;
  settle: () => Promise<T>;
  remove: (found: T) => Promise<unknown>;
  force: () => Promise<unknown>;
  gone: () => Promise<unknown>;
}): Promise<void> {
  let found: T;
  try {
    found = await r.show();
  } catch (err) {
    if (err instanceof NotFoundError) return;
    throw err;
  }
  if (!SETTLED.includes(String(found.status))) found = await r.settle().catch(() => found);
  if (SETTLED.includes(String(found.status)) && (await ignoreNotFound(r.remove(found)))) {
    await r.gone();
    return;
  }
  if (await ignoreNotFound(r.force())) await r.gone();
}

/**
 * A share inside a share group: Manila refuses its deletion without the
 * group's id (`?share_group_id=`).
 */
export async function deleteGroupShare(manila: ManilaClient, id: string): Promise<void> {
  await settleAndDelete({
    show: () => manila.shares.show(id),
    settle: () => manila.waitFor.share(id, { ...GROUP_WAIT, until: SETTLED }),
    remove: (share) => manila.shares.delete(id, share.share_group_id ? { share_group_id: share.share_group_id } : {}),
    force: () => manila.shares.forceDelete(id),
    gone: () => manila.waitFor.shareDeleted(id, GROUP_WAIT),
  });
}

/** A share group snapshot. */
export async function deleteShareGroupSnapshot(manila: ManilaClient, id: string): Promise<void> {
  await settleAndDelete({
    show: () => manila.shareGroupSnapshots.show(id),
    settle: () => manila.waitFor.shareGroupSnapshot(id, { ...GROUP_WAIT, until: SETTLED }),
    remove: () => manila.shareGroupSnapshots.delete(id),
    force: () => manila.shareGroupSnapshots.forceDelete(id),
    gone: () => manila.waitFor.shareGroupSnapshotDeleted(id, GROUP_WAIT),
  });
}

/** A share group, once its shares and group snapshots are gone (Manila refuses otherwise). */
export async function deleteShareGroup(manila: ManilaClient, id: string): Promise<void> {
  await settleAndDelete({
    show: () => manila.shareGroups.show(id),
    settle: () => manila.waitFor.shareGroup(id, { ...GROUP_WAIT, until: SETTLED }),
    remove: () => manila.shareGroups.delete(id),
    force: () => manila.shareGroups.forceDelete(id),
    gone: () => manila.waitFor.shareGroupDeleted(id, GROUP_WAIT),
  });
}

export async function deleteShareGroupType(manila: ManilaClient, id: string): Promise<void> {
  await ignoreNotFound(manila.shareGroupTypes.delete(id));
}

/**
 * A share backup: only `available` and `error` ones can be deleted, so one
 * left in between (creating, restoring, deleting) gets the admin's reset first.
 */
export async function deleteShareBackup(manila: ManilaClient, id: string): Promise<void> {
  let backup;
  try {
    backup = await manila.shareBackups.show(id);
  } catch (err) {
    if (err instanceof NotFoundError) return;
    throw err;
  }
  if (!['available', 'error'].includes(String(backup.status))) await manila.shareBackups.resetStatus(id, { status: 'error' });
  if (await ignoreNotFound(manila.shareBackups.delete(id))) await manila.waitFor.shareBackupDeleted(id, FAST);
}

const MIGRATION_ENDED = ['migration_success', 'migration_error', 'migration_cancelled', 'data_copying_error', 'data_copying_cancelled'];
const MIGRATION_CANCELLABLE = ['migration_driver_in_progress', 'migration_driver_phase1_done', 'data_copying_in_progress', 'data_copying_completed'];

/**
 * A share that may be in the middle of a migration: the migration is
 * cancelled (once it can be) and waited out, then the share is deleted.
 * Never force-deleted while it migrates: Manila 23 deletes its two instances
 * at once and can leave a share without instances that it can neither show
 * nor delete.
 */
export async function deleteMigratingShare(manila: ManilaClient, id: string): Promise<void> {
  const started = Date.now();
  let cancelledAt: string | undefined;
  for (;;) {
    let share;
    try {
      share = await manila.shares.show(id);
    } catch (err) {
      if (err instanceof NotFoundError) return;
      throw err;
    }
    const task = share.task_state ?? '';
    if (share.status !== 'migrating' && (!task || MIGRATION_ENDED.includes(task))) break;
    if (MIGRATION_CANCELLABLE.includes(task) && cancelledAt !== task) {
      cancelledAt = task;
      await manila.shares.migrationCancel(id).catch(() => undefined);
    }
    if (Date.now() - started > 300_000) {
      throw new Error(`share ${id} is still migrating (status ${share.status}, task_state ${share.task_state}); left for a person to look at`);
    }
    await new Promise((r) => setTimeout(r, 3000));
  }
  await deleteShare(manila, id);
}

/** A share and every backup of it (a share with backups cannot be deleted), migrating or not. */
export async function deleteShareWithBackups(manila: ManilaClient, id: string): Promise<void> {
  let backups;
  try {
    // all_tenants: an admin deleting another project's share (dropped for others).
    backups = (await manila.shareBackups.listDetail({ share_id: id, all_tenants: true })).items;
  } catch (err) {
    // The backup list answers 400 for a share that is gone.
    if (err instanceof NotFoundError || (err as { status?: number }).status === 400) return deleteMigratingShare(manila, id);
    throw err;
  }
  for (const b of backups) await deleteShareBackup(manila, b.id);
  await deleteMigratingShare(manila, id);
}

/**
 * Deletes a share server whatever state it was left in. Manila deletes only
 * `active` and `error` servers, and its delete call leaves the status as it
 * is until the share service takes over, so a server is first reset to
 * `active` (a wait for the deletion would otherwise fail at once on a server
 * still showing `error` or `inactive`).
 */
export async function deleteShareServer(manila: ManilaClient, id: string): Promise<void> {
  let server;
  try {
    server = await manila.shareServers.show(id);
  } catch (err) {
    if (err instanceof NotFoundError) return;
    throw err;
  }
  if (server.status !== 'active') await manila.shareServers.resetStatus(id, { status: 'active' });
  if (await ignoreNotFound(manila.shareServers.delete(id))) await manila.waitFor.shareServerDeleted(id, FAST);
}

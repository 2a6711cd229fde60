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

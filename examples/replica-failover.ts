// Fail a replicated share over to one of its replicas: take the replica
// given, or else an in-sync replica that is not the active one, promote it,
// wait until it is the active replica, and print where the share is served
// from now. Run against the local test bed, or any cloud with OS_CLOUD:
//   npx tsx examples/replica-failover.ts <share-id> [<replica-id>]
import { pathToFileURL } from 'node:url';
import { createManilaClient, type ManilaClient, type ShareReplica } from '../src/index.js';
import { exampleCloud } from './env.js';

export interface Failover {
  /** The replica that is active now. */
  replica: ShareReplica;
  /** What clients mount from now on (the preferred export path first). */
  paths: string[];
}

export async function failover(manila: ManilaClient, shareId: string, replicaId?: string): Promise<Failover> {
  // Every replica of the share, with its state (the share's first page is all of them).
  const replicas = (await manila.shareReplicas.listDetail({ share_id: shareId })).items;
  const target = replicaId
    ? replicas.find((r) => r.id === replicaId)
    : replicas.find((r) => r.replica_state === 'in_sync' && r.status === 'available');
  if (!target) throw new Error(replicaId ? `share ${shareId} has no replica ${replicaId}` : `share ${shareId} has no in-sync replica to fail over to`);

  if (target.replica_state !== 'active') {
    // Manila answers at once (the replica is in `replication_change`); the
    // back end does the switch. Then wait until this replica is the active one.
    await manila.shareReplicas.promote(target.id);
  }
  const replica = await manila.waitFor.shareReplica(target.id, { until: { replica_state: 'active' }, maxDelayMs: 5_000, maxWaitMs: 10 * 60_000 });

  // The active replica's export locations are where clients mount the share
  // now (admins also see the ones reachable only from the admin network).
  const locations = (await manila.shareReplicaExportLocations.list(replica.id)).items.filter((l) => !l.is_admin_only);
  const paths = locations.sort((a, b) => Number(b.preferred) - Number(a.preferred)).map((l) => l.path);
  return { replica, paths };
}

// Run as a script (not when imported by a test).
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const [shareId, replicaId] = process.argv.slice(2);
  if (!shareId) {
    console.error('usage: npx tsx examples/replica-failover.ts <share-id> [<replica-id>]');
    process.exit(2);
  }
  const manila = createManilaClient(await exampleCloud());
  const { replica, paths } = await failover(manila, shareId, replicaId);
  console.log(`share ${shareId} is served by replica ${replica.id} in ${replica.availability_zone ?? 'its zone'}${replica.host ? ` (${replica.host})` : ''}`);
  for (const path of paths) console.log(`  mount ${path}`);
}

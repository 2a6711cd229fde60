// Drain a back end before maintenance: move every share server on it (and
// with them their shares and snapshots) to another back end, one server at a
// time, with Manila's share server migration. Admin only; the migration API
// is experimental and needs microversion 2.57 or later (the SDK sends the
// experimental header by itself).
//
//   npx tsx examples/drain-backend.ts <from host@backend> <to host@backend> [share network id]
//   DRAIN_FROM=cloud@netapp1 DRAIN_TO=cloud@netapp2 npx tsx examples/drain-backend.ts
//
// The share network (or DRAIN_SHARE_NETWORK) limits the drain to that
// network's servers. The cloud: OS_CLOUD with clouds.yaml, or the OS_*
// variables, else the local test bed.
import { realpathSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { createManilaClient, type ManilaClient } from '../src/index.js';
import { exampleCloud } from './env.js';

export interface DrainOptions {
  from: string;
  to: string;
  shareNetworkId?: string;
  /** How long one server may take, in ms (default an hour). */
  maxWaitMs?: number;
  log?: (line: string) => void;
}

export interface DrainOutcome {
  server: string;
  outcome: 'moved' | 'skipped' | 'failed';
  /** The server that now holds the shares, for those moved. */
  destination?: string;
  reason?: string;
}

export async function drainBackend(manila: ManilaClient, opts: DrainOptions): Promise<DrainOutcome[]> {
  const log = opts.log ?? console.log;
  const wait = { maxWaitMs: opts.maxWaitMs ?? 3_600_000 };
  const outcomes: DrainOutcome[] = [];

  // Manila 23 cannot combine `host` with a share network filter (it answers
  // 500), so the share network is picked out here.
  const { items: onHost } = await manila.shareServers.list({ host: opts.from });
  const servers = onHost.filter((s) => !opts.shareNetworkId || s.share_network_id === opts.shareNetworkId);
  for (const server of servers) {
    // Only an active server can be migrated; leave the others to a human.
    if (server.status !== 'active') {
      outcomes.push({ server: server.id, outcome: 'skipped', reason: `status ${server.status}` });
      continue;
    }
    // Keep the shares writable and their snapshots; stay on the same share
    // network (null). Nondisruptive moves are rare: don't ask for one.
    const options = { host: opts.to, writable: true, nondisruptive: false, preserve_snapshots: true };
    try {
      // 1. Ask first: nothing changes, and an incompatible destination says so.
      const check = await manila.shareServers.migrationCheck(server.id, { ...options, new_share_network_id: null });
      if (!check.compatible) {
        outcomes.push({ server: server.id, outcome: 'skipped', reason: `${opts.to} cannot take it with these options` });
        continue;
      }
      // 2. Start, and wait for the first phase: the data is copied, clients still use the source.
      log(`${server.id}: migrating to ${opts.to}`);
      await manila.shareServers.migrationStart(server.id, options);
      await manila.waitFor.shareServerMigration(server.id, { ...wait, until: 'migration_driver_phase1_done' });
      // 3. Complete: the cut-over. Manila answers with the destination server.
      const { destination_share_server_id: destination } = await manila.shareServers.migrationComplete(server.id);
      await manila.waitFor.shareServerMigration(destination, { ...wait, until: 'migration_success' });
      await manila.waitFor.shareServer(destination, wait);
      log(`${server.id}: now ${destination}`);
      outcomes.push({ server: server.id, outcome: 'moved', destination });
    } catch (err) {
      // A refused check (a server without shares, a share busy or replicated)
      // or a failed migration: note it and go on with the next server.
      outcomes.push({ server: server.id, outcome: 'failed', reason: (err as Error).message });
    }
  }

  for (const o of outcomes) log(`${o.outcome.padEnd(7)} ${o.server}${o.destination ? ` -> ${o.destination}` : ''}${o.reason ? `: ${o.reason}` : ''}`);
  const moved = outcomes.filter((o) => o.outcome === 'moved').length;
  log(`${moved} of ${outcomes.length} share servers moved from ${opts.from} to ${opts.to}`);
  return outcomes;
}

// Run from the command line (not when imported).
if (process.argv[1] && import.meta.url === pathToFileURL(realpathSync(process.argv[1])).href) {
  const [from = process.env.DRAIN_FROM, to = process.env.DRAIN_TO, shareNetworkId = process.env.DRAIN_SHARE_NETWORK] = process.argv.slice(2);
  if (!from || !to) {
    console.error('usage: drain-backend.ts <from host@backend> <to host@backend> [share network id] (or DRAIN_FROM, DRAIN_TO, DRAIN_SHARE_NETWORK)');
    process.exit(2);
  }
  const outcomes = await drainBackend(createManilaClient(await exampleCloud()), { from, to, shareNetworkId });
  process.exitCode = outcomes.some((o) => o.outcome !== 'moved') ? 1 : 0;
}

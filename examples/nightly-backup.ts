// Nightly share backups with a retention policy: back up every share whose
// name contains a text (or that carries a metadata item), then delete that
// share's older backups, keeping the newest N or those younger than an age.
//
//   npx tsx examples/nightly-backup.ts --name web --keep 7
//   npx tsx examples/nightly-backup.ts --metadata backup=nightly --max-age 7d
//
// It runs against OS_CLOUD (clouds.yaml) or the OS_* variables, else the local
// test bed. Share backups are experimental in Manila (2.80+): the SDK sends
// the experimental header itself.
import { parseArgs } from 'node:util';
import { pathToFileURL } from 'node:url';
import { createManilaClient, type ManilaClient, type ShareBackup } from '../src/index.js';
import { exampleCloud } from './env.js';

export interface NightlyOptions {
  /** Back up the shares whose name contains this text... */
  name?: string;
  /** ...or those that carry all of these metadata items. */
  metadata?: Record<string, string>;
  /** Keep the newest `keep` backups of each share (the new one counts)... */
  keep?: number;
  /** ...or delete the backups older than this many milliseconds. */
  maxAgeMs?: number;
  /**
   * Handed to the share driver as `backup_options`. Manila makes the backup
   * through the data service when there are none, which needs a backup
   * driver set up by the operator; with them, the share's own driver does it.
   * All available backups of a share must have the same type.
   */
  backupType?: string;
  /** How the waits poll (the defaults wait up to 30 minutes per backup). */
  wait?: { minDelayMs?: number; maxDelayMs?: number; maxWaitMs?: number };
  log?: (line: string) => void;
}

export interface ShareReport {
  shareId: string;
  /** The backup made by this run. */
  created: string;
  /** Older backups deleted by the retention policy. */
  deleted: string[];
  /** Backups kept, newest first (the new one included). */
  kept: string[];
}

/** Manila's timestamps are UTC without a zone: `2026-01-01T00:00:00.000000`. */
const timeOf = (b: ShareBackup) => Date.parse(/[zZ]|[+-]\d\d:?\d\d$/.test(b.created_at) ? b.created_at : `${b.created_at}Z`);

export async function nightlyBackup(manila: ManilaClient, o: NightlyOptions): Promise<ShareReport[]> {
  if (!o.name && !o.metadata) throw new Error('say which shares: a name filter or metadata');
  if ((o.keep === undefined) === (o.maxAgeMs === undefined)) throw new Error('give a retention: keep a count or a maximum age');
  if (o.keep !== undefined && o.keep < 1) throw new Error('keep at least the new backup');
  const log = o.log ?? console.log;
  const reports: ShareReport[] = [];

  // `name~` matches part of the name, `metadata` every item given; a walk sees every page.
  const filters = { ...(o.name ? { 'name~': o.name } : {}), ...(o.metadata ? { metadata: o.metadata } : {}) };
  for await (const share of manila.shares.listDetail(filters)) {
    if (share.status !== 'available') {
      log(`skip ${share.id} (${share.name}): ${share.status}`);
      continue;
    }
    // One share at a time: the share is busy (backup_creating) until its backup is made.
    const stamp = new Date().toISOString().slice(0, 16).replace(/[-:]/g, '');
    const made = await manila.shareBackups.create({
      share_id: share.id,
      name: `${share.name ?? share.id}-${stamp}`,
      backup_options: { backup_type: o.backupType ?? 'nightly' },
    });
    // A failed backup ends the run: nothing old is deleted without a new one.
    await manila.waitFor.shareBackup(made.id, o.wait);
    log(`backed up ${share.id} (${share.name}) as ${made.id}`);

    // This share's finished backups, newest first. Those still being made
    // or in error are left alone.
    const backups: ShareBackup[] = [];
    for await (const b of manila.shareBackups.listDetail({ share_id: share.id, status: 'available', sort_key: 'created_at', sort_dir: 'desc' })) {
      backups.push(b);
    }
    const cutoff = Date.now() - (o.maxAgeMs ?? 0);
    const expired = backups.filter((b, i) =>
      b.id !== made.id && (o.keep !== undefined ? i >= o.keep : timeOf(b) < cutoff),
    );
    for (const b of expired) {
      await manila.shareBackups.deleteAndWait(b.id, o.wait);
      log(`deleted ${b.id} (${b.name}, made ${b.created_at})`);
    }
    reports.push({ shareId: share.id, created: made.id, deleted: expired.map((b) => b.id), kept: backups.filter((b) => !expired.includes(b)).map((b) => b.id) });
  }
  return reports;
}

/** `90s`, `30m`, `12h`, `7d` in milliseconds. */
export function parseAge(text: string): number {
  const m = /^(\d+)([smhd])$/.exec(text);
  if (!m) throw new Error(`--max-age takes a number and s, m, h or d (7d), not "${text}"`);
  return Number(m[1]) * { s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 }[m[2] as 's' | 'm' | 'h' | 'd'];
}

// Run from the command line (not when imported by a test).
if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const { values } = parseArgs({
    options: {
      name: { type: 'string' },
      metadata: { type: 'string', multiple: true },
      keep: { type: 'string' },
      'max-age': { type: 'string' },
      'backup-type': { type: 'string' },
    },
  });
  const metadata = values.metadata?.length
    ? Object.fromEntries(
        values.metadata.map((kv) => {
          const at = kv.indexOf('=');
          if (at < 1) throw new Error(`--metadata takes key=value, not "${kv}"`);
          return [kv.slice(0, at), kv.slice(at + 1)];
        }),
      )
    : undefined;
  const manila = createManilaClient(await exampleCloud());
  const reports = await nightlyBackup(manila, {
    name: values.name,
    metadata,
    keep: values.keep === undefined ? undefined : Number(values.keep),
    maxAgeMs: values['max-age'] === undefined ? undefined : parseAge(values['max-age']),
    backupType: values['backup-type'],
  });
  console.log(JSON.stringify(reports));
}

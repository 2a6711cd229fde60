// Print a project's quota usage as a table: for each resource its limit,
// what is in use and what requests in flight hold reserved.
//
//   npx tsx examples/quota-report.ts              # the project you are logged in to
//   npx tsx examples/quota-report.ts <project-id> # another project (admins only)
//
// It talks to the cloud of OS_CLOUD (clouds.yaml) or the OS_* variables, else
// the local test bed. Needs microversion 2.25 (the quota set detail).
import { pathToFileURL } from 'node:url';
import { createManilaClient, KeystoneAuth, type ManilaClient, type ManilaClientOptions, type QuotaUsage } from '../src/index.js';
import { exampleCloud } from './env.js';

export interface QuotaRow {
  resource: string;
  /** -1 means unlimited. */
  limit: number;
  inUse: number;
  reserved: number;
}

/** One row per resource of the project's quota set detail, in Manila's order. */
export async function quotaRows(manila: ManilaClient, projectId: string): Promise<QuotaRow[]> {
  const detail = await manila.quotaSets.showDetail(projectId);
  const rows: QuotaRow[] = [];
  // Every key but `id` (the project) is a resource; which ones depends on the microversion.
  for (const [resource, usage] of Object.entries(detail) as Array<[string, QuotaUsage | string]>) {
    if (typeof usage !== 'object') continue;
    rows.push({ resource, limit: usage.limit, inUse: usage.in_use, reserved: usage.reserved });
  }
  return rows;
}

/** The rows as a plain-text table; -1 reads `unlimited`. */
export function formatTable(projectId: string, rows: QuotaRow[]): string {
  const header = ['resource', 'limit', 'in use', 'reserved'];
  const cells = rows.map((r) => [r.resource, r.limit < 0 ? 'unlimited' : String(r.limit), String(r.inUse), String(r.reserved)]);
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i].length)));
  // The resource name left-aligned, the numbers right-aligned.
  const line = (c: string[]) => c.map((v, i) => (i === 0 ? v.padEnd(widths[i]) : v.padStart(widths[i]))).join('  ');
  return [`quota usage of project ${projectId}`, line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...cells.map(line)].join('\n');
}

/** The printed report of one project. */
export async function report(manila: ManilaClient, projectId: string): Promise<string> {
  return formatTable(projectId, await quotaRows(manila, projectId));
}

/**
 * The project the caller is logged in to. Manila does not say, so ask
 * Keystone about our own token.
 */
export async function ownProjectId(options: ManilaClientOptions): Promise<string> {
  const auth = options.auth;
  if (!(auth instanceof KeystoneAuth)) throw new Error('give the project id: without Keystone we cannot tell whose token this is');
  const token = await auth.getToken();
  const res = await fetch(`${auth.authUrl}/auth/tokens`, { headers: { 'X-Auth-Token': token, 'X-Subject-Token': token } });
  if (!res.ok) throw new Error(`Keystone answered ${res.status} when asked about our own token`);
  const body = (await res.json()) as { token?: { project?: { id?: string } } };
  const id = body.token?.project?.id;
  if (!id) throw new Error('the token is not scoped to a project: give the project id');
  return id;
}

/** Builds the report for the project in `args[0]`, or the caller's own. */
export async function main(args: string[] = process.argv.slice(2)): Promise<string> {
  const options = await exampleCloud();
  const manila = createManilaClient(options);
  const projectId = args[0] ?? (await ownProjectId(options));
  return report(manila, projectId);
}

// Run as a script (not when a test imports it).
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  console.log(await main());
}

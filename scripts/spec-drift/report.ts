// What a drift run found, as data; the Markdown report a maintainer turns
// into spec edits; and the exit code (0 no drift, 1 drift; 2, for usage and
// connection errors, is the command's).
import type { VersionNote } from './version-history.js';

export interface FieldFinding {
  operation: string;
  /** `share.new_field`, `shares[].new_field`. */
  path: string;
}

export interface DriftResult {
  endpoint: string;
  spec: { path: string; max: string };
  server: { min: string; max: string };
  /** The version the calls were made at (the server's maximum) and the one answers were judged at. */
  calledAt: string;
  judgedAt: string;
  /** Versions the server offers beyond the spec's maximum. */
  newVersions: string[];
  /** Operations that answered with success, with how many answers were judged. */
  called: Array<{ operation: string; answers: number }>;
  unknownFields: FieldFinding[];
  missingFields: FieldFinding[];
  /** Other disagreements with the spec (types, formats, enums, statuses). */
  mismatches: Array<{ operation: string; text: string }>;
  filtersTried: number;
  /** Filters the server refused with 400. */
  rejectedFilters: Array<{ operation: string; filter: string; value: string; message: string }>;
  /** Filters answered with another failure (a lookup of the probe value, say); not counted as drift. */
  otherFilterFailures: Array<{ operation: string; filter: string; value: string; status: number; message: string }>;
  /** Calls that failed; not counted as drift (see the notes). */
  failedCalls: Array<{ operation: string; path: string; status: number; message: string }>;
  skipped: Array<{ operation: string; reason: string }>;
  /** With a Manila source checkout: its notes for the versions above the spec's maximum. */
  source?: { dir: string; notes: VersionNote[] };
}

export function hasDrift(r: DriftResult): boolean {
  return Boolean(r.newVersions.length || r.unknownFields.length || r.missingFields.length || r.mismatches.length || r.rejectedFilters.length);
}

export function exitCodeOf(r: DriftResult): 0 | 1 {
  return hasDrift(r) ? 1 : 0;
}

const code = (s: string) => `\`${s.replace(/`/g, "'")}\``;
const oneLine = (s: string) => s.replace(/\s+/g, ' ').replace(/\|/g, '\\|').trim();

function list<T>(items: T[], none: string, line: (t: T) => string): string[] {
  return items.length ? items.map((t) => `- ${line(t)}`) : [none];
}

function byOperation(found: FieldFinding[]): string[] {
  return [...found].sort((a, b) => a.operation.localeCompare(b.operation) || a.path.localeCompare(b.path)).map((f) => `- ${code(`${f.operation}: ${f.path}`)}`);
}

export function formatReport(r: DriftResult): string {
  const out: string[] = [];
  const drift = hasDrift(r);
  out.push('# Manila spec drift report', '');
  out.push(`Server ${code(r.endpoint)} against the spec ${code(r.spec.path)} (microversions up to ${r.spec.max}).`, '');
  out.push(drift ? '**Drift found**: the spec needs edits (see spec/README.md, "When Manila releases a new microversion").' : '**No drift**: the server says nothing the spec does not know.', '');

  out.push('## Server versions', '');
  out.push(`- server: ${r.server.min} to ${r.server.max}`);
  out.push(`- spec: up to ${r.spec.max}`);
  out.push(`- calls made at ${r.calledAt} (with the experimental header), answers judged against the spec at ${r.judgedAt}`);
  out.push(`- ${r.called.length} read operations answered, ${r.called.reduce((n, c) => n + c.answers, 0)} answers judged, ${r.filtersTried} filters tried`, '');

  out.push('## New microversions', '');
  out.push(...list(r.newVersions, 'None: the server offers nothing beyond the spec.', (v) => v), '');

  out.push('## Unknown response fields', '');
  out.push(r.unknownFields.length ? 'Fields the server sent that the spec does not have (operation: property path):' : 'None.');
  if (r.unknownFields.length) out.push('', ...byOperation(r.unknownFields));
  out.push('');

  out.push('## Missing required fields', '');
  out.push(r.missingFields.length ? 'Fields the spec requires that the server did not send:' : 'None.');
  if (r.missingFields.length) out.push('', ...byOperation(r.missingFields));
  out.push('');

  out.push('## Other mismatches', '');
  out.push(...list(r.mismatches, 'None.', (m) => `${code(m.operation)}: ${oneLine(m.text)}`), '');

  out.push('## Filter problems', '');
  out.push(...list(r.rejectedFilters, 'No documented filter was rejected.', (f) => `${code(`${f.operation}: ${f.filter}=${f.value}`)} rejected with 400: ${oneLine(f.message)}`));
  if (r.otherFilterFailures.length) {
    out.push('', 'Answered with another failure (not drift; the probe value may be to blame):', '');
    out.push(...list(r.otherFilterFailures, '', (f) => `${code(`${f.operation}: ${f.filter}=${f.value}`)} HTTP ${f.status}: ${oneLine(f.message)}`));
  }
  out.push('');

  out.push('## Failed calls', '');
  out.push(...list(r.failedCalls, 'None.', (f) => `${code(f.operation)} ${code(`GET ${f.path}`)} HTTP ${f.status}: ${oneLine(f.message)}`), '');

  out.push('## Skipped operations', '');
  out.push(...list(r.skipped, 'None: every read operation of the spec was called.', (s) => `${code(s.operation)}: ${s.reason}`), '');

  out.push('## Operations answered', '');
  out.push(r.called.length ? r.called.map((c) => `${code(c.operation)} (${c.answers})`).join(', ') : 'None.', '');

  out.push('## Source notes', '');
  if (!r.source) out.push('No Manila source given (`--manila-source DIR` lists its version-history notes beyond the spec).');
  else {
    out.push(`From ${code(r.source.dir)}, notes for versions above ${r.spec.max}:`, '');
    out.push(...list(r.source.notes, 'None.', (n) => `${n.version}: ${n.note}`));
  }
  out.push('');

  out.push('## Notes', '');
  out.push(
    '- Only read (GET) operations are called, with ids taken from list answers; nothing is created. An operation whose parent resources do not exist on this server is skipped (above, with why).',
    '- New operations and new filters cannot be found by probing: Manila answers 404 for a path it does not route, and ignores query parameters it does not know. New microversions, the source notes and the release notes name them.',
    '- Failed calls and filters that fail other than with 400 are listed for a look but do not count as drift: a removed operation or field comes with a new microversion, which does.',
    '- Exit code: 0 no drift, 1 drift, 2 usage or connection error.',
  );
  return `${out.join('\n')}\n`;
}

// Holds the SDK's operation table against the reference list of every Manila
// v2 operation (spec/reference/manila-v2-operations.tsv): which operations the
// SDK covers, and whether their microversion ranges and experimental flags
// agree with the reference. `npm run api:coverage` prints what is missing; the
// unit test spec-reference.test.ts fails on any disagreement.
import { readFileSync } from 'node:fs';
import { operationUnits } from './operation-units.js';
import type { VersionRange } from '../src/handwritten/operation-spec.js';

export interface ReferenceRow {
  family: string;
  name: string;
  httpMethod: string;
  /** Relative to the endpoint, as the spec writes paths; `(service root)/` is outside it. */
  path: string;
  actionKey?: string;
  /** The pre-2.7 `os-` key and the range it is accepted in. */
  legacyKey?: { key: string } & VersionRange;
  range: VersionRange;
  /** Where the experimental header is needed: false, always, or a range. */
  experimental: false | true | VersionRange;
  kind: string;
}

const TSV = new URL('../spec/reference/manila-v2-operations.tsv', import.meta.url);
const RANGE = /^(2\.\d+)-(2\.\d+)$/;

export function readReference(): ReferenceRow[] {
  const [, ...lines] = readFileSync(TSV, 'utf8').trimEnd().split('\n');
  return lines.map((line) => {
    const [family, name, httpMethod, path, actionKey, legacy, min, max, experimental, kind] = line.split('\t');
    const legacyMatch = /^(\S+) \((2\.\d+)-(2\.\d+)\)$/.exec(legacy);
    const exp = RANGE.exec(experimental);
    return {
      family,
      name,
      httpMethod,
      // Paths are relative to the endpoint except two: `/v2/`, the endpoint's
      // own version document, and `/`, the service root's version list.
      path: path === '/' ? '(service root)/' : path === '/v2/' ? '/' : path,
      // "accept (body key)": the body's key of a member route, not an action.
      actionKey: actionKey && !/\(body key\)$/.test(actionKey) ? actionKey : undefined,
      legacyKey: legacyMatch ? { key: legacyMatch[1], min: legacyMatch[2], max: legacyMatch[3] } : undefined,
      range: { min: min || undefined, max: max || undefined },
      experimental: exp ? { min: exp[1], max: exp[2] } : experimental !== '',
      kind,
    };
  });
}

/** Path templates compare by shape: parameter names differ between sources. */
const shape = (path: string) => path.replace(/\{[^}]+\}/g, '{}');
const rowKey = (method: string, path: string, action?: string) => `${method} ${shape(path)}${action ? ` ${action}` : ''}`;

/** One callable unit of the SDK: an operation, or one member of an action operation. */
export interface SdkUnit {
  key: string;
  label: string;
  range: VersionRange;
  experimental: boolean | VersionRange;
}

export function sdkUnits(): SdkUnit[] {
  return operationUnits().map((u) => ({ key: rowKey(u.httpMethod, u.path, u.action), label: u.key, range: u.range, experimental: u.experimental }));
}

export interface Comparison {
  /** Reference rows the SDK cannot call. */
  missing: ReferenceRow[];
  /** SDK units with no reference row. */
  unknown: SdkUnit[];
  /** Disagreements, one sentence each. */
  mismatches: string[];
  covered: number;
}

const show = (r: VersionRange) => `${r.min ?? '2.0'}–${r.max ?? 'latest'}`;
const same = (a: VersionRange, b: VersionRange) => (a.min ?? '2.0') === (b.min ?? '2.0') && (a.max ?? '') === (b.max ?? '');

export function compareWithReference(rows = readReference(), units = sdkUnits()): Comparison {
  const byKey = new Map(units.map((u) => [u.key, u]));
  const matched = new Set<string>();
  const out: Comparison = { missing: [], unknown: [], mismatches: [], covered: 0 };
  for (const row of rows) {
    const unit = byKey.get(rowKey(row.httpMethod, row.path, row.actionKey));
    if (!unit) {
      out.missing.push(row);
      continue;
    }
    out.covered++;
    matched.add(unit.key);
    const what = `${unit.label} (${row.family}: ${row.name})`;
    let range = unit.range;
    if (row.legacyKey) {
      // The reference gives one row for both keys; the spec has a member each.
      const legacy = byKey.get(rowKey(row.httpMethod, row.path, row.legacyKey.key));
      if (!legacy) out.mismatches.push(`${what}: no member for the legacy key ${row.legacyKey.key}`);
      else {
        matched.add(legacy.key);
        if (!same(legacy.range, row.legacyKey)) {
          out.mismatches.push(`${legacy.label}: range ${show(legacy.range)}, reference ${show(row.legacyKey)}`);
        }
        const [major, minor] = row.legacyKey.max!.split('.').map(Number);
        const successor = `${major}.${minor + 1}`;
        if ((unit.range.min ?? '2.0') !== successor) {
          out.mismatches.push(`${what}: starts at ${unit.range.min ?? '2.0'}, not at ${successor} where its legacy key ${row.legacyKey.key} ends`);
        }
        range = { min: legacy.range.min, max: unit.range.max };
      }
    }
    if (!same(range, row.range)) out.mismatches.push(`${what}: range ${show(range)}, reference ${show(row.range)}`);
    const flag = (e: boolean | VersionRange) => (typeof e === 'object' ? show(e) : String(e));
    const agree =
      typeof row.experimental === 'object' ? typeof unit.experimental === 'object' && same(unit.experimental, row.experimental) : unit.experimental === row.experimental;
    if (!agree) out.mismatches.push(`${what}: experimental ${flag(unit.experimental)}, reference ${flag(row.experimental)}`);
  }
  out.unknown = units.filter((u) => !matched.has(u.key));
  return out;
}

if (process.argv[1] && import.meta.url === new URL(`file://${process.argv[1]}`).href) {
  const rows = readReference();
  const c = compareWithReference(rows);
  const callable = rows.filter((r) => r.range.max === undefined).length;
  console.log(`the SDK covers ${c.covered} of ${rows.length} reference operations (${callable} callable at the latest microversion)`);
  const byFamily = new Map<string, string[]>();
  for (const r of c.missing) byFamily.set(r.family, [...(byFamily.get(r.family) ?? []), `${r.httpMethod} ${r.path}${r.actionKey ? ` ${r.actionKey}` : ''}`]);
  for (const [family, ops] of byFamily) console.log(`  ${family}: ${ops.length} missing\n    ${ops.join('\n    ')}`);
  for (const m of c.mismatches) console.log(`MISMATCH ${m}`);
  for (const u of c.unknown) console.log(`NOT IN THE REFERENCE ${u.label}`);
  process.exitCode = c.mismatches.length || c.unknown.length ? 1 : 0;
}

// Microversion bounds on the real server. Every filter and request field the
// spec gives a bound must be tried at that bound by some functional test
// (recordBound), or declared untestable with the reason (recordUntested);
// scripts/check-coverage.ts fails the functional run when one is neither.
// Also: the versions at which an operation's answer changes shape, for the
// per-family reads at each of them.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { operationUnit, versionedKeys as allVersionedKeys } from '../../../scripts/operation-units.js';
import { compareVersions } from '../../../src/handwritten/microversion.js';

/** Keys `opKey filter` and `opKey field` tried at their bound, with how. */
export const boundsTried = new Map<string, string>();

/** Records that a test tried this filter or field at its bound (and one below). */
export function recordBound(key: string): void {
  if (!versionedKeys().includes(key)) throw new Error(`"${key}" is not a versioned filter or request field of the spec`);
  boundsTried.set(key, 'tried');
}

/** Records why this filter or field cannot be tried at its bound on the bed. */
export function recordUntested(key: string, reason: string): void {
  if (!versionedKeys().includes(key)) throw new Error(`"${key}" is not a versioned filter or request field of the spec`);
  if (!reason) throw new Error(`${key}: give the reason it is not tried`);
  boundsTried.set(key, `untested: ${reason}`);
}

let keys: string[] | undefined;
const versionedKeys = () => (keys ??= allVersionedKeys());

/** The lower bound of a filter (`op filter`) or request field (`op field`). */
export function boundOf(key: string): string {
  const [op, name] = key.split(' ');
  const u = operationUnit(op);
  const min = u.query[name]?.min ?? u.body?.versioned?.[name]?.min;
  if (!min) throw new Error(`${key} has no lower bound`);
  return min;
}

type Json = Record<string, any>;
const bundle: Json = JSON.parse(readFileSync(fileURLToPath(new URL('../../../dist/openapi.json', import.meta.url)), 'utf8'));

function resolve(node: Json | undefined): Json | undefined {
  let n = node;
  while (n?.$ref) n = n.$ref.slice(2).split('/').reduce((a: Json, p: string) => a?.[p.replace(/~1/g, '/').replace(/~0/g, '~')], bundle);
  return n;
}

/**
 * The versions (within `from`..`to`) at which the answer of an operation can
 * change shape: where any property of its answer comes or goes, and the
 * version just before each, plus the operation's own first version.
 */
export function answerBoundVersions(opKey: string, from: string, to: string): string[] {
  const u = operationUnit(opKey);
  const op = bundle.paths[u.path][u.httpMethod.toLowerCase()];
  const out = new Set<string>([u.range.min ?? from]);
  const seen = new Set<Json>();
  const walk = (node: Json | undefined) => {
    const n = resolve(node);
    if (!n || typeof n !== 'object' || seen.has(n)) return;
    seen.add(n);
    for (const [, p] of Object.entries<Json>(n.properties ?? {})) {
      const mark = p?.['x-openstack'] ?? resolve(p)?.['x-openstack'];
      if (mark?.['min-ver']) out.add(mark['min-ver']);
      if (mark?.['max-ver']) out.add(next(mark['max-ver']));
      walk(p);
    }
    for (const k of ['items', 'additionalProperties']) if (n[k] && typeof n[k] === 'object') walk(n[k]);
    for (const k of ['oneOf', 'anyOf', 'allOf']) for (const m of n[k] ?? []) walk(m);
  };
  for (const [status, r] of Object.entries<Json>(op.responses ?? {})) if (/^2/.test(status)) walk(resolve(r)?.content?.['application/json']?.schema);
  const versions = new Set<string>();
  for (const v of out) for (const x of [v, prev(v)]) if (x && compareVersions(x, from) >= 0 && compareVersions(x, to) <= 0) versions.add(x);
  return [...versions]
    .filter((v) => (!u.range.min || compareVersions(v, u.range.min) >= 0) && (!u.range.max || compareVersions(v, u.range.max) <= 0))
    .sort(compareVersions);
}

function next(v: string): string {
  const [a, b] = v.split('.').map(Number);
  return `${a}.${b + 1}`;
}

function prev(v: string): string | undefined {
  const [a, b] = v.split('.').map(Number);
  return b > 0 ? `${a}.${b - 1}` : undefined;
}

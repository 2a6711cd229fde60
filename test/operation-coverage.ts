// Which operations (and action members) a test project exercised: each test
// file writes what it saw under .coverage/<project>/, and
// scripts/check-coverage.ts fails the run when the spec has more.
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import { operationUnits } from '../scripts/operation-units.js';

export type CoverageProject = 'unit' | 'functional';

const dirOf = (project: CoverageProject) => new URL(`../.coverage/${project}/`, import.meta.url);

export function writeCoverage(project: CoverageProject, keys: Iterable<string>): void {
  const dir = dirOf(project);
  mkdirSync(dir, { recursive: true });
  writeFileSync(new URL(`${randomUUID()}.json`, dir), JSON.stringify([...keys]));
}

/** Undefined when the project left no records at all. */
export function readCoverage(project: CoverageProject): Set<string> | undefined {
  const dir = dirOf(project);
  if (!existsSync(dir)) return undefined;
  const seen = new Set<string>();
  for (const f of readdirSync(dir)) for (const k of JSON.parse(readFileSync(new URL(f, dir), 'utf8')) as string[]) seen.add(k);
  return seen;
}

export function resetCoverage(project: CoverageProject): void {
  rmSync(dirOf(project), { recursive: true, force: true });
  if (project === 'functional') rmSync(boundsDir, { recursive: true, force: true });
}

const boundsDir = new URL('../.coverage/functional-bounds/', import.meta.url);

/** Which versioned filters and request fields the functional tests tried at their bound, or why not. */
export function writeBoundsCoverage(tried: Map<string, string>): void {
  if (!tried.size) return;
  mkdirSync(boundsDir, { recursive: true });
  writeFileSync(new URL(`${randomUUID()}.json`, boundsDir), JSON.stringify([...tried]));
}

export function readBoundsCoverage(): Map<string, string> {
  const out = new Map<string, string>();
  if (!existsSync(boundsDir)) return out;
  for (const f of readdirSync(boundsDir)) {
    // One file's trying a bound outweighs another's reason it could not.
    for (const [k, v] of JSON.parse(readFileSync(new URL(f, boundsDir), 'utf8')) as Array<[string, string]>) if (out.get(k) !== 'tried') out.set(k, v);
  }
  return out;
}

/** Every operation id, and `opId#actionKey` for each action member. */
export function allOperationKeys(): string[] {
  return operationUnits().map((u) => u.key);
}

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
}

/** Every operation id, and `opId#actionKey` for each action member. */
export function allOperationKeys(): string[] {
  return operationUnits().map((u) => u.key);
}

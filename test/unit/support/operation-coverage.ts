// Which operations (and action members) the unit tests sent requests for.
// Every request msw answers is mapped back to its operation through the
// generated table; setup.ts writes the set per test file and
// scripts/check-coverage.ts fails the unit run if any is missing.
import { operationUnits } from '../../../scripts/operation-units.js';
import { writeCoverage as write } from '../../operation-coverage.js';
import { ENDPOINT } from './manila-mock.js';

const routes = operationUnits().map((u) => ({
  u,
  regex: new RegExp(`^${u.path.replace(/\{[^}]+\}/g, '[^/]+').replace(/\//g, '\\/')}$`),
  // Literal segments win over parameters: /types/default is not /types/{id}.
  params: (u.path.match(/\{/g) ?? []).length,
}));

const covered = new Set<string>();

/**
 * Records the operation a request was for. Actions are told apart by their
 * body's key, so route() passes the body it already read; the msw event
 * hook in setup.ts passes none and only non-action requests count there.
 */
export function recordRequest(method: string, href: string, body?: unknown): void {
  if (!href.startsWith(ENDPOINT)) return;
  const path = new URL(href).pathname.slice(new URL(ENDPOINT).pathname.length) || '/';
  const candidates = routes.filter((r) => r.u.httpMethod === method && r.regex.test(path)).sort((a, b) => a.params - b.params);
  const fewest = candidates.filter((c) => c.params === candidates[0]?.params);
  const key = body && typeof body === 'object' ? Object.keys(body)[0] : undefined;
  for (const c of fewest) {
    if (!c.u.action) covered.add(c.u.key);
    else if (key === c.u.action) covered.add(c.u.key);
  }
}

export async function writeCoverage(): Promise<void> {
  write('unit', covered);
}

// Fails when some operation or action member of the spec was never requested
// by the unit tests (run after `vitest run --project unit`, which records them).
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { COVERAGE_DIR, allOperationKeys } from '../test/unit/support/operation-coverage.js';

if (process.argv.includes('--reset')) {
  rmSync(COVERAGE_DIR, { recursive: true, force: true });
  process.exit(0);
}
if (!existsSync(COVERAGE_DIR)) {
  console.error('no unit coverage records: run the unit tests first');
  process.exit(1);
}
const covered = new Set<string>();
for (const f of readdirSync(COVERAGE_DIR)) for (const k of JSON.parse(readFileSync(new URL(f, COVERAGE_DIR), 'utf8')) as string[]) covered.add(k);
const all = allOperationKeys();
const missing = all.filter((k) => !covered.has(k));
if (missing.length) {
  console.error(`unit tests never call ${missing.length} of ${all.length} operations/actions:\n  ${missing.join('\n  ')}`);
  process.exit(1);
}
console.log(`unit tests call all ${all.length} operations and action members`);

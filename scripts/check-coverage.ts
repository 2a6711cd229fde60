// Fails when an operation or action member of the spec was never exercised
// by a test project: `unit` (a request msw answered) or `functional` (a 2xx
// answer from the real Manila). Run after the project; `--reset` before it.
import { allOperationKeys, readBoundsCoverage, readCoverage, resetCoverage, type CoverageProject } from '../test/operation-coverage.js';
import { versionedKeys } from './operation-units.js';

// Operations the real Manila 23.0 never answers with success; each is still
// called by the functional tests, which assert the failure (see spec/metadata.yaml).
const NEVER_SUCCEEDS_ON_MANILA_23: Record<string, string> = {
  exportLocationMetadata_get: 'the server fails its own response check and answers 400',
  exportLocationMetadata_updateItem: "trips over the driver's hidden `preferred` key and answers 400",
};

const project = process.argv[2] as CoverageProject;
if (project !== 'unit' && project !== 'functional') {
  console.error('usage: check-coverage.ts unit|functional [--reset] [--groups a,b]');
  process.exit(2);
}
// `--groups shareServers,shares_action#migration`: check only those groups, or
// operation keys starting so (while a family is being written).
const groupsArg = process.argv[process.argv.indexOf('--groups') + 1];
const groups = process.argv.includes('--groups') ? groupsArg.split(',') : undefined;
const inScope = (key: string) => !groups || groups.some((g) => (/[_#]/.test(g) ? key.startsWith(g) : key.split('_')[0] === g));
if (process.argv.includes('--reset')) {
  resetCoverage(project);
  process.exit(0);
}
const seen = readCoverage(project);
if (!seen) {
  console.error(`no ${project} coverage records: run the ${project} tests first`);
  process.exit(1);
}
const exempt = project === 'functional' ? NEVER_SUCCEEDS_ON_MANILA_23 : {};
const all = allOperationKeys().filter(inScope);
const missing = all.filter((k) => !seen.has(k) && !(k in exempt));
const healed = Object.keys(exempt).filter((k) => inScope(k) && seen.has(k));
if (healed.length) {
  console.error(`${project}: now succeeding, drop from the exemptions: ${healed.join(', ')}`);
  process.exit(1);
}
if (missing.length) {
  console.error(`${project} tests never exercise ${missing.length} of ${all.length} operations/actions:\n  ${missing.join('\n  ')}`);
  process.exit(1);
}
if (project === 'functional') {
  // Every versioned filter and request field: tried at its bound on the real
  // server, or declared untestable with a reason.
  const bounds = readBoundsCoverage();
  const versioned = versionedKeys().filter(inScope);
  const untried = versioned.filter((k) => !bounds.has(k));
  if (untried.length) {
    console.error(`functional tests never try ${untried.length} of ${versioned.length} versioned filters and request fields at their bound (recordBound / recordUntested):\n  ${untried.join('\n  ')}`);
    process.exit(1);
  }
  const untested = [...bounds].filter(([, v]) => v !== 'tried');
  console.log(`functional tests try ${versioned.length - untested.length} of ${versioned.length} versioned filters and request fields at their bound; the rest are untestable on the bed, each with its reason`);
}
const note = Object.keys(exempt).length ? ` (${Object.keys(exempt).length} exempt: ${Object.keys(exempt).join(', ')})` : '';
console.log(`${project} tests exercise all ${all.length} operations and action members${note}`);

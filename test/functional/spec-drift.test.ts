// Proof of the drift report (npm run spec:drift) on the real bed, which runs
// the Manila whose maximum is the spec's: with a spec stripped of its last
// three microversions it names exactly those and the response fields they
// added; with the real spec it finds no drift.
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compareVersions, createManilaClient } from '../../src/index.js';
import { inRange, parseVersion } from '../../src/handwritten/microversion.js';
import { exitCodeOf, formatReport } from '../../scripts/spec-drift/report.js';
import { responseFields } from '../../scripts/spec-drift/response-fields.js';
import { ANY_VERSION, runDrift } from '../../scripts/spec-drift/run.js';
import { stripAbove } from '../../scripts/spec-drift/strip.js';
import { bed, bedAuth, bedClient, Cleanup, FAST, keystoneBed, uniqueName } from './support/bed.js';
import { deleteShare } from './support/resources.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const bundle = JSON.parse(readFileSync(`${root}dist/openapi.json`, 'utf8'));
const [major, minor] = parseVersion(bundle.info.version);
const STRIPPED_MAX = `${major}.${minor - 3}`;
const LAST_THREE = [1, 2, 3].map((i) => `${major}.${minor - 3 + i}`);

describe('spec:drift on the real bed', () => {
  const manila = bedClient();
  const cleanup = new Cleanup();
  let shareId: string;

  // A share, so the share answers (where 2.99 added a field) have an item;
  // the report is pointed at it with --id, since other runs may delete theirs.
  beforeAll(async () => {
    const share = await manila.shares.create({ share_proto: 'NFS', size: 1, name: uniqueName('drift') });
    shareId = share.id;
    cleanup.add('the drift share', () => deleteShare(manila, share.id));
    await manila.waitFor.share(share.id, FAST);
  });
  afterAll(() => cleanup.run());

  it(`names exactly the microversions above ${STRIPPED_MAX} and the response fields they added`, async () => {
    const { bundle: stripped, removed } = stripAbove(bundle, STRIPPED_MAX);
    expect(removed.length).toBeGreaterThan(0);
    const auth = keystoneBed ? bedAuth() : undefined;
    const client = createManilaClient({
      ...(auth ? { auth } : { endpoint: bed.endpoint, token: bed.token }),
      maxMicroversion: ANY_VERSION,
      timeoutMs: 30_000,
    });
    const result = await runDrift({ client, bundle: stripped, specPath: 'stripped', ids: { share_id: shareId }, projectId: () => auth?.projectId });

    expect(result.server.max).toBe(bundle.info.version);
    expect(result.newVersions).toEqual(LAST_THREE);

    // Expected: every response field marked above the stripped maximum on
    // every operation the run got an answer from; the share answers must be
    // among them, or the comparison would prove nothing.
    const called = result.called.map((c) => c.operation);
    expect(called).toEqual(expect.arrayContaining(['shares_show', 'shares_listDetail']));
    const expected = called.flatMap((op) =>
      responseFields(bundle, op)
        .filter((f) => f.min && compareVersions(f.min, STRIPPED_MAX) > 0 && inRange(result.calledAt, f))
        .map((f) => `${op}: ${f.path}`),
    );
    // (On Manila 23: 2.99's share.snapshot_inherit_share_access_support.)
    expect(expected.length, 'the stripped versions added response fields to answered operations').toBeGreaterThan(0);
    const found = result.unknownFields.map((f) => `${f.operation}: ${f.path}`);
    expect(found.sort()).toEqual(expected.sort());

    // Nothing else disagrees: the rest of the stripped spec still matches the server.
    expect(result.missingFields).toEqual([]);
    expect(result.mismatches).toEqual([]);
    expect(result.rejectedFilters).toEqual([]);
    expect(exitCodeOf(result)).toBe(1);
    const report = formatReport(result);
    for (const v of LAST_THREE) expect(report).toMatch(new RegExp(`^- ${v.replace('.', '\\.')}$`, 'm'));
    for (const f of expected) expect(report).toContain(`\`${f}\``);
  });

  it('finds no drift with the real spec: `npm run spec:drift` exits 0', async () => {
    const out = join(mkdtempSync(join(tmpdir(), 'spec-drift-')), 'drift.md');
    const run = await promisify(execFile)(`${root}node_modules/.bin/tsx`, ['scripts/spec-drift.ts', '--id', `share_id=${shareId}`, '--out', out], {
      cwd: root,
      maxBuffer: 16 * 1024 * 1024,
    }).catch((err: { code?: number; stdout?: string; stderr?: string }) => {
      throw new Error(`spec:drift exited ${err.code}:\n${err.stderr}\n${err.stdout}`);
    });
    const report = readFileSync(out, 'utf8');
    expect(run.stdout).toBe(report);
    expect(report).toContain('**No drift**');
    expect(report).toMatch(/## New microversions\n\nNone/);
    expect(report).toMatch(/## Operations answered\n\n.*`shares_show` \(1\)/);
  });
});

// The drift report's parts that need no real Manila: stripping a spec above
// a microversion, Manila's version-history notes, field paths, probe values,
// the Markdown report and its exit code, and a whole run against msw.
import { mkdtempSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { compareVersions, EXPERIMENTAL_HEADER, VERSION_HEADER } from '../../src/index.js';
import { exitCodeOf, formatReport, hasDrift, type DriftResult } from '../../scripts/spec-drift/report.js';
import { fieldPath, responseFields } from '../../scripts/spec-drift/response-fields.js';
import { ANY_VERSION, blamesValue, probeValue, runDrift, versionsAfter } from '../../scripts/spec-drift/run.js';
import { stripAbove } from '../../scripts/spec-drift/strip.js';
import { notesAbove, parseVersionHistory, VERSION_HISTORY_FILE } from '../../scripts/spec-drift/version-history.js';
import { client, fault, route, server, versionDocument } from './support/manila-mock.js';

const bundle = JSON.parse(readFileSync(fileURLToPath(new URL('../../dist/openapi.json', import.meta.url)), 'utf8'));

/** Every min-ver in a document. */
function minVers(node: unknown, out: string[] = []): string[] {
  if (Array.isArray(node)) node.forEach((n) => minVers(n, out));
  else if (node && typeof node === 'object') {
    for (const [k, v] of Object.entries(node)) {
      if (k === 'min-ver' && typeof v === 'string') out.push(v);
      else minVers(v, out);
    }
  }
  return out;
}

describe('stripping a spec above a microversion', () => {
  it('removes what 2.97 to 2.99 added from the real bundle and lowers its maximum', () => {
    const { bundle: stripped, removed } = stripAbove(bundle, '2.96');
    expect(removed.map((r) => `${r.minVer} ${r.at}`)).toEqual([
      '2.97 /components/parameters/availability_zone_filter',
      '2.98 /paths/~1shares~1{share_id}~1migration-progress/get',
      '2.99 /components/schemas/Share/properties/snapshot_inherit_share_access_support',
    ]);
    expect(stripped.info.version).toBe('2.96');
    expect(minVers(stripped).filter((v) => compareVersions(v, '2.96') > 0)).toEqual([]);
    // No reference to what went, and the original is untouched.
    expect(JSON.stringify(stripped)).not.toContain('"#/components/parameters/availability_zone_filter"');
    expect(stripped.paths['/shares/{share_id}/migration-progress']).toBeUndefined();
    expect(bundle.paths['/shares/{share_id}/migration-progress'].get).toBeDefined();
    expect(bundle.info.version).toBe('2.99');
    // The action retired at 2.97 still exists at 2.96: its upper bound opens.
    expect(stripped.components.schemas.ShareMigrationGetProgressAction['x-openstack']['max-ver']).toBeUndefined();
    expect(bundle.components.schemas.ShareMigrationGetProgressAction['x-openstack']['max-ver']).toBe('2.97');
  });

  it('drops action members, required names, parameters and experimental ranges above the maximum', () => {
    const spec = {
      info: { version: '2.10' },
      paths: {
        '/things': {
          get: { operationId: 'things_list', parameters: [{ name: 'a', in: 'query', 'x-openstack': { 'min-ver': '2.9' } }, { name: 'b', in: 'query', 'x-openstack': { 'min-ver': '2.10' } }] },
          post: { operationId: 'things_create', 'x-openstack': { 'min-ver': '2.10' } },
        },
        '/things/{id}/action': {
          post: {
            operationId: 'things_action',
            'x-openstack': { experimental: { 'min-ver': '2.5', 'max-ver': '2.10' } },
            requestBody: { content: { 'application/json': { schema: { oneOf: [{ $ref: '#/components/schemas/Old' }, { $ref: '#/components/schemas/New' }] } } } },
          },
        },
        '/gone': { get: { operationId: 'gone', 'x-openstack': { 'min-ver': '2.10' } } },
      },
      components: {
        schemas: {
          Old: { type: 'object', properties: { old: {} } },
          New: { type: 'object', properties: { new: {} }, 'x-openstack': { 'min-ver': '2.10' } },
          Thing: { type: 'object', required: ['id', 'late'], properties: { id: {}, late: { 'x-openstack': { 'min-ver': '2.10' } }, soon: { 'x-openstack': { 'min-ver': '2.2', 'max-ver': '2.10' } } } },
        },
      },
    };
    const { bundle: out, removed } = stripAbove(spec, '2.9');
    expect(out.paths['/gone']).toBeUndefined();
    expect(out.paths['/things'].post).toBeUndefined();
    expect(out.paths['/things'].get.parameters.map((p: { name: string }) => p.name)).toEqual(['a']);
    const action = out.paths['/things/{id}/action'].post;
    expect(action.requestBody.content['application/json'].schema.oneOf).toEqual([{ $ref: '#/components/schemas/Old' }]);
    expect(action['x-openstack']).toEqual({ experimental: { 'min-ver': '2.5' } });
    expect(out.components.schemas.New).toBeUndefined();
    expect(out.components.schemas.Thing.required).toEqual(['id']);
    expect(out.components.schemas.Thing.properties).toEqual({ id: {}, soon: { 'x-openstack': { 'min-ver': '2.2' } } });
    // A dangling $ref is not counted twice: the component was reported.
    expect(removed).toHaveLength(5);
  });

  it('refuses a maximum that is not a microversion', () => {
    expect(() => stripAbove(bundle, '2')).toThrow(/not a microversion/);
  });
});

const HISTORY = `
REST_API_VERSION_HISTORY = """

    REST API Version History:

    * 2.0  - Initial version. Includes all V1 APIs and extensions in Kilo and
             the addition of microversions.
    * 2.9  - Export locations API.
    * 2.10 - Added access_rules_status field to shares.
    * 2.11 - Share Replication support

"""
_MAX_API_VERSION = "2.11"
`;

describe("Manila's version-history notes", () => {
  it('reads every entry, joining continuation lines', () => {
    expect(parseVersionHistory(HISTORY)).toEqual([
      { version: '2.0', note: 'Initial version. Includes all V1 APIs and extensions in Kilo and the addition of microversions.' },
      { version: '2.9', note: 'Export locations API.' },
      { version: '2.10', note: 'Added access_rules_status field to shares.' },
      { version: '2.11', note: 'Share Replication support' },
    ]);
  });

  it('lists the notes above a version from a checkout, comparing versions as pairs', () => {
    const dir = mkdtempSync(join(tmpdir(), 'manila-src-'));
    mkdirSync(join(dir, 'manila/api/openstack'), { recursive: true });
    writeFileSync(join(dir, VERSION_HISTORY_FILE), HISTORY);
    expect(notesAbove(dir, '2.9').map((n) => n.version)).toEqual(['2.10', '2.11']);
    expect(notesAbove(dir, '2.11')).toEqual([]);
  });

  it('says what is wrong with a directory that is not a checkout, or a file without the history', () => {
    expect(() => notesAbove(tmpdir(), '2.9')).toThrow(/not a Manila source checkout/);
    expect(() => parseVersionHistory('x = 1')).toThrow(/no REST_API_VERSION_HISTORY/);
  });
});

describe('fields, versions and probe values', () => {
  it('writes answer pointers in the report notation', () => {
    expect(fieldPath('/share/new_field')).toBe('share.new_field');
    expect(fieldPath('/shares/0/export_locations/12/path')).toBe('shares[].export_locations[].path');
    expect(fieldPath('/share/a~1b')).toBe('share.a/b');
  });

  it("lists an operation's response fields with their ranges", () => {
    const fields = responseFields(bundle, 'shares_show');
    expect(fields).toContainEqual({ path: 'share.snapshot_inherit_share_access_support', min: '2.99' });
    expect(fields).toContainEqual({ path: 'share.id' });
    expect(responseFields(bundle, 'shares_listDetail')).toContainEqual({ path: 'shares[].snapshot_inherit_share_access_support', min: '2.99' });
    expect(() => responseFields(bundle, 'nope')).toThrow(/no operation nope/);
  });

  it('counts the versions between the spec and the server', () => {
    expect(versionsAfter('2.96', '2.99')).toEqual(['2.97', '2.98', '2.99']);
    expect(versionsAfter('2.9', '2.10')).toEqual(['2.10']);
    expect(versionsAfter('2.99', '2.99')).toEqual([]);
    expect(versionsAfter('2.99', '2.80')).toEqual([]);
  });

  it('probes with a real value, else the example, the enum, or one of the type', () => {
    const q = (schema: object, extra: object = {}) => ({ name: 'f', required: false, schema, ...extra });
    expect(probeValue(q({ type: 'string' }), (n) => (n === 'f' ? 'real' : undefined))).toBe('real');
    expect(probeValue({ ...q({ type: 'string' }), name: 'share_type' }, (n) => (n === 'share_type_id' ? 'id-1' : undefined))).toBe('id-1');
    expect(probeValue(q({ type: 'string' }, { example: 'available' }))).toBe('available');
    expect(probeValue(q({ type: 'string', enum: ['asc', 'desc'] }))).toBe('asc');
    expect(probeValue(q({ type: 'boolean' }))).toBe('false');
    expect(probeValue(q({ type: 'integer', minimum: 0 }))).toBe('0');
    expect(probeValue(q({ type: 'object' }))).toBe('{"sdk_drift_probe":"x"}');
    expect(probeValue({ ...q({ type: 'string' }), name: 'user_id' })).toBe('00000000-0000-4000-8000-000000000000');
    expect(probeValue({ ...q({ type: 'string' }), name: 'sort_key' })).toBe('created_at');
  });

  it('tells a lookup of the probe value from a refused filter', () => {
    expect(blamesValue('No share exists with ID 0000')).toBe(true);
    expect(blamesValue('Share type x not found.')).toBe(true);
    expect(blamesValue("Additional properties are not allowed ('zone' was unexpected)")).toBe(false);
  });
});

function result(over: Partial<DriftResult> = {}): DriftResult {
  return {
    endpoint: 'http://manila.test:8786/v2',
    spec: { path: 'dist/openapi.json', max: '2.99' },
    server: { min: '2.0', max: '2.99' },
    calledAt: '2.99',
    judgedAt: '2.99',
    newVersions: [],
    called: [{ operation: 'shares_show', answers: 2 }],
    unknownFields: [],
    missingFields: [],
    mismatches: [],
    filtersTried: 3,
    rejectedFilters: [],
    otherFilterFailures: [],
    failedCalls: [],
    skipped: [],
    ...over,
  };
}

describe('the report and its exit code', () => {
  it('says no drift and exits 0 when the server says nothing new, failed calls and skips notwithstanding', () => {
    const r = result({
      failedCalls: [{ operation: 'shareTypes_listAccess', path: '/types/x/share_type_access', status: 404, message: 'Access list not available for public share types.' }],
      skipped: [{ operation: 'shareBackups_show', reason: 'shareBackups_list named no backup_id' }],
      otherFilterFailures: [{ operation: 'shareBackups_list', filter: 'share_id', value: '0', status: 400, message: 'No share exists with ID 0.' }],
    });
    expect(hasDrift(r)).toBe(false);
    expect(exitCodeOf(r)).toBe(0);
    const text = formatReport(r);
    expect(text).toContain('**No drift**');
    for (const section of ['Server versions', 'New microversions', 'Unknown response fields', 'Filter problems', 'Failed calls', 'Skipped operations', 'Source notes', 'Notes']) {
      expect(text).toMatch(new RegExp(`^## ${section}$`, 'm'));
    }
    expect(text).toContain('- `shareBackups_show`: shareBackups_list named no backup_id');
    expect(text).toContain('`shares_show` (2)');
  });

  it.each<[string, Partial<DriftResult>, RegExp]>([
    ['a new microversion', { newVersions: ['2.100'] }, /^- 2\.100$/m],
    ['an unknown field', { unknownFields: [{ operation: 'shares_show', path: 'share.new_field' }] }, /^- `shares_show: share\.new_field`$/m],
    ['a missing field', { missingFields: [{ operation: 'shares_show', path: 'share.size' }] }, /^- `shares_show: share\.size`$/m],
    ['a mismatch', { mismatches: [{ operation: 'shares_show', text: '/share/size: must be integer' }] }, /`shares_show`: \/share\/size: must be integer/],
    ['a rejected filter', { rejectedFilters: [{ operation: 'shares_list', filter: 'zone', value: 'x', message: 'bad | filter' }] }, /`shares_list: zone=x` rejected with 400: bad \\\| filter/],
  ])('exits 1 for %s and names it', (_, over, line) => {
    const r = result(over);
    expect(exitCodeOf(r)).toBe(1);
    const text = formatReport(r);
    expect(text).toContain('**Drift found**');
    expect(text).toMatch(line);
  });

  it('lists the source notes when a checkout was given', () => {
    const text = formatReport(result({ spec: { path: 's.json', max: '2.96' }, newVersions: ['2.97'], source: { dir: '/src/manila', notes: [{ version: '2.97', note: 'Added availability_zone filter to share list API.' }] } }));
    expect(text).toContain('- 2.97: Added availability_zone filter to share list API.');
  });
});

describe('a drift run against a fake Manila', () => {
  const spec = {
    info: { version: '2.3' },
    paths: {
      '/things': {
        get: {
          operationId: 'things_list',
          'x-sdk-list': { items: 'things' },
          parameters: [
            { name: 'name', in: 'query', schema: { type: 'string' } },
            { name: 'zone', in: 'query', schema: { type: 'string' } },
            { name: 'old', in: 'query', schema: { type: 'string' }, 'x-openstack': { 'max-ver': '2.1' } },
            { name: 'kind', in: 'query', schema: { type: 'string', enum: ['small', 'big'] } },
          ],
          responses: { '200': { content: { 'application/json': { schema: { type: 'object', required: ['things'], properties: { things: { type: 'array', items: { $ref: '#/components/schemas/Thing' } } } } } } } },
        },
      },
      '/things/{thing_id}': {
        get: {
          operationId: 'things_show',
          responses: { '200': { content: { 'application/json': { schema: { type: 'object', required: ['thing'], properties: { thing: { $ref: '#/components/schemas/Thing' } } } } } } },
        },
      },
      '/others': {
        get: {
          operationId: 'others_list',
          'x-sdk-list': { items: 'others' },
          responses: { '200': { content: { 'application/json': { schema: { type: 'object', properties: { others: { type: 'array', items: { type: 'object', properties: { kind: { type: 'string' } } } } } } } } } },
        },
      },
      '/widgets/{widget_id}': { get: { operationId: 'widgets_show', responses: { '200': { description: 'x' } } } },
      '/legacy': { get: { operationId: 'legacy_list', 'x-openstack': { 'max-ver': '2.1' }, responses: { '200': { description: 'x' } } } },
    },
    components: { schemas: { Thing: { type: 'object', required: ['id', 'size'], properties: { id: { type: 'string' }, size: { type: 'integer' }, kind: { type: 'string' } } } } },
  };

  it('names the new versions, unknown and missing fields, rejected filters and skipped operations', async () => {
    server.use(versionDocument('2.5'));
    const lists = route('GET', '/things', (s) =>
      s.query.get('zone') ? fault(400, 'badRequest', "Additional properties are not allowed ('zone' was unexpected)") : Response.json({ things: [{ id: 't1', size: 1, kind: 'big', colour: 'red' }] }),
    );
    // Another resource's field of the same name is no value for this filter.
    route('GET', '/others', { others: [{ kind: 'OTHER' }] });
    const shows = route('GET', '/things/t1', { thing: { id: 't1', colour: 'red' } });
    const r = await runDrift({ client: client({ maxMicroversion: ANY_VERSION }), bundle: spec, specPath: 'mini.json' });
    expect(r.server).toEqual({ min: '2.0', max: '2.5' });
    expect(r.newVersions).toEqual(['2.4', '2.5']);
    expect(r.judgedAt).toBe('2.3');
    expect(r.unknownFields).toEqual([
      { operation: 'things_list', path: 'things[].colour' },
      { operation: 'things_show', path: 'thing.colour' },
    ]);
    expect(r.missingFields).toEqual([{ operation: 'things_show', path: 'thing.size' }]);
    expect(r.rejectedFilters).toEqual([{ operation: 'things_list', filter: 'zone', value: 'sdk-drift-probe', message: "Additional properties are not allowed ('zone' was unexpected)" }]);
    expect(r.skipped).toEqual([
      { operation: 'legacy_list', reason: 'not served at 2.5 (2.0 to 2.1)' },
      { operation: 'widgets_show', reason: 'no answer named a widget_id' },
    ]);
    expect(r.filtersTried).toBe(3);
    // Every call at the server's maximum, with the experimental header.
    for (const s of [...lists, ...shows]) {
      expect(s.headers.get(VERSION_HEADER)).toBe('2.5');
      expect(s.headers.get(EXPERIMENTAL_HEADER)).toBe('True');
    }
    // Each filter alone, with a value this list answered where it has one.
    expect(lists.map((s) => s.query.toString()).sort()).toEqual(['', 'kind=big', 'name=sdk-drift-probe', 'zone=sdk-drift-probe']);
    expect(exitCodeOf(r)).toBe(1);
  });
});

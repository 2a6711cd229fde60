// The generator's reading of the spec conventions (spec/README.md), on small
// hand-made bundles: what it emits, and the spec mistakes it refuses.
import { describe, expect, it } from 'vitest';
import { buildModel } from '../../codegen/model.js';

const ok = { description: 'ok', content: { 'application/json': { schema: { type: 'object' } } } };
const unauthorized = { description: 'no' };

function bundle(op: Record<string, unknown>, members?: Record<string, Record<string, unknown>>) {
  const schemas: Record<string, unknown> = {};
  for (const [name, extra] of Object.entries(members ?? {})) {
    const key = name.toLowerCase();
    const mark = { 'action-name': key, ...(extra['x-openstack'] as object | undefined) };
    schemas[name] = { type: 'object', required: [key], properties: { [key]: { type: 'null' } }, additionalProperties: false, ...extra, 'x-openstack': mark };
  }
  const paths: Record<string, unknown> = {
    '/things': { get: { operationId: 'things_list', responses: { '200': ok, '401': unauthorized }, ...op } },
  };
  if (members) {
    paths['/things/{thing_id}/action'] = {
      parameters: [{ name: 'thing_id', in: 'path', required: true, schema: { type: 'string' } }],
      post: {
        operationId: 'things_action',
        requestBody: { content: { 'application/json': { schema: { 'x-openstack': { discriminator: 'action' }, oneOf: Object.keys(members).map((n) => ({ $ref: `#/components/schemas/${n}` })) } } } },
        responses: { '202': { description: 'accepted' }, '401': unauthorized },
        ...op,
      },
    };
  }
  return { openapi: '3.1.0', info: { title: 't', version: '2.99' }, paths, components: { schemas } };
}

/** The newest variant of `things.<name>` in a model. */
const variant = (model: ReturnType<typeof buildModel>, name: string, group = 'things') =>
  model.groups.find((g) => g.name === group)!.methods.find((m) => m.name === name)!.variants[0];

describe('codegen: x-openstack experimental', () => {
  it('reads true, a range, and absence', () => {
    expect(variant(buildModel(bundle({ 'x-openstack': { experimental: true } })), 'list').exp).toBe(true);
    expect(variant(buildModel(bundle({ 'x-openstack': { experimental: { 'max-ver': '2.55' } } })), 'list').exp).toEqual({ max: '2.55' });
    expect(variant(buildModel(bundle({})), 'list').exp).toBeUndefined();
  });

  it('lets an action member inherit its endpoint mark or replace it', () => {
    const model = buildModel(bundle({ 'x-openstack': { experimental: { 'max-ver': '2.55' } } }, { Poke: {}, Prod: { 'x-openstack': { experimental: true } } }));
    expect(variant(model, 'poke').exp).toEqual({ max: '2.55' });
    expect(variant(model, 'prod').exp).toBe(true);
  });

  it('refuses a mark it cannot read instead of ignoring it', () => {
    expect(() => buildModel(bundle({ 'x-openstack': { experimental: 'yes' } }))).toThrow(/experimental must be true or \{min-ver, max-ver\}/);
    expect(() => buildModel(bundle({ 'x-openstack': { experimental: {} } }))).toThrow(/needs min-ver or max-ver/);
    expect(() => buildModel(bundle({ 'x-openstack': { experimental: { 'max-ver': 2.55 } } }))).toThrow(/must be a string like "2.10"/);
  });

  it('refuses an action body without its discriminator, and a member whose action-name is not its key', () => {
    const noDiscriminator = bundle({}, { Poke: {} });
    const post = (noDiscriminator.paths['/things/{thing_id}/action'] as { post: { requestBody: { content: { 'application/json': { schema: Record<string, unknown> } } } } }).post;
    delete post.requestBody.content['application/json'].schema['x-openstack'];
    expect(() => buildModel(noDiscriminator)).toThrow(/needs x-openstack: \{discriminator: action\}/);
    expect(() => buildModel(bundle({}, { Poke: { 'x-openstack': { 'action-name': 'prod' } } }))).toThrow(/Poke needs x-openstack action-name: poke/);
  });
});

describe('codegen: conventions it enforces', () => {
  it('names action methods after their keys, os- dropped, and sees legacy keys as variants of one method', () => {
    const model = buildModel(bundle({}, { Poke: { 'x-openstack': { 'min-ver': '2.7' } } }));
    const poke = model.groups.find((g) => g.name === 'things')!.methods.find((m) => m.name === 'poke')!;
    expect(poke.args).toEqual(['thing_id']);
    expect(poke.variants).toEqual([{ id: 'things_action', route: 'POST /things/{thing_id}/action', action: 'poke', min: '2.7', body: null }]);
  });

  it('refuses an operation without its 401, an action member with two keys, and ranges upside down', () => {
    const no401 = bundle({});
    delete (no401.paths['/things'] as { get: { responses: Record<string, unknown> } }).get.responses['401'];
    expect(() => buildModel(no401)).toThrow(/every operation must list its 401 response/);
    const twoKeys = bundle({}, { Poke: { properties: { poke: { type: 'null' }, prod: { type: 'null' } } } });
    expect(() => buildModel(twoKeys)).toThrow(/Poke must have exactly one property/);
    expect(() => buildModel(bundle({ 'x-openstack': { 'min-ver': '2.10', 'max-ver': '2.9' } }))).toThrow(/min 2\.10 is above max 2\.9/);
  });

  it('refuses two variants of one method that overlap', () => {
    const b = bundle({});
    (b.paths as Record<string, unknown>)['/old-things'] = {
      get: { operationId: 'things_listOld', 'x-sdk-method': 'list', 'x-openstack': { 'max-ver': '2.7' }, responses: { '200': ok, '401': unauthorized } },
    };
    (b.paths['/things'] as { get: Record<string, unknown> }).get['x-openstack'] = { 'min-ver': '2.7' };
    expect(() => buildModel(b)).toThrow(/things\.list: .* overlaps /);
    (b.paths['/things'] as { get: Record<string, unknown> }).get['x-openstack'] = { 'min-ver': '2.8' };
    expect(buildModel(b).groups[0].methods[0].variants.map((v) => v.id)).toEqual(['things_list', 'things_listOld']);
  });
});

describe('codegen: SDK marks', () => {
  const thing = (extra: Record<string, unknown> = {}) => ({
    type: 'object',
    properties: {
      id: { type: 'string' },
      status: { type: 'string' },
      replica_state: { type: 'string' },
      task_state: { type: ['string', 'null'], 'x-openstack': { 'min-ver': '2.57' } },
      secret_key: { type: 'string', 'x-sdk-secret': true },
    },
    ...extra,
  });
  /** A bundle with GET /things (a list) and GET /things/{thing_id} (a show) carrying the given marks. */
  function withShow(showMarks: Record<string, unknown>, listMarks: Record<string, unknown> = {}) {
    const b = bundle({});
    const schemas = (b.components as { schemas: Record<string, unknown> }).schemas;
    schemas.Thing = thing();
    schemas.ThingList = { type: 'object', properties: { things: { type: 'array', items: { $ref: '#/components/schemas/Thing' } } } };
    const json = (name: string) => ({ description: 'ok', content: { 'application/json': { schema: { $ref: `#/components/schemas/${name}` } } } });
    b.paths['/things'] = {
      get: {
        operationId: 'things_list',
        parameters: [
          { name: 'limit', in: 'query', schema: { type: 'integer' } },
          { name: 'offset', in: 'query', schema: { type: 'integer' } },
          { name: 'parent_id', in: 'query', required: true, schema: { type: 'string' } },
        ],
        responses: { '200': json('ThingList'), '401': unauthorized },
        ...listMarks,
      },
    };
    b.paths['/things/{thing_id}'] = {
      parameters: [{ name: 'thing_id', in: 'path', required: true, schema: { type: 'string' } }],
      get: { operationId: 'things_show', 'x-sdk-unwrap': 'thing', responses: { '200': { description: 'ok', content: { 'application/json': { schema: { type: 'object', properties: { thing: { $ref: '#/components/schemas/Thing' } } } } } }, '401': unauthorized }, ...showMarks },
    };
    return b;
  }

  it('x-sdk-list pages by offset, names the item type, and x-sdk-path-args makes a filter an argument', () => {
    const model = buildModel(withShow({}, { 'x-sdk-list': { items: 'things', paging: 'offset' }, 'x-sdk-path-args': ['parent_id'] }));
    const list = model.groups[0].methods.find((m) => m.name === 'list')!;
    expect(list.args).toEqual(['parent_id']);
    expect(list.variants[0]).toMatchObject({ list: { items: 'things', paging: 'offset' }, query: { limit: {}, offset: {} } });
    expect(list.variants[0].query).not.toHaveProperty('parent_id');
    expect(list.types.output).toBe('Thing');
    expect(() => buildModel(withShow({}, { 'x-sdk-list': { items: 'nope' } }))).toThrow(/items "nope" is not an array property/);
    expect(() => buildModel(withShow({}, { 'x-sdk-paginate': { items: 'things', method: 'iterate' } }))).toThrow(/x-sdk-paginate is gone/);
  });

  it('x-sdk-secret hides response fields', () => {
    const model = buildModel(withShow({}));
    expect(variant(model, 'show').hide).toEqual(['secret_key']);
  });

  it('a waiter with two state fields, and one on task_state narrowed to where the field exists', () => {
    const model = buildModel(
      withShow({
        'x-sdk-waiter': [
          { name: 'thing', states: { status: { ready: ['available'], failure: ['error'] }, replica_state: { ready: ['in_sync', 'active'], failure: ['error'] } }, deleted: true, explain: true },
          { name: 'thingMigration', states: { task_state: { ready: ['migration_success'], failure: ['migration_error'] } } },
        ],
      }),
    );
    const [thingW, migration] = model.waiters;
    expect(thingW).toMatchObject({ name: 'thing', deleted: true, explain: true, via: [{ method: 'things.show' }], type: 'Thing' });
    expect(Object.keys(thingW.states)).toEqual(['status', 'replica_state']);
    expect(migration.via).toEqual([{ method: 'things.show', min: '2.57' }]);
    expect(migration.deleted).toBeUndefined();
    expect(model.conveniences.things).toBeUndefined();
  });

  it('a waiter that batches its polls through a list filtering on its state', () => {
    const b = withShow({ 'x-sdk-waiter': { name: 'thing', batch: 'list', states: { status: { ready: ['available'] } } } }, { 'x-sdk-list': { items: 'things' } });
    const get = (b.paths['/things'] as { get: { parameters: unknown[] } }).get;
    expect(() => buildModel(b)).toThrow(/things\.list cannot filter on status/);
    get.parameters.push({ name: 'status', in: 'query', schema: { type: 'string' } });
    expect(buildModel(b).waiters[0].batch).toEqual({ method: 'things.list', filter: 'status' });
    expect(() => buildModel(withShow({ 'x-sdk-waiter': { name: 'thing', batch: 'nope', states: { status: { ready: ['a'] } } } }))).toThrow(/batch must name a list method/);
  });

  it('refuses waiters it cannot build', () => {
    const mark = (m: Record<string, unknown>) => () => buildModel(withShow({ 'x-sdk-waiter': { name: 'thing', ...m } }));
    expect(mark({ states: {} })).toThrow(/needs states/);
    expect(mark({ states: { status: { ready: [] } } })).toThrow(/ready must list states/);
    expect(mark({ states: { status: { ready: ['a'], failure: ['a'] } } })).toThrow(/a both ready and failure/);
    expect(mark({ states: { colour: { ready: ['red'] } } })).toThrow(/no field "colour"/);
    expect(() => buildModel(withShow({ 'x-sdk-waiter': { name: 'Thing', states: {} } }))).toThrow(/camelCase name/);
  });

  it('scalar action values, answers that may be empty, and aliases', () => {
    const model = buildModel(
      bundle({}, {
        Restore: { properties: { restore: { type: ['string', 'null'] } } },
        Promote: { properties: { promote: { type: 'object', properties: {}, additionalProperties: false } }, 'x-sdk-response': { status: 202, schema: 'Promote' }, 'x-manila-statuses': [202, 200] },
      }),
    );
    expect(variant(model, 'restore').body).toEqual({ scalar: true });
    expect(variant(model, 'promote')).toMatchObject({ out: true, outOptional: true });
    const b = bundle({});
    (b.paths['/things'] as Record<string, unknown>).put = {
      operationId: 'things_update',
      requestBody: { 'x-sdk-wrap': 'thing', content: { 'application/json': { schema: { type: 'object', properties: { thing: { type: 'object', 'x-sdk-aliases': { name: 'display_name' }, properties: { display_name: { type: 'string' } }, additionalProperties: false } } } } } },
      responses: { '200': ok, '401': unauthorized },
    };
    expect(variant(buildModel(b), 'update').body).toMatchObject({ wrap: 'thing', aliases: { name: 'display_name' }, known: ['display_name'] });
  });
});

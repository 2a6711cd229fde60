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

// Share groups, share group types (with their group specs and project
// access) and share group snapshots: the wire of every call and action, the
// experimental header (2.31 to 2.54 only), refusals before sending, pages
// and the two waiters.
import { describe, expect, it } from 'vitest';
import { HttpResponse } from 'msw';
import { EXPERIMENTAL_HEADER, MicroversionError, ValidationError, VERSION_HEADER, WaitFailedError } from '../../src/index.js';
import { fault, pinned, route, type Seen } from './support/manila-mock.js';

const TYPE_ID = '9b36d72d-6860-4d3a-b49e-83aeb62bb60b';
const SHARE_TYPE = 'fab585bc-b016-4647-95a1-5a05ee8e2887';
const GROUP_ID = 'ee5f3eb5-849a-4bf6-8153-b1455e74dedb';
const SNAP_ID = 'e83cfaef-3135-49e3-8e10-2872f5bb7cfe';
const NET = '1f2cc70f-bd17-405e-873b-5b206d6fba27';
const PROJECT = 'dba3e043b9df477c971ee3db4ba60d84';
const FAST = { minDelayMs: 1, maxDelayMs: 2 };

const GROUP_TYPE = { id: TYPE_ID, name: 'consistent', is_public: true, group_specs: { consistent_snapshot_support: 'pool' }, share_types: [SHARE_TYPE], is_default: false };
const GROUP = {
  id: GROUP_ID,
  name: 'g1',
  created_at: '2026-01-01T00:00:00.000000',
  status: 'available',
  description: null,
  project_id: PROJECT,
  host: 'testbed@alpha#fake_pool_for_ALPHA',
  share_group_type_id: TYPE_ID,
  source_share_group_snapshot_id: null,
  share_network_id: null,
  share_types: [SHARE_TYPE],
  links: [],
  availability_zone: 'nova',
  consistent_snapshot_support: 'pool',
};
const MEMBER = { id: '2edfa5ed-749f-4d45-be7b-796a6c7db1d9', size: 1, share_id: '63faaea9-aa45-46f9-9ea1-4f836ea13615' };
const SNAP = { id: SNAP_ID, name: 's1', created_at: '2026-01-01T00:00:00.000000', status: 'available', description: null, project_id: PROJECT, share_group_id: GROUP_ID, members: [MEMBER], links: [] };

/** The two headers every call of these families is judged by. */
const headers = (s: Seen) => [s.headers.get(VERSION_HEADER), s.headers.get(EXPERIMENTAL_HEADER)];

describe('share group types', () => {
  it('list: the experimental header from 2.31 to 2.54 only, is_public, and group_specs as JSON from 2.66', async () => {
    const seen = route('GET', '/share-group-types', { share_group_types: [GROUP_TYPE] });
    const page = await pinned('2.31').shareGroupTypes.list({ is_public: 'all' });
    expect(page.items).toEqual([GROUP_TYPE]);
    await pinned('2.54').shareGroupTypes.list();
    await pinned('2.55').shareGroupTypes.list();
    await pinned('2.66').shareGroupTypes.list({ is_public: 'true', group_specs: { consistent_snapshot_support: 'pool' } });
    expect(seen.map(headers)).toEqual([
      ['2.31', 'True'],
      ['2.54', 'True'],
      ['2.55', null],
      ['2.66', null],
    ]);
    expect(seen.map((s) => Object.fromEntries(s.query))).toEqual([
      { is_public: 'all' },
      {},
      {},
      { is_public: 'true', group_specs: '{"consistent_snapshot_support":"pool"}' },
    ]);
    expect(seen.every((s) => s.method === 'GET' && s.path === '/share-group-types' && s.body === undefined)).toBe(true);
  });

  it('refuses every call below 2.31 and group_specs below 2.66, before sending', async () => {
    // No route: a request would fail the test as unhandled.
    const err = await pinned('2.30').shareGroupTypes.list().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(MicroversionError);
    expect((err as Error).message).toMatch(/2\.31/);
    await expect(pinned('2.30').shareGroupTypes.show(TYPE_ID)).rejects.toBeInstanceOf(MicroversionError);
    await expect(pinned('2.30').shareGroupTypeSpecs.get(TYPE_ID)).rejects.toBeInstanceOf(MicroversionError);
    await expect(pinned('2.65').shareGroupTypes.list({ group_specs: { a: 'b' } })).rejects.toThrow(/filter "group_specs" needs microversion 2\.66/);
    await expect(pinned('2.99').shareGroupTypes.list({ group_spec: { a: 'b' } } as never)).rejects.toBeInstanceOf(ValidationError);
  });

  it('create wraps share_group_type, unwraps the answer and refuses unknown or missing fields', async () => {
    const seen = route('POST', '/share-group-types', { share_group_type: GROUP_TYPE });
    const input = { name: 'consistent', share_types: ['default'], group_specs: { consistent_snapshot_support: 'pool' }, is_public: false };
    expect(await pinned('2.99').shareGroupTypes.create(input)).toEqual(GROUP_TYPE);
    expect(seen[0]).toMatchObject({ method: 'POST', path: '/share-group-types', body: { share_group_type: input } });
    expect([...seen[0].query]).toEqual([]);
    expect(headers(seen[0])).toEqual(['2.99', null]);
    await expect(pinned('2.99').shareGroupTypes.create({ ...input, description: 'x' } as never)).rejects.toThrow(/description/);
    // @ts-expect-error share_types is required
    await expect(pinned('2.99').shareGroupTypes.create({ name: 'x' })).rejects.toBeInstanceOf(ValidationError);
    expect(seen).toHaveLength(1);
  });

  it('show, showDefault and delete', async () => {
    const show = route('GET', `/share-group-types/${TYPE_ID}`, { share_group_type: GROUP_TYPE });
    const def = route('GET', '/share-group-types/default', { share_group_type: { ...GROUP_TYPE, name: 'default', is_default: true } });
    const del = route('DELETE', `/share-group-types/${TYPE_ID}`, null, 204);
    const m = pinned('2.46');
    expect(await m.shareGroupTypes.show(TYPE_ID)).toEqual(GROUP_TYPE);
    expect((await m.shareGroupTypes.showDefault()).is_default).toBe(true);
    expect(await m.shareGroupTypes.delete(TYPE_ID)).toBeUndefined();
    for (const s of [show[0], def[0], del[0]]) expect(headers(s)).toEqual(['2.46', 'True']);
    expect([show[0].method, def[0].method, del[0].method]).toEqual(['GET', 'GET', 'DELETE']);
    expect(del[0].body).toBeUndefined();
  });

  it('project access: listAccess is a page; addProjectAccess and removeProjectAccess are actions', async () => {
    const access = [{ share_group_type_id: TYPE_ID, project_id: PROJECT }];
    const list = route('GET', `/share-group-types/${TYPE_ID}/access`, { share_group_type_access: access });
    const act = route('POST', `/share-group-types/${TYPE_ID}/action`, null, 202);
    const m = pinned('2.55');
    expect((await m.shareGroupTypes.listAccess(TYPE_ID)).items).toEqual(access);
    await m.shareGroupTypes.addProjectAccess(TYPE_ID, { project: PROJECT });
    await pinned('2.31').shareGroupTypes.removeProjectAccess(TYPE_ID, { project: PROJECT });
    expect(act.map((s) => s.body)).toEqual([{ addProjectAccess: { project: PROJECT } }, { removeProjectAccess: { project: PROJECT } }]);
    expect([...list, ...act].map(headers)).toEqual([
      ['2.55', null],
      ['2.55', null],
      ['2.31', 'True'],
    ]);
    // @ts-expect-error project is required
    await expect(m.shareGroupTypes.addProjectAccess(TYPE_ID, {})).rejects.toBeInstanceOf(ValidationError);
    await expect(m.shareGroupTypes.removeProjectAccess(TYPE_ID, { project: PROJECT, tenant: 'x' } as never)).rejects.toBeInstanceOf(ValidationError);
    expect(act).toHaveLength(2);
  });

  it('deleteIfExists shrugs at a type that is gone', async () => {
    route('DELETE', `/share-group-types/${TYPE_ID}`, () => fault(404, 'itemNotFound', 'gone'));
    expect(await pinned('2.99').shareGroupTypes.deleteIfExists(TYPE_ID)).toBe(false);
  });
});

describe('share group type specs', () => {
  it('get, set, getItem, update and delete', async () => {
    const base = `/share-group-types/${TYPE_ID}/group-specs`;
    const get = route('GET', base, { group_specs: { consistent_snapshot_support: 'pool', 'sdk:a': '1' } });
    const set = route('POST', base, { group_specs: { 'sdk:b': '2' } });
    const item = route('GET', `${base}/:key`, { 'sdk:a': '1' });
    const upd = route('PUT', `${base}/:key`, { 'sdk:a': '3' });
    const del = route('DELETE', `${base}/:key`, null, 204);
    const m = pinned('2.40');
    expect(await m.shareGroupTypeSpecs.get(TYPE_ID)).toEqual({ consistent_snapshot_support: 'pool', 'sdk:a': '1' });
    expect(await m.shareGroupTypeSpecs.set(TYPE_ID, { 'sdk:b': '2' })).toEqual({ 'sdk:b': '2' });
    expect(await m.shareGroupTypeSpecs.getItem(TYPE_ID, 'sdk:a')).toEqual({ 'sdk:a': '1' });
    expect(await m.shareGroupTypeSpecs.update(TYPE_ID, 'sdk:a', { 'sdk:a': '3' })).toEqual({ 'sdk:a': '3' });
    expect(await m.shareGroupTypeSpecs.delete(TYPE_ID, 'sdk:a')).toBeUndefined();
    expect(set[0].body).toEqual({ group_specs: { 'sdk:b': '2' } });
    expect(upd[0].body).toEqual({ 'sdk:a': '3' });
    const all = [...get, ...set, ...item, ...upd, ...del];
    expect(all.map((s) => `${s.method} ${decodeURIComponent(s.path)}`)).toEqual([
      `GET ${base}`,
      `POST ${base}`,
      `GET ${base}/sdk:a`,
      `PUT ${base}/sdk:a`,
      `DELETE ${base}/sdk:a`,
    ]);
    expect(all.every((s) => headers(s).join() === '2.40,True' && [...s.query].length === 0)).toBe(true);
  });

  it('refuses a path key that is not one segment', async () => {
    await expect(pinned('2.99').shareGroupTypeSpecs.getItem(TYPE_ID, 'a/b')).rejects.toBeInstanceOf(ValidationError);
  });
});

describe('share groups', () => {
  it('list and listDetail send every filter, name~ and description~ from 2.36', async () => {
    const list = route('GET', '/share-groups', { share_groups: [{ id: GROUP_ID, name: 'g1', links: [] }] });
    const detail = route('GET', '/share-groups/detail', { share_groups: [GROUP] });
    const filters = {
      limit: 5,
      offset: 10,
      sort_key: 'name',
      sort_dir: 'asc' as const,
      all_tenants: true as const,
      project_id: PROJECT,
      name: 'g1',
      description: 'd',
      'name~': 'g',
      'description~': 'd',
      status: 'available',
      share_group_type_id: TYPE_ID,
      group_type_id: TYPE_ID,
      share_network_id: NET,
      share_server_id: NET,
      host: 'h@b#p',
      source_share_group_snapshot_id: SNAP_ID,
      availability_zone_id: NET,
      consistent_snapshot_support: 'pool' as const,
      user_id: 'u1',
    };
    const page = await pinned('2.36').shareGroups.list(filters);
    expect(page.items).toEqual([{ id: GROUP_ID, name: 'g1', links: [] }]);
    expect(Object.fromEntries(list[0].query)).toEqual(Object.fromEntries(Object.entries(filters).map(([k, v]) => [k, String(v)])));
    expect(headers(list[0])).toEqual(['2.36', 'True']);
    expect((await pinned('2.99').shareGroups.listDetail({ status: 'available' })).items).toEqual([GROUP]);
    expect(Object.fromEntries(detail[0].query)).toEqual({ status: 'available' });
    expect(headers(detail[0])).toEqual(['2.99', null]);
  });

  it('refuses name~ and description~ below 2.36, unknown filters, and everything below 2.31', async () => {
    await expect(pinned('2.35').shareGroups.list({ 'name~': 'g' })).rejects.toThrow(/filter "name~" needs microversion 2\.36/);
    await expect(pinned('2.35').shareGroups.listDetail({ 'description~': 'g' })).rejects.toBeInstanceOf(MicroversionError);
    // Manila answers 400 for with_count here; the SDK does not offer it.
    await expect(pinned('2.99').shareGroups.list({ with_count: true } as never)).rejects.toThrow(/unknown filter "with_count"/);
    await expect(pinned('2.30').shareGroups.show(GROUP_ID)).rejects.toBeInstanceOf(MicroversionError);
    await expect(pinned('2.30').shareGroups.resetStatus(GROUP_ID, { status: 'error' })).rejects.toBeInstanceOf(MicroversionError);
  });

  it('a walk pages by offset and never follows the marker link', async () => {
    const all = Array.from({ length: 5 }, (_, i) => ({ id: `g${i}`, name: null, links: [] }));
    const seen = route('GET', '/share-groups', (s) => {
      const o = Number(s.query.get('offset') ?? 0);
      return Response.json({ share_groups: all.slice(o, o + Number(s.query.get('limit'))), share_groups_links: [{ rel: 'next', href: 'http://x/share-groups?marker=g1' }] });
    });
    const got: string[] = [];
    for await (const g of pinned('2.55').shareGroups.list({ limit: 2 })) got.push(g.id);
    expect(got).toEqual(['g0', 'g1', 'g2', 'g3', 'g4']);
    expect(seen.map((s) => s.query.get('offset'))).toEqual([null, '2', '4']);
    expect(seen.some((s) => s.query.has('marker') || s.query.has('with_count'))).toBe(false);
  });

  it('create wraps share_group and answers the group in creating', async () => {
    const seen = route('POST', '/share-groups', { share_group: { ...GROUP, status: 'creating', host: null } }, 202);
    const input = { name: 'g1', description: 'd', share_group_type_id: TYPE_ID, share_types: [SHARE_TYPE], share_network_id: NET, availability_zone: 'nova' };
    const g = await pinned('2.34').shareGroups.create(input);
    expect(g.status).toBe('creating');
    await pinned('2.99').shareGroups.create({ source_share_group_snapshot_id: SNAP_ID });
    expect(seen.map((s) => s.body)).toEqual([{ share_group: input }, { share_group: { source_share_group_snapshot_id: SNAP_ID } }]);
    expect(seen.map(headers)).toEqual([
      ['2.34', 'True'],
      ['2.99', null],
    ]);
    await expect(pinned('2.99').shareGroups.create({ share_group_snapshot_id: SNAP_ID } as never)).rejects.toThrow(/share_group_snapshot_id/);
    expect(seen).toHaveLength(2);
  });

  it('show, update and delete', async () => {
    const show = route('GET', `/share-groups/${GROUP_ID}`, { share_group: GROUP });
    const upd = route('PUT', `/share-groups/${GROUP_ID}`, { share_group: { ...GROUP, name: 'g2', description: 'new' } });
    const del = route('DELETE', `/share-groups/${GROUP_ID}`, null, 202);
    const m = pinned('2.31');
    expect(await m.shareGroups.show(GROUP_ID)).toEqual(GROUP);
    expect(await m.shareGroups.update(GROUP_ID, { name: 'g2', description: 'new' })).toMatchObject({ name: 'g2', description: 'new' });
    expect(await m.shareGroups.delete(GROUP_ID)).toBeUndefined();
    expect(upd[0].body).toEqual({ share_group: { name: 'g2', description: 'new' } });
    expect([...show, ...upd, ...del].map((s) => `${s.method} ${s.path} ${headers(s).join()}`)).toEqual([
      `GET /share-groups/${GROUP_ID} 2.31,True`,
      `PUT /share-groups/${GROUP_ID} 2.31,True`,
      `DELETE /share-groups/${GROUP_ID} 2.31,True`,
    ]);
    // Only name and description may change.
    await expect(m.shareGroups.update(GROUP_ID, { status: 'error' } as never)).rejects.toBeInstanceOf(ValidationError);
  });

  it('resetStatus and forceDelete are actions without os- keys', async () => {
    const seen = route('POST', `/share-groups/${GROUP_ID}/action`, null, 202);
    await pinned('2.31').shareGroups.resetStatus(GROUP_ID, { status: 'error' });
    await pinned('2.99').shareGroups.forceDelete(GROUP_ID);
    expect(seen.map((s) => s.body)).toEqual([{ reset_status: { status: 'error' } }, { force_delete: null }]);
    expect(seen.map(headers)).toEqual([
      ['2.31', 'True'],
      ['2.99', null],
    ]);
    // @ts-expect-error status is required
    await expect(pinned('2.99').shareGroups.resetStatus(GROUP_ID, {})).rejects.toBeInstanceOf(ValidationError);
  });

  it('find takes a name through the exact name filter', async () => {
    // Without with_count (this list has none) the walk stops at an empty page.
    const list = route('GET', '/share-groups', (s) => Response.json({ share_groups: s.query.get('offset') ? [] : [{ id: GROUP_ID, name: 'g1', links: [] }] }));
    route('GET', `/share-groups/${GROUP_ID}`, { share_group: GROUP });
    expect((await pinned('2.99').shareGroups.find('g1')).id).toBe(GROUP_ID);
    expect(list.map((s) => [s.query.get('name'), s.query.get('offset')])).toEqual([
      ['g1', null],
      ['g1', '1'],
    ]);
  });
});

describe('share group snapshots', () => {
  it('list, listDetail and listMembers are pages; their filters go on the query', async () => {
    const list = route('GET', '/share-group-snapshots', { share_group_snapshots: [{ id: SNAP_ID, name: 's1', links: [] }] });
    const detail = route('GET', '/share-group-snapshots/detail', { share_group_snapshots: [SNAP] });
    const member = { ...MEMBER, created_at: '2026-01-01T00:00:00.000000', share_protocol: 'NFS', project_id: PROJECT, share_group_snapshot_id: SNAP_ID };
    const members = route('GET', `/share-group-snapshots/${SNAP_ID}/members`, { share_group_snapshot_members: [member] });
    const filters = { limit: 1, offset: 2, sort_key: 'name', sort_dir: 'desc' as const, all_tenants: true as const, project_id: PROJECT, name: 's1', description: 'd', status: 'available', share_group_id: GROUP_ID, user_id: 'u1' };
    expect((await pinned('2.31').shareGroupSnapshots.list(filters)).items[0].id).toBe(SNAP_ID);
    expect((await pinned('2.99').shareGroupSnapshots.listDetail({ share_group_id: GROUP_ID })).items).toEqual([SNAP]);
    expect((await pinned('2.54').shareGroupSnapshots.listMembers(SNAP_ID, { limit: 10 })).items).toEqual([member]);
    expect(Object.fromEntries(list[0].query)).toEqual(Object.fromEntries(Object.entries(filters).map(([k, v]) => [k, String(v)])));
    expect(Object.fromEntries(detail[0].query)).toEqual({ share_group_id: GROUP_ID });
    expect(Object.fromEntries(members[0].query)).toEqual({ limit: '10' });
    expect([list[0], detail[0], members[0]].map(headers)).toEqual([
      ['2.31', 'True'],
      ['2.99', null],
      ['2.54', 'True'],
    ]);
    // No name~ here: Manila would answer 400.
    await expect(pinned('2.99').shareGroupSnapshots.list({ 'name~': 's' } as never)).rejects.toBeInstanceOf(ValidationError);
  });

  it('create wraps share_group_snapshot; share_group_id is required', async () => {
    const seen = route('POST', '/share-group-snapshots', { share_group_snapshot: { ...SNAP, status: 'creating', members: [] } }, 202);
    const s = await pinned('2.55').shareGroupSnapshots.create({ share_group_id: GROUP_ID, name: 's1', description: 'd' });
    expect(s).toMatchObject({ status: 'creating', members: [] });
    expect(seen[0]).toMatchObject({ method: 'POST', path: '/share-group-snapshots', body: { share_group_snapshot: { share_group_id: GROUP_ID, name: 's1', description: 'd' } } });
    expect(headers(seen[0])).toEqual(['2.55', null]);
    // @ts-expect-error share_group_id is required
    await expect(pinned('2.55').shareGroupSnapshots.create({ name: 's1' })).rejects.toBeInstanceOf(ValidationError);
    await expect(pinned('2.30').shareGroupSnapshots.create({ share_group_id: GROUP_ID })).rejects.toBeInstanceOf(MicroversionError);
  });

  it('show, update, delete and the two admin actions', async () => {
    const show = route('GET', `/share-group-snapshots/${SNAP_ID}`, { share_group_snapshot: SNAP });
    const upd = route('PUT', `/share-group-snapshots/${SNAP_ID}`, { share_group_snapshot: { ...SNAP, name: 's2' } });
    const del = route('DELETE', `/share-group-snapshots/${SNAP_ID}`, null, 202);
    const act = route('POST', `/share-group-snapshots/${SNAP_ID}/action`, null, 202);
    const m = pinned('2.45');
    expect(await m.shareGroupSnapshots.show(SNAP_ID)).toEqual(SNAP);
    expect((await m.shareGroupSnapshots.update(SNAP_ID, { name: 's2' })).name).toBe('s2');
    await m.shareGroupSnapshots.delete(SNAP_ID);
    await m.shareGroupSnapshots.resetStatus(SNAP_ID, { status: 'available' });
    await m.shareGroupSnapshots.forceDelete(SNAP_ID);
    expect(upd[0].body).toEqual({ share_group_snapshot: { name: 's2' } });
    expect(act.map((s) => s.body)).toEqual([{ reset_status: { status: 'available' } }, { force_delete: null }]);
    expect([...show, ...upd, ...del, ...act].every((s) => headers(s).join() === '2.45,True')).toBe(true);
    await expect(m.shareGroupSnapshots.update(SNAP_ID, { share_group_id: GROUP_ID } as never)).rejects.toBeInstanceOf(ValidationError);
  });
});

describe('share group waiters', () => {
  it('wait for a group to become available, then to be gone', async () => {
    const seen = route('GET', `/share-groups/${GROUP_ID}`, (_s, n) =>
      n < 2 ? HttpResponse.json({ share_group: { ...GROUP, status: 'creating' } }) : n < 3 ? HttpResponse.json({ share_group: GROUP }) : n < 4 ? HttpResponse.json({ share_group: { ...GROUP, status: 'deleting' } }) : fault(404, 'itemNotFound', 'gone'),
    );
    const m = pinned('2.55');
    expect((await m.waitFor.shareGroup(GROUP_ID, FAST)).status).toBe('available');
    await m.waitFor.shareGroupDeleted(GROUP_ID, FAST);
    expect(seen).toHaveLength(4);
    expect(headers(seen[0])).toEqual(['2.55', null]);
  });

  for (const state of ['error', 'error_deleting']) {
    it(`a group in ${state} fails the wait, with Manila's user message`, async () => {
      route('GET', `/share-groups/${GROUP_ID}`, { share_group: { ...GROUP, status: state } });
      const why = 'create: Driver does not expect share-network to be provided with current configuration.';
      const asked = route('GET', '/messages', { messages: [{ user_message: why }] });
      const err = await pinned('2.55').waitFor.shareGroup(GROUP_ID, FAST).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(WaitFailedError);
      expect((err as WaitFailedError).lastState).toMatchObject({ id: GROUP_ID, status: state });
      expect((err as Error).message).toContain(why);
      expect(asked[0].query.get('resource_id')).toBe(GROUP_ID);
    });
  }

  it('a group deletion that ends in error_deleting fails', async () => {
    route('GET', `/share-groups/${GROUP_ID}`, { share_group: { ...GROUP, status: 'error_deleting' } });
    route('GET', '/messages', { messages: [] });
    await expect(pinned('2.99').waitFor.shareGroupDeleted(GROUP_ID, FAST)).rejects.toBeInstanceOf(WaitFailedError);
  });

  it('wait for a group snapshot to become available, then to be gone', async () => {
    const seen = route('GET', `/share-group-snapshots/${SNAP_ID}`, (_s, n) =>
      n < 2 ? HttpResponse.json({ share_group_snapshot: { ...SNAP, status: 'creating', members: [] } }) : n < 3 ? HttpResponse.json({ share_group_snapshot: SNAP }) : fault(404, 'itemNotFound', 'gone'),
    );
    const m = pinned('2.31');
    expect((await m.waitFor.shareGroupSnapshot(SNAP_ID, FAST)).members).toEqual([MEMBER]);
    await m.waitFor.shareGroupSnapshotDeleted(SNAP_ID, FAST);
    expect(seen).toHaveLength(3);
    expect(headers(seen[0])).toEqual(['2.31', 'True']);
  });

  for (const state of ['error', 'error_deleting']) {
    it(`a group snapshot in ${state} fails the wait without asking for messages`, async () => {
      // No /messages route: Manila writes no user messages for group snapshots.
      route('GET', `/share-group-snapshots/${SNAP_ID}`, { share_group_snapshot: { ...SNAP, status: state } });
      const err = await pinned('2.99').waitFor.shareGroupSnapshot(SNAP_ID, FAST).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(WaitFailedError);
      expect((err as WaitFailedError).messages).toEqual([]);
    });
  }

  it('deleteAndWait deletes the group snapshot and waits until it is gone', async () => {
    const del = route('DELETE', `/share-group-snapshots/${SNAP_ID}`, null, 202);
    const show = route('GET', `/share-group-snapshots/${SNAP_ID}`, (_s, n) => (n < 2 ? HttpResponse.json({ share_group_snapshot: { ...SNAP, status: 'deleting' } }) : fault(404, 'itemNotFound', 'gone')));
    await pinned('2.99').shareGroupSnapshots.deleteAndWait(SNAP_ID, FAST);
    expect(del).toHaveLength(1);
    expect(show).toHaveLength(2);
  });
});

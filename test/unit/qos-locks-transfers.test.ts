// QoS types and their specs (2.94+), resource locks (2.81+) and share
// transfers (2.77+) on the wire: paths, queries, envelopes, the version
// header (and no experimental one), refusals before sending, pages, and a
// transfer's one-time auth_key kept out of everything the SDK shows.
import { inspect } from 'node:util';
import { HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';
import { BadRequestError, EXPERIMENTAL_HEADER, ForbiddenError, MicroversionError, NotFoundError, ValidationError, VERSION_HEADER } from '../../src/index.js';
import { fault, pinned, route } from './support/manila-mock.js';

const QOS_ID = '0f5e6f8c-5d2b-4b0a-9d43-0b4f4f0c9e1a';
const LOCK_ID = '647f42c6-6a61-4ddb-9d49-d8419fa9cfb8';
const SHARE_ID = '49b784e7-acab-49d6-83b7-8c5b4eead226';
const RULE_ID = '7c2f3c9e-0d1a-4e55-9a0b-3f6c1d2e4b5a';
const TRANSFER_ID = '6af92f31-97d3-426c-9bc9-5647ece64e2a';
const AUTH_KEY = '3f9c2a7b1e8d4c60';
const T = '2026-01-01T00:00:00.000000';
const links = (what: string, id: string) => [
  { rel: 'self', href: `http://manila.test:8786/v2/${what}/${id}` },
  { rel: 'bookmark', href: `http://manila.test:8786/${what}/${id}` },
];

const QOS = { id: QOS_ID, name: 'gold-iops', description: 'Guaranteed IOPS', specs: { max_iops: '1000' }, created_at: T, updated_at: null };
const LOCK = {
  id: LOCK_ID,
  user_id: 'c5ee07e712ba4e34af75b42d62f5b6fd',
  project_id: 'bf15f55ba4df47c3b58437ec7772280c',
  lock_context: 'user',
  resource_type: 'share',
  resource_id: SHARE_ID,
  resource_action: 'delete',
  lock_reason: 'payroll archive',
  created_at: T,
  updated_at: null,
  links: links('resource-locks', LOCK_ID),
};
const TRANSFER = {
  id: TRANSFER_ID,
  created_at: T,
  name: 'to-analytics',
  resource_type: 'share',
  resource_id: SHARE_ID,
  source_project_id: 'bf15f55ba4df47c3b58437ec7772280c',
  destination_project_id: null,
  accepted: false,
  expires_at: '2026-01-01T00:05:00.000000',
  links: links('share-transfers', TRANSFER_ID),
};
const TRANSFER_SUMMARY = { id: TRANSFER_ID, name: 'to-analytics', resource_type: 'share', resource_id: SHARE_ID, links: TRANSFER.links };

const query = (s: { query: URLSearchParams }) => Object.fromEntries(s.query);
const headers = (s: { headers: Headers }) => [s.headers.get(VERSION_HEADER), s.headers.get(EXPERIMENTAL_HEADER)];

describe('QoS types', () => {
  it('list sends its filters and answers a page; 2.93 and unknown filters are refused before sending', async () => {
    const seen = route('GET', '/qos-types', { qos_types: [QOS] });
    const page = await pinned('2.94').qosTypes.list({ name: 'gold-iops', 'name~': 'gold', description: 'Guaranteed IOPS', 'description~': 'IOPS', id: QOS_ID, sort_key: 'name', sort_dir: 'asc', limit: 5, offset: 0 });
    expect(page.items).toEqual([QOS]);
    expect(seen[0].path).toBe('/qos-types');
    expect(query(seen[0])).toEqual({ name: 'gold-iops', 'name~': 'gold', description: 'Guaranteed IOPS', 'description~': 'IOPS', id: QOS_ID, sort_key: 'name', sort_dir: 'asc', limit: '5', offset: '0' });
    expect(headers(seen[0])).toEqual(['2.94', null]);
    await expect(pinned('2.93').qosTypes.list()).rejects.toBeInstanceOf(MicroversionError);
    await expect(pinned('2.99').qosTypes.list({ specs: 'x' } as never)).rejects.toBeInstanceOf(ValidationError);
    expect(seen).toHaveLength(1);
  });

  it('a walk pages by offset', async () => {
    const all = [QOS, { ...QOS, id: 'b3c1a7f2-3e64-4a5f-8e0c-1d2b3c4d5e6f', name: 'silver' }, { ...QOS, id: 'c4d2b8a3-4f75-4b6a-9f1d-2e3c4d5e6f70', name: 'bronze' }];
    const seen = route('GET', '/qos-types', (s) => {
      const offset = Number(s.query.get('offset') ?? 0);
      const limit = Number(s.query.get('limit'));
      return HttpResponse.json({ qos_types: all.slice(offset, offset + limit) });
    });
    const names: string[] = [];
    for await (const q of pinned('2.99').qosTypes.list({ limit: 2 })) names.push(q.name);
    expect(names).toEqual(['gold-iops', 'silver', 'bronze']);
    expect(seen.map((s) => [s.query.get('limit'), s.query.get('offset') ?? '0'])).toEqual([['2', '0'], ['2', '2']]);
  });

  it('create wraps qos_type and unwraps the answer; name is required and unknown fields are refused', async () => {
    const seen = route('POST', '/qos-types', { qos_type: QOS });
    const created = await pinned('2.94').qosTypes.create({ name: 'gold-iops', description: 'Guaranteed IOPS', specs: { max_iops: '1000' } });
    expect(created).toEqual(QOS);
    expect(seen[0].body).toEqual({ qos_type: { name: 'gold-iops', description: 'Guaranteed IOPS', specs: { max_iops: '1000' } } });
    expect(headers(seen[0])).toEqual(['2.94', null]);
    // @ts-expect-error name is required
    await expect(pinned('2.99').qosTypes.create({ description: 'x' })).rejects.toBeInstanceOf(ValidationError);
    await expect(pinned('2.99').qosTypes.create({ name: 'x', share_type: 'default' } as never)).rejects.toBeInstanceOf(ValidationError);
    await expect(pinned('2.93').qosTypes.create({ name: 'x' })).rejects.toBeInstanceOf(MicroversionError);
    expect(seen).toHaveLength(1);
  });

  it('show, update (description only) and delete', async () => {
    const show = route('GET', `/qos-types/${QOS_ID}`, { qos_type: QOS });
    const upd = route('PUT', `/qos-types/${QOS_ID}`, { qos_type: { ...QOS, description: null, updated_at: T } });
    const del = route('DELETE', `/qos-types/${QOS_ID}`, null, 204);
    const m = pinned('2.99');
    expect(await m.qosTypes.show(QOS_ID)).toEqual(QOS);
    expect((await m.qosTypes.update(QOS_ID, { description: null })).description).toBeNull();
    await expect(m.qosTypes.delete(QOS_ID)).resolves.toBeUndefined();
    expect(upd[0].body).toEqual({ qos_type: { description: null } });
    expect([show[0].method, upd[0].method, del[0].method]).toEqual(['GET', 'PUT', 'DELETE']);
    expect(headers(del[0])).toEqual(['2.99', null]);
    // A QoS type cannot be renamed: the SDK refuses what Manila would drop.
    await expect(m.qosTypes.update(QOS_ID, { name: 'platinum' } as never)).rejects.toBeInstanceOf(ValidationError);
    await expect(pinned('2.93').qosTypes.show(QOS_ID)).rejects.toBeInstanceOf(MicroversionError);
  });

  it('a type in use cannot be deleted: 400 is a BadRequestError', async () => {
    route('DELETE', `/qos-types/${QOS_ID}`, () => fault(400, 'badRequest', `QoS type ${QOS_ID} is in use.`));
    await expect(pinned('2.99').qosTypes.delete(QOS_ID)).rejects.toBeInstanceOf(BadRequestError);
  });

  it('find by name goes through the exact name filter', async () => {
    const list = route('GET', '/qos-types', (s) => HttpResponse.json({ qos_types: s.query.get('name') === QOS.name && !Number(s.query.get('offset')) ? [QOS] : [] }));
    route('GET', `/qos-types/${QOS_ID}`, { qos_type: QOS });
    expect((await pinned('2.99').qosTypes.find('gold-iops')).id).toBe(QOS_ID);
    expect(list[0].query.get('name')).toBe('gold-iops');
  });
});

describe('QoS type specs', () => {
  it('get, set, getItem, update and delete', async () => {
    const get = route('GET', `/qos-types/${QOS_ID}/specs`, { specs: { max_iops: '1000', peak_iops: '2000' } });
    const set = route('POST', `/qos-types/${QOS_ID}/specs`, { specs: { peak_iops: '3000' } });
    const getItem = route('GET', `/qos-types/${QOS_ID}/specs/:key`, { max_iops: '1000' });
    const upd = route('PUT', `/qos-types/${QOS_ID}/specs/:key`, { max_iops: '1500' });
    const del = route('DELETE', `/qos-types/${QOS_ID}/specs/:key`, null, 204);
    const m = pinned('2.94');
    expect(await m.qosTypeSpecs.get(QOS_ID)).toEqual({ max_iops: '1000', peak_iops: '2000' });
    expect(await m.qosTypeSpecs.set(QOS_ID, { peak_iops: '3000' })).toEqual({ peak_iops: '3000' });
    expect(await m.qosTypeSpecs.getItem(QOS_ID, 'max_iops')).toEqual({ max_iops: '1000' });
    expect(await m.qosTypeSpecs.update(QOS_ID, 'max_iops', { max_iops: '1500' })).toEqual({ max_iops: '1500' });
    await expect(m.qosTypeSpecs.delete(QOS_ID, 'max_iops')).resolves.toBeUndefined();
    expect(set[0].body).toEqual({ specs: { peak_iops: '3000' } });
    expect(upd[0].body).toEqual({ max_iops: '1500' });
    expect([get[0], set[0], getItem[0], upd[0], del[0]].map((s) => `${s.method} ${s.path}`)).toEqual([
      `GET /qos-types/${QOS_ID}/specs`,
      `POST /qos-types/${QOS_ID}/specs`,
      `GET /qos-types/${QOS_ID}/specs/max_iops`,
      `PUT /qos-types/${QOS_ID}/specs/max_iops`,
      `DELETE /qos-types/${QOS_ID}/specs/max_iops`,
    ]);
    for (const s of [get[0], set[0], getItem[0], upd[0], del[0]]) expect(headers(s)).toEqual(['2.94', null]);
  });

  it('refuses every specs call below 2.94 before sending', async () => {
    const m = pinned('2.93');
    await expect(m.qosTypeSpecs.get(QOS_ID)).rejects.toBeInstanceOf(MicroversionError);
    await expect(m.qosTypeSpecs.set(QOS_ID, { a: '1' })).rejects.toBeInstanceOf(MicroversionError);
    await expect(m.qosTypeSpecs.getItem(QOS_ID, 'a')).rejects.toBeInstanceOf(MicroversionError);
    await expect(m.qosTypeSpecs.update(QOS_ID, 'a', { a: '1' })).rejects.toBeInstanceOf(MicroversionError);
    await expect(m.qosTypeSpecs.delete(QOS_ID, 'a')).rejects.toBeInstanceOf(MicroversionError);
  });
});

describe('resource locks', () => {
  it('list sends every filter and answers a page with its count; 2.80 is refused before sending', async () => {
    const seen = route('GET', '/resource-locks', { resource_locks: [LOCK], count: 1 });
    const filters = {
      all_projects: true,
      project_id: LOCK.project_id,
      user_id: LOCK.user_id,
      id: LOCK_ID,
      resource_id: SHARE_ID,
      resource_type: 'share',
      resource_action: 'delete',
      lock_context: 'user',
      lock_reason: 'payroll archive',
      'lock_reason~': 'payroll',
      created_since: '2026-01-01T00:00:00Z',
      created_before: '2026-01-02T00:00:00Z',
      sort_key: 'resource_id',
      sort_dir: 'asc',
      with_count: true,
      limit: 10,
      offset: 0,
    } as const;
    const page = await pinned('2.81').resourceLocks.list(filters);
    expect(page.items).toEqual([LOCK]);
    expect(page.count).toBe(1);
    expect(query(seen[0])).toEqual(Object.fromEntries(Object.entries(filters).map(([k, v]) => [k, String(v)])));
    expect(headers(seen[0])).toEqual(['2.81', null]);
    await expect(pinned('2.80').resourceLocks.list()).rejects.toBeInstanceOf(MicroversionError);
    await expect(pinned('2.99').resourceLocks.list({ share_id: SHARE_ID } as never)).rejects.toBeInstanceOf(ValidationError);
    expect(seen).toHaveLength(1);
  });

  it('create wraps resource_lock; resource_id and resource_type are required, other fields refused', async () => {
    const seen = route('POST', '/resource-locks', { resource_lock: LOCK });
    const lock = await pinned('2.81').resourceLocks.create({ resource_id: SHARE_ID, resource_type: 'share', resource_action: 'delete', lock_reason: 'payroll archive' });
    expect(lock).toEqual(LOCK);
    expect(seen[0].body).toEqual({ resource_lock: { resource_id: SHARE_ID, resource_type: 'share', resource_action: 'delete', lock_reason: 'payroll archive' } });
    expect(headers(seen[0])).toEqual(['2.81', null]);
    // Manila 23 answers 500 without resource_type, so the SDK asks for it.
    // @ts-expect-error resource_type is required
    await expect(pinned('2.99').resourceLocks.create({ resource_id: SHARE_ID })).rejects.toBeInstanceOf(ValidationError);
    await expect(pinned('2.99').resourceLocks.create({ resource_id: SHARE_ID, resource_type: 'share', lock_context: 'admin' } as never)).rejects.toBeInstanceOf(ValidationError);
    await expect(pinned('2.80').resourceLocks.create({ resource_id: SHARE_ID, resource_type: 'share' })).rejects.toBeInstanceOf(MicroversionError);
    expect(seen).toHaveLength(1);
  });

  it('show, update and delete', async () => {
    const show = route('GET', `/resource-locks/${LOCK_ID}`, { resource_lock: LOCK });
    const upd = route('PUT', `/resource-locks/${LOCK_ID}`, { resource_lock: { ...LOCK, lock_reason: null, updated_at: T } });
    const del = route('DELETE', `/resource-locks/${LOCK_ID}`, null, 204);
    const m = pinned('2.99');
    expect(await m.resourceLocks.show(LOCK_ID)).toEqual(LOCK);
    expect((await m.resourceLocks.update(LOCK_ID, { lock_reason: null })).lock_reason).toBeNull();
    await expect(m.resourceLocks.delete(LOCK_ID)).resolves.toBeUndefined();
    expect(upd[0].body).toEqual({ resource_lock: { lock_reason: null } });
    expect([show[0].method, upd[0].method, del[0].method]).toEqual(['GET', 'PUT', 'DELETE']);
    // Only the reason and the action can change.
    await expect(m.resourceLocks.update(LOCK_ID, { resource_id: RULE_ID } as never)).rejects.toBeInstanceOf(ValidationError);
    expect(await m.resourceLocks.deleteIfExists(LOCK_ID)).toBe(true);
  });

  it('a locked share refuses deletion with a typed error', async () => {
    route('DELETE', `/shares/${SHARE_ID}`, () => fault(403, 'forbidden', `Resource lock/s [${LOCK_ID}] prevent delete action.`));
    const err = await pinned('2.99').shares.delete(SHARE_ID).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ForbiddenError);
    expect((err as ForbiddenError).serverMessage).toContain(LOCK_ID);
  });
});

describe('share transfers', () => {
  it('create answers 202 with auth_key readable but hidden from JSON and inspect', async () => {
    const seen = route('POST', '/share-transfers', { transfer: { ...TRANSFER, auth_key: AUTH_KEY } }, 202);
    const t = await pinned('2.77').shareTransfers.create({ share_id: SHARE_ID, name: 'to-analytics' });
    expect(seen[0].body).toEqual({ transfer: { share_id: SHARE_ID, name: 'to-analytics' } });
    expect(headers(seen[0])).toEqual(['2.77', null]);
    expect(t.auth_key).toBe(AUTH_KEY);
    expect(t.id).toBe(TRANSFER_ID);
    expect(Object.keys(t)).not.toContain('auth_key');
    expect(JSON.stringify(t)).not.toContain(AUTH_KEY);
    expect(inspect(t, { depth: 5 })).not.toContain(AUTH_KEY);
    expect(JSON.parse(JSON.stringify(t))).toEqual(TRANSFER);
    const { data, response } = await pinned('2.99').shareTransfers.create({ share_id: SHARE_ID }).withResponse();
    expect(response.status).toBe(202);
    expect(data.auth_key).toBe(AUTH_KEY);
    expect(JSON.stringify(data)).not.toContain(AUTH_KEY);
    // @ts-expect-error share_id is required
    await expect(pinned('2.99').shareTransfers.create({ name: 'x' })).rejects.toBeInstanceOf(ValidationError);
    await expect(pinned('2.99').shareTransfers.create({ share_id: SHARE_ID, resource_type: 'share' } as never)).rejects.toBeInstanceOf(ValidationError);
    await expect(pinned('2.76').shareTransfers.create({ share_id: SHARE_ID })).rejects.toBeInstanceOf(MicroversionError);
  });

  it('the key never reaches an error, even when the server echoes it', async () => {
    route('POST', '/share-transfers', { transfer: { ...TRANSFER, auth_key: AUTH_KEY } }, 202);
    const t = await pinned('2.99').shareTransfers.create({ share_id: SHARE_ID });
    route('GET', `/shares/${t.auth_key}`, () => fault(404, 'itemNotFound', `Share ${t.auth_key} could not be found.`));
    const err = (await pinned('2.99').shares.show(t.auth_key).catch((e: unknown) => e)) as NotFoundError;
    expect(err).toBeInstanceOf(NotFoundError);
    for (const text of [err.message, err.serverMessage, JSON.stringify(err.body), inspect(err)]) expect(text).not.toContain(AUTH_KEY);
  });

  it('accept wraps accept, sends the key and answers nothing; an echo of the key sent is scrubbed', async () => {
    const sentKey = 'a0b1c2d3e4f5a6b7';
    const seen = route('POST', `/share-transfers/${TRANSFER_ID}/accept`, (_s, n) =>
      n === 1 ? new HttpResponse(null, { status: 202 }) : fault(400, 'badRequest', `Invalid auth key ${sentKey} for transfer ${TRANSFER_ID}`),
    );
    await expect(pinned('2.77').shareTransfers.accept(TRANSFER_ID, { auth_key: sentKey, clear_access_rules: true })).resolves.toBeUndefined();
    expect(seen[0].body).toEqual({ accept: { auth_key: sentKey, clear_access_rules: true } });
    expect(headers(seen[0])).toEqual(['2.77', null]);
    const err = (await pinned('2.99').shareTransfers.accept(TRANSFER_ID, { auth_key: sentKey }).catch((e: unknown) => e)) as BadRequestError;
    expect(err).toBeInstanceOf(BadRequestError);
    expect(err.serverMessage).toContain(TRANSFER_ID);
    for (const text of [err.message, JSON.stringify(err.body), inspect(err)]) expect(text).not.toContain(sentKey);
    // @ts-expect-error auth_key is required
    await expect(pinned('2.99').shareTransfers.accept(TRANSFER_ID, { clear_access_rules: true })).rejects.toBeInstanceOf(ValidationError);
    await expect(pinned('2.76').shareTransfers.accept(TRANSFER_ID, { auth_key: sentKey })).rejects.toBeInstanceOf(MicroversionError);
    expect(seen).toHaveLength(2);
  });

  it('list and listDetail send the filters and answer pages', async () => {
    const list = route('GET', '/share-transfers', { transfers: [TRANSFER_SUMMARY] });
    const detail = route('GET', '/share-transfers/detail', { transfers: [TRANSFER] });
    const filters = {
      all_tenants: true,
      name: 'to-analytics',
      'name~': 'analytics',
      id: TRANSFER_ID,
      resource_id: SHARE_ID,
      resource_type: 'share',
      source_project_id: TRANSFER.source_project_id,
      destination_project_id: 'f1e2d3c4b5a697887766554433221100',
      sort_key: 'display_name',
      sort_dir: 'desc',
      limit: 3,
      offset: 1,
    } as const;
    expect((await pinned('2.77').shareTransfers.list(filters)).items).toEqual([TRANSFER_SUMMARY]);
    expect((await pinned('2.99').shareTransfers.listDetail({ resource_id: SHARE_ID })).items).toEqual([TRANSFER]);
    expect(query(list[0])).toEqual(Object.fromEntries(Object.entries(filters).map(([k, v]) => [k, String(v)])));
    expect(query(detail[0])).toEqual({ resource_id: SHARE_ID });
    expect(headers(list[0])).toEqual(['2.77', null]);
    await expect(pinned('2.76').shareTransfers.list()).rejects.toBeInstanceOf(MicroversionError);
    await expect(pinned('2.76').shareTransfers.listDetail()).rejects.toBeInstanceOf(MicroversionError);
    await expect(pinned('2.99').shareTransfers.list({ share_id: SHARE_ID } as never)).rejects.toBeInstanceOf(ValidationError);
  });

  it('show and delete (200, no body)', async () => {
    const show = route('GET', `/share-transfers/${TRANSFER_ID}`, { transfer: TRANSFER });
    const del = route('DELETE', `/share-transfers/${TRANSFER_ID}`, null, 200);
    const m = pinned('2.99');
    expect(await m.shareTransfers.show(TRANSFER_ID)).toEqual(TRANSFER);
    const { data, response } = await m.shareTransfers.delete(TRANSFER_ID).withResponse();
    expect(data).toBeUndefined();
    expect(response.status).toBe(200);
    expect([show[0].path, del[0].path, del[0].method]).toEqual([`/share-transfers/${TRANSFER_ID}`, `/share-transfers/${TRANSFER_ID}`, 'DELETE']);
    await expect(pinned('2.76').shareTransfers.show(TRANSFER_ID)).rejects.toBeInstanceOf(MicroversionError);
    await expect(pinned('2.76').shareTransfers.delete(TRANSFER_ID)).rejects.toBeInstanceOf(MicroversionError);
  });
});

// The admin's operations on the wire: services, scheduler pools, quota sets,
// quota class sets and extensions, with their legacy os- URLs below 2.7 and
// every microversion bound refused before anything is sent.
import { describe, expect, it } from 'vitest';
import { EXPERIMENTAL_HEADER, MicroversionError, OverLimitError, ValidationError, VERSION_HEADER } from '../../src/index.js';
import { fault, pinned, route, type Seen } from './support/manila-mock.js';

const PROJECT = '2f5c4a1e8b3d4c6f9a7e1d2c3b4a5f6e';
const SERVICE = {
  id: 1,
  binary: 'manila-data',
  host: 'testbed',
  zone: 'nova',
  status: 'enabled',
  state: 'up',
  updated_at: '2026-01-01T00:00:00.000000',
  disabled_reason: null,
  ensuring: false,
};
const POOL = { name: 'testbed@alpha#fake_pool_for_ALPHA', host: 'testbed', backend: 'alpha', pool: 'fake_pool_for_ALPHA' };
const LIMITS = { shares: 50, gigabytes: 1000, snapshots: 50, snapshot_gigabytes: 1000, share_networks: 10 };
const FOX = { name: 'Fox In Socks', alias: 'FOXNSOX', description: 'The Fox In Socks Extension.', updated: '2011-01-22T13:25:27-06:00', links: [] };

/** The parts of a request a test pins down exactly. */
const wire = (s: Seen) => ({
  method: s.method,
  path: s.path,
  query: Object.fromEntries(s.query),
  body: s.body,
  version: s.headers.get(VERSION_HEADER),
  experimental: s.headers.get(EXPERIMENTAL_HEADER),
});

describe('services', () => {
  it('list sends every filter and answers a page of services', async () => {
    const seen = route('GET', '/services', { services: [SERVICE] });
    const page = await pinned('2.99').services.list({ host: 'testbed', binary: 'manila-data', topic: 'manila-data', zone: 'nova', state: 'up', status: 'enabled', ensuring: false });
    expect(page.items).toEqual([SERVICE]);
    expect(wire(seen[0])).toEqual({
      method: 'GET',
      path: '/services',
      query: { host: 'testbed', binary: 'manila-data', topic: 'manila-data', zone: 'nova', state: 'up', status: 'enabled', ensuring: 'false' },
      body: undefined,
      version: '2.99',
      experimental: null,
    });
  });

  it('list uses /os-services below 2.7, without the ensuring filter', async () => {
    const legacy = route('GET', '/os-services', { services: [{ ...SERVICE, disabled_reason: undefined, ensuring: undefined }] });
    const old = pinned('2.6');
    expect((await old.services.list({ binary: 'manila-share' })).items).toHaveLength(1);
    expect(wire(legacy[0])).toMatchObject({ path: '/os-services', query: { binary: 'manila-share' }, version: '2.6' });
    // A walk of the list is one request: it is not paginated.
    const walked = [];
    for await (const s of old.services.list()) walked.push(s);
    expect(walked).toHaveLength(1);
    expect(legacy).toHaveLength(2);
    expect([...legacy[1].query]).toEqual([]);
    // Only the current URL knows the filter: a question of version, not a typo.
    await expect(old.services.list({ ensuring: true })).rejects.toBeInstanceOf(MicroversionError);
  });

  it('refuses ensuring below 2.93, and unknown filters, before sending', async () => {
    const err = await pinned('2.92').services.list({ ensuring: true }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(MicroversionError);
    expect((err as Error).message).toMatch(/filter "ensuring" needs microversion 2\.93/);
    // @ts-expect-error not a filter of the call
    await expect(pinned('2.99').services.list({ hostname: 'testbed' })).rejects.toThrow(/unknown filter "hostname"/);
  });

  it('enable and disable send host and binary without an envelope, and answer the status change', async () => {
    const on = route('PUT', '/services/enable', { host: 'testbed', binary: 'manila-data', status: 'enabled', disabled_reason: null, ensuring: null });
    const off = route('PUT', '/services/disable', { host: 'testbed', binary: 'manila-data', status: 'disabled', disabled_reason: 'maintenance', ensuring: null });
    const m = pinned('2.99');
    expect(await m.services.disable({ host: 'testbed', binary: 'manila-data', disabled_reason: 'maintenance' })).toMatchObject({ status: 'disabled', disabled_reason: 'maintenance' });
    expect((await m.services.enable({ host: 'testbed', binary: 'manila-data' })).status).toBe('enabled');
    expect(wire(off[0])).toEqual({ method: 'PUT', path: '/services/disable', query: {}, body: { host: 'testbed', binary: 'manila-data', disabled_reason: 'maintenance' }, version: '2.99', experimental: null });
    expect(wire(on[0])).toEqual({ method: 'PUT', path: '/services/enable', query: {}, body: { host: 'testbed', binary: 'manila-data' }, version: '2.99', experimental: null });
  });

  it('enable and disable use /os-services below 2.7; a reason needs 2.83', async () => {
    const on = route('PUT', '/os-services/enable', { host: 'h', binary: 'manila-data', status: 'enabled' });
    const off = route('PUT', '/os-services/disable', { host: 'h', binary: 'manila-data', status: 'disabled' });
    const old = pinned('2.6');
    await old.services.disable({ host: 'h', binary: 'manila-data' });
    await old.services.enable({ host: 'h', binary: 'manila-data' });
    expect(wire(off[0])).toMatchObject({ path: '/os-services/disable', body: { host: 'h', binary: 'manila-data' }, version: '2.6' });
    expect(wire(on[0])).toMatchObject({ path: '/os-services/enable', body: { host: 'h', binary: 'manila-data' }, version: '2.6' });
    await expect(old.services.disable({ host: 'h', binary: 'manila-data', disabled_reason: 'x' })).rejects.toBeInstanceOf(MicroversionError);
    await expect(pinned('2.82').services.disable({ host: 'h', binary: 'manila-data', disabled_reason: 'x' })).rejects.toThrow(/field "disabled_reason" needs microversion 2\.83/);
    // @ts-expect-error binary is required
    await expect(pinned('2.99').services.enable({ host: 'h' })).rejects.toBeInstanceOf(ValidationError);
    // @ts-expect-error reason is not a field of enable
    await expect(pinned('2.99').services.enable({ host: 'h', binary: 'manila-data', reason: 'x' })).rejects.toThrow(/unknown field "reason"/);
  });

  it('ensureShares posts {ensure_shares: {host}} from 2.86 and answers nothing', async () => {
    const seen = route('POST', '/services/ensure-shares', null, 202);
    const { data, response } = await pinned('2.86').services.ensureShares({ host: 'testbed@alpha' }).withResponse();
    expect(data).toBeUndefined();
    expect(response.status).toBe(202);
    expect(wire(seen[0])).toEqual({ method: 'POST', path: '/services/ensure-shares', query: {}, body: { ensure_shares: { host: 'testbed@alpha' } }, version: '2.86', experimental: null });
    await expect(pinned('2.85').services.ensureShares({ host: 'testbed@alpha' })).rejects.toBeInstanceOf(MicroversionError);
  });
});

describe('scheduler pools', () => {
  it('list sends the regex filters and share_type, and answers a page of pools', async () => {
    const seen = route('GET', '/scheduler-stats/pools', { pools: [POOL] });
    const page = await pinned('2.23').pools.list({ name: 'testbed@', host: 'test', backend: 'alp', pool: 'fake', share_type: 'default' });
    expect(page.items).toEqual([POOL]);
    expect(wire(seen[0])).toEqual({
      method: 'GET',
      path: '/scheduler-stats/pools',
      query: { name: 'testbed@', host: 'test', backend: 'alp', pool: 'fake', share_type: 'default' },
      body: undefined,
      version: '2.23',
      experimental: null,
    });
  });

  it('listDetail reads /scheduler-stats/pools/detail, capabilities and all; a walk sends no paging keys', async () => {
    const capabilities = { total_capacity_gb: 1230, free_capacity_gb: 1210, share_backend_name: 'ALPHA', vendor_specific: { a: 1 } };
    const seen = route('GET', '/scheduler-stats/pools/detail', { pools: [{ ...POOL, capabilities }] });
    const got = [];
    // Any key Manila does not know (limit, offset) would empty the answer.
    for await (const p of pinned('2.0').pools.listDetail({ backend: 'alpha' })) got.push(p);
    expect(got[0].capabilities).toEqual(capabilities);
    expect(wire(seen[0])).toMatchObject({ path: '/scheduler-stats/pools/detail', query: { backend: 'alpha' }, version: '2.0' });
  });

  it('refuses share_type below 2.23, and capabilities (500 for any value in Manila 23), before sending', async () => {
    await expect(pinned('2.22').pools.list({ share_type: 'default' })).rejects.toThrow(/filter "share_type" needs microversion 2\.23/);
    await expect(pinned('2.22').pools.listDetail({ share_type: 'default' })).rejects.toBeInstanceOf(MicroversionError);
    // @ts-expect-error left out of the spec
    await expect(pinned('2.99').pools.list({ capabilities: '{}' })).rejects.toThrow(/unknown filter "capabilities"/);
    // @ts-expect-error lists without paging take no limit
    await expect(pinned('2.99').pools.list({ limit: 5 })).rejects.toBeInstanceOf(ValidationError);
  });
});

describe('quota sets', () => {
  it('show reads /quota-sets/{project} with user_id or share_type and unwraps quota_set', async () => {
    const seen = route('GET', `/quota-sets/${PROJECT}`, { quota_set: { id: PROJECT, ...LIMITS } });
    const m = pinned('2.39');
    expect(await m.quotaSets.show(PROJECT, { share_type: 'gold' })).toEqual({ id: PROJECT, ...LIMITS });
    await m.quotaSets.show(PROJECT, { user_id: 'u1' });
    await m.quotaSets.show(PROJECT);
    expect(seen.map(wire)).toEqual([
      { method: 'GET', path: `/quota-sets/${PROJECT}`, query: { share_type: 'gold' }, body: undefined, version: '2.39', experimental: null },
      { method: 'GET', path: `/quota-sets/${PROJECT}`, query: { user_id: 'u1' }, body: undefined, version: '2.39', experimental: null },
      { method: 'GET', path: `/quota-sets/${PROJECT}`, query: {}, body: undefined, version: '2.39', experimental: null },
    ]);
  });

  it('show uses /os-quota-sets below 2.7; share_type needs 2.39', async () => {
    const legacy = route('GET', `/os-quota-sets/${PROJECT}`, { quota_set: { id: PROJECT, ...LIMITS } });
    expect((await pinned('2.6').quotaSets.show(PROJECT, { user_id: 'u1' })).shares).toBe(50);
    expect(wire(legacy[0])).toMatchObject({ path: `/os-quota-sets/${PROJECT}`, query: { user_id: 'u1' }, version: '2.6' });
    await expect(pinned('2.38').quotaSets.show(PROJECT, { share_type: 'gold' })).rejects.toThrow(/filter "share_type" needs microversion 2\.39/);
    // The legacy URL has no share type limits at all.
    await expect(pinned('2.6').quotaSets.show(PROJECT, { share_type: 'gold' })).rejects.toBeInstanceOf(MicroversionError);
  });

  it('showDetail reads /detail from 2.25, with usage per limit', async () => {
    const usage = { id: PROJECT, shares: { limit: 50, in_use: 2, reserved: 1 } };
    const seen = route('GET', `/quota-sets/${PROJECT}/detail`, { quota_set: usage });
    expect(await pinned('2.25').quotaSets.showDetail(PROJECT, { user_id: 'u1' })).toEqual(usage);
    expect(wire(seen[0])).toEqual({ method: 'GET', path: `/quota-sets/${PROJECT}/detail`, query: { user_id: 'u1' }, body: undefined, version: '2.25', experimental: null });
    await expect(pinned('2.24').quotaSets.showDetail(PROJECT)).rejects.toBeInstanceOf(MicroversionError);
    await expect(pinned('2.38').quotaSets.showDetail(PROJECT, { share_type: 'gold' })).rejects.toBeInstanceOf(MicroversionError);
  });

  it('showDefaults reads /defaults, under /os-quota-sets below 2.7', async () => {
    const current = route('GET', `/quota-sets/${PROJECT}/defaults`, { quota_set: { id: PROJECT, ...LIMITS } });
    const legacy = route('GET', `/os-quota-sets/${PROJECT}/defaults`, { quota_set: { id: PROJECT, ...LIMITS } });
    expect(await pinned('2.7').quotaSets.showDefaults(PROJECT)).toEqual({ id: PROJECT, ...LIMITS });
    expect(await pinned('2.6').quotaSets.showDefaults(PROJECT)).toEqual({ id: PROJECT, ...LIMITS });
    expect(wire(current[0])).toMatchObject({ path: `/quota-sets/${PROJECT}/defaults`, query: {}, version: '2.7' });
    expect(wire(legacy[0])).toMatchObject({ path: `/os-quota-sets/${PROJECT}/defaults`, query: {}, version: '2.6' });
  });

  it('update wraps the limits in quota_set and unwraps the answer; user_id and share_type, in the same input, go to the query', async () => {
    const seen = route('PUT', `/quota-sets/${PROJECT}`, (s) => Response.json({ quota_set: { ...LIMITS, ...(s.body as { quota_set: object }).quota_set } }));
    const m = pinned('2.99');
    expect((await m.quotaSets.update(PROJECT, { shares: 7, encryption_keys: 3, force: true })).shares).toBe(7);
    await m.quotaSets.update(PROJECT, { shares: 0, share_type: 'gold' });
    await expect(pinned('2.38').quotaSets.update(PROJECT, { shares: 0, share_type: 'gold' })).rejects.toThrow(/filter "share_type" needs microversion 2\.39/);
    expect(seen.map(wire)).toEqual([
      { method: 'PUT', path: `/quota-sets/${PROJECT}`, query: {}, body: { quota_set: { shares: 7, encryption_keys: 3, force: true } }, version: '2.99', experimental: null },
      { method: 'PUT', path: `/quota-sets/${PROJECT}`, query: { share_type: 'gold' }, body: { quota_set: { shares: 0 } }, version: '2.99', experimental: null },
    ]);
  });

  it('update refuses each newer key below its version, and unknown keys, before sending', async () => {
    const bounds: Array<[string, string]> = [
      ['share_groups', '2.40'],
      ['share_group_snapshots', '2.40'],
      ['share_replicas', '2.53'],
      ['replica_gigabytes', '2.53'],
      ['per_share_gigabytes', '2.62'],
      ['backups', '2.80'],
      ['backup_gigabytes', '2.80'],
      ['encryption_keys', '2.90'],
    ];
    const seen = route('PUT', `/quota-sets/${PROJECT}`, { quota_set: LIMITS });
    for (const [key, min] of bounds) {
      const [maj, minor] = min.split('.').map(Number);
      await expect(pinned(`${maj}.${minor - 1}`).quotaSets.update(PROJECT, { [key]: 1 }), key).rejects.toThrow(new RegExp(`field "${key}" needs microversion ${min.replace('.', '\\.')}`));
      await pinned(min).quotaSets.update(PROJECT, { [key]: 1 });
    }
    expect(seen.map((s) => s.body)).toEqual(bounds.map(([key]) => ({ quota_set: { [key]: 1 } })));
    // @ts-expect-error not a quota
    await expect(pinned('2.99').quotaSets.update(PROJECT, { sharez: 1 })).rejects.toThrow(/unknown field "sharez"/);
  });

  it('update and delete use /os-quota-sets below 2.7', async () => {
    const put = route('PUT', `/os-quota-sets/${PROJECT}`, { quota_set: LIMITS });
    const del = route('DELETE', `/os-quota-sets/${PROJECT}`, null, 202);
    const old = pinned('2.6');
    expect(await old.quotaSets.update(PROJECT, { shares: 5 })).toEqual(LIMITS);
    expect(await old.quotaSets.delete(PROJECT, { user_id: 'u1' })).toBeUndefined();
    expect(wire(put[0])).toMatchObject({ method: 'PUT', path: `/os-quota-sets/${PROJECT}`, body: { quota_set: { shares: 5 } }, version: '2.6' });
    expect(wire(del[0])).toMatchObject({ method: 'DELETE', path: `/os-quota-sets/${PROJECT}`, query: { user_id: 'u1' }, body: undefined, version: '2.6' });
    await expect(old.quotaSets.update(PROJECT, { share_groups: 1 })).rejects.toBeInstanceOf(MicroversionError);
  });

  it('delete sends user_id or share_type (2.39+) as a query and answers nothing', async () => {
    const seen = route('DELETE', `/quota-sets/${PROJECT}`, null, 202);
    const m = pinned('2.39');
    expect(await m.quotaSets.delete(PROJECT, { share_type: 'gold' })).toBeUndefined();
    await m.quotaSets.delete(PROJECT);
    expect(seen.map(wire)).toEqual([
      { method: 'DELETE', path: `/quota-sets/${PROJECT}`, query: { share_type: 'gold' }, body: undefined, version: '2.39', experimental: null },
      { method: 'DELETE', path: `/quota-sets/${PROJECT}`, query: {}, body: undefined, version: '2.39', experimental: null },
    ]);
    await expect(pinned('2.38').quotaSets.delete(PROJECT, { share_type: 'gold' })).rejects.toBeInstanceOf(MicroversionError);
  });

  it('a create over quota is an OverLimitError, sent once despite Retry-After: 0', async () => {
    const seen = route('POST', '/shares', () => fault(413, 'overLimit', 'Requested share exceeds allowed project/user or share type shares quota.', { 'Retry-After': '0' }));
    const err = await pinned('2.99').shares.create({ share_proto: 'NFS', size: 1, share_type: 'gold' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(OverLimitError);
    expect(err).toMatchObject({ status: 413, code: 'overLimit', retryAfter: 0, kind: 'over_limit' });
    expect(seen).toHaveLength(1);
  });
});

describe('quota class sets', () => {
  it('show reads /quota-class-sets/{class}, under /os-quota-class-sets below 2.7', async () => {
    const current = route('GET', '/quota-class-sets/gold%20class', { quota_class_set: { id: 'gold class', ...LIMITS } });
    const legacy = route('GET', '/os-quota-class-sets/gold', { quota_class_set: { id: 'gold', ...LIMITS } });
    expect(await pinned('2.7').quotaClassSets.show('gold class')).toEqual({ id: 'gold class', ...LIMITS });
    expect((await pinned('2.6').quotaClassSets.show('gold')).id).toBe('gold');
    expect(wire(current[0])).toEqual({ method: 'GET', path: '/quota-class-sets/gold%20class', query: {}, body: undefined, version: '2.7', experimental: null });
    expect(wire(legacy[0])).toMatchObject({ path: '/os-quota-class-sets/gold', version: '2.6' });
    await expect(pinned('2.99').quotaClassSets.show('a/b')).rejects.toBeInstanceOf(ValidationError);
  });

  it('update wraps in quota_class_set and unwraps; newer keys wait for their version', async () => {
    const current = route('PUT', '/quota-class-sets/gold', { quota_class_set: { ...LIMITS, shares: 9 } });
    const legacy = route('PUT', '/os-quota-class-sets/gold', { quota_class_set: { ...LIMITS, shares: 8 } });
    expect((await pinned('2.90').quotaClassSets.update('gold', { shares: 9, encryption_keys: 2 })).shares).toBe(9);
    expect((await pinned('2.6').quotaClassSets.update('gold', { shares: 8 })).shares).toBe(8);
    expect(wire(current[0])).toEqual({ method: 'PUT', path: '/quota-class-sets/gold', query: {}, body: { quota_class_set: { shares: 9, encryption_keys: 2 } }, version: '2.90', experimental: null });
    expect(wire(legacy[0])).toMatchObject({ path: '/os-quota-class-sets/gold', body: { quota_class_set: { shares: 8 } }, version: '2.6' });
    await expect(pinned('2.89').quotaClassSets.update('gold', { encryption_keys: 2 })).rejects.toBeInstanceOf(MicroversionError);
    await expect(pinned('2.39').quotaClassSets.update('gold', { share_groups: 2 })).rejects.toBeInstanceOf(MicroversionError);
    // No force for classes.
    // @ts-expect-error not a field of a class update
    await expect(pinned('2.99').quotaClassSets.update('gold', { force: true })).rejects.toThrow(/unknown field "force"/);
  });
});

describe('extensions', () => {
  it('list answers a page, show unwraps extension', async () => {
    const list = route('GET', '/extensions', { extensions: [FOX] });
    const show = route('GET', '/extensions/FOXNSOX', { extension: FOX });
    const m = pinned('2.0');
    expect((await m.extensions.list()).items).toEqual([FOX]);
    expect(await m.extensions.show('FOXNSOX')).toEqual(FOX);
    expect(wire(list[0])).toEqual({ method: 'GET', path: '/extensions', query: {}, body: undefined, version: '2.0', experimental: null });
    expect(wire(show[0])).toEqual({ method: 'GET', path: '/extensions/FOXNSOX', query: {}, body: undefined, version: '2.0', experimental: null });
    // The same call at any version; it takes no filters.
    await pinned('2.99').extensions.list();
    expect(list[1].headers.get(VERSION_HEADER)).toBe('2.99');
    // @ts-expect-error no filters
    await expect(pinned('2.99').extensions.list({ alias: 'FOXNSOX' })).rejects.toBeInstanceOf(ValidationError);
  });
});

import { describe, expect, it } from 'vitest';
import { MicroversionError, ValidationError, VERSION_HEADER, EXPERIMENTAL_HEADER } from '../../src/index.js';
import { pinned, route } from './support/manila-mock.js';

const ID = '0b5e8f4c-5cd4-4c6f-a4f6-3a5b2f2c5a11';
const SHARE = { id: ID, name: 'web', status: 'available', size: 1 };
const RULE = { id: '6d0b7a3e-6f0a-4f5c-9f44-1c1d1f1e1a22', access_type: 'ip', access_to: '10.0.0.0/24', access_level: 'rw', state: 'queued_to_apply' };

describe('shares: CRUD', () => {
  it('list sends every filter the server knows, dicts as JSON', async () => {
    const seen = route('GET', '/shares', { shares: [{ id: ID, name: 'web', links: [] }], count: 1 });
    const out = await pinned('2.99').shares.list({
      'name~': 'we',
      'description~': 'prod',
      with_count: true,
      is_soft_deleted: false,
      export_location_path: '10.0.0.10:/x',
      sort_key: 'created_at',
      sort_dir: 'desc',
      metadata: { env: 'prod' },
      extra_specs: { snapshot_support: 'True' },
      status: 'available',
      limit: 10,
      offset: 20,
    });
    expect(out.count).toBe(1);
    expect(seen[0].method).toBe('GET');
    expect(Object.fromEntries(seen[0].query)).toEqual({
      'name~': 'we',
      'description~': 'prod',
      with_count: 'true',
      is_soft_deleted: 'false',
      export_location_path: '10.0.0.10:/x',
      sort_key: 'created_at',
      sort_dir: 'desc',
      metadata: '{"env":"prod"}',
      extra_specs: '{"snapshot_support":"True"}',
      status: 'available',
      limit: '10',
      offset: '20',
    });
    expect(seen[0].headers.get(VERSION_HEADER)).toBe('2.99');
  });

  it('refuses filters the negotiated version does not have, before sending', async () => {
    const m = pinned('2.35');
    await expect(m.shares.list({ 'name~': 'x' })).rejects.toThrow(/filter "name~" needs microversion 2\.36 or later/);
    await expect(pinned('2.68').shares.listDetail({ is_soft_deleted: true })).rejects.toBeInstanceOf(MicroversionError);
  });

  it('listDetail and show return typed shares; show unwraps', async () => {
    const list = route('GET', '/shares/detail', { shares: [SHARE] });
    const show = route('GET', `/shares/${ID}`, { share: SHARE });
    const m = pinned('2.99');
    expect((await m.shares.listDetail({ limit: 1 })).items[0].status).toBe('available');
    const s = await m.shares.show(ID);
    expect(s.id).toBe(ID);
    expect(list[0].query.get('limit')).toBe('1');
    expect(show[0].path).toBe(`/shares/${ID}`);
  });

  it('create wraps the body in "share" and returns the share', async () => {
    const seen = route('POST', '/shares', { share: { ...SHARE, status: 'creating' } });
    const s = await pinned('2.99').shares.create({
      share_proto: 'NFS',
      size: 1,
      name: 'web',
      metadata: { env: 'prod' },
      scheduler_hints: { same_host: 'a' },
      mount_point_name: 'web',
    });
    expect(s.status).toBe('creating');
    expect(seen[0].body).toEqual({
      share: { share_proto: 'NFS', size: 1, name: 'web', metadata: { env: 'prod' }, scheduler_hints: { same_host: 'a' }, mount_point_name: 'web' },
    });
    expect(seen[0].headers.get('content-type')).toContain('application/json');
  });

  it('create refuses fields newer than the negotiated version and missing required fields', async () => {
    await expect(pinned('2.64').shares.create({ share_proto: 'NFS', size: 1, scheduler_hints: { same_host: 'a' } })).rejects.toThrow(
      /field "scheduler_hints" needs microversion 2\.65/,
    );
    await expect(pinned('2.83').shares.create({ share_proto: 'NFS', size: 1, mount_point_name: 'x' })).rejects.toBeInstanceOf(MicroversionError);
    await expect(pinned('2.89').shares.create({ share_proto: 'NFS', size: 1, encryption_key_ref: 'k' })).rejects.toBeInstanceOf(MicroversionError);
    // @ts-expect-error size is required
    await expect(pinned('2.99').shares.create({ share_proto: 'NFS' })).rejects.toThrow(ValidationError);
  });

  it('update wraps and unwraps', async () => {
    const seen = route('PUT', `/shares/${ID}`, { share: { ...SHARE, name: 'new' } });
    expect((await pinned('2.99').shares.update(ID, { display_name: 'new' })).name).toBe('new');
    expect(seen[0].body).toEqual({ share: { display_name: 'new' } });
  });

  it('delete sends share_group_id as a query', async () => {
    const seen = route('DELETE', `/shares/${ID}`, null, 202);
    await pinned('2.99').shares.delete(ID, { share_group_id: 'g1' });
    await pinned('2.99').shares.delete(ID);
    expect(seen[0].query.get('share_group_id')).toBe('g1');
    expect([...seen[1].query]).toEqual([]);
  });

  it('rejects an empty id before sending', async () => {
    await expect(pinned('2.99').shares.show('')).rejects.toBeInstanceOf(ValidationError);
  });

  it('a list walk pages through /shares by offset, asking for the count', async () => {
    const all = Array.from({ length: 5 }, (_, i) => ({ id: `s${i}`, name: null, links: [] }));
    const seen = route('GET', '/shares', (s) => {
      const o = Number(s.query.get('offset'));
      return Response.json({ shares: all.slice(o, o + Number(s.query.get('limit'))), shares_links: [{ rel: 'next', href: 'http://x/shares?marker=s1' }] });
    });
    const got: string[] = [];
    for await (const s of pinned('2.99').shares.list({ limit: 2, 'name~': 's' })) got.push(s.id);
    expect(got).toEqual(['s0', 's1', 's2', 's3', 's4']);
    expect(seen.map((s) => s.query.get('offset'))).toEqual([null, '2', '4']);
    expect(seen.every((s) => s.query.get('name~') === 's' && s.query.get('with_count') === 'true' && !s.query.has('marker'))).toBe(true);
  });

  it('a walk of the detailed list pages through /shares/detail', async () => {
    const seen = route('GET', '/shares/detail', (s) => Response.json({ shares: s.query.get('offset') ? [] : [SHARE] }));
    const got = [];
    for await (const s of pinned('2.99').shares.listDetail({ limit: 5 })) got.push(s);
    expect(got).toHaveLength(1);
    expect(seen[0].path).toBe('/shares/detail');
  });
});

describe('shares: manage and unmanage', () => {
  it('manage uses /shares/manage from 2.7', async () => {
    const seen = route('POST', '/shares/manage', { share: { ...SHARE, status: 'manage_starting' } });
    const body = { protocol: 'NFS' as const, export_path: '10.0.0.10:/x', service_host: 'h@alpha#pool', share_type: 'default', driver_options: { a: 'b' } };
    await pinned('2.8').shares.manage(body);
    expect(seen[0].body).toEqual({ share: body });
  });

  it('manage uses /os-share-manage below 2.7', async () => {
    const seen = route('POST', '/os-share-manage', { share: SHARE });
    await pinned('2.6').shares.manage({ protocol: 'NFS', export_path: 'x', service_host: 'h@a#p' });
    expect(seen).toHaveLength(1);
    expect(seen[0].headers.get(VERSION_HEADER)).toBe('2.6');
  });

  it('manage refuses share_server_id before 2.49', async () => {
    await expect(pinned('2.48').shares.manage({ protocol: 'NFS', export_path: 'x', service_host: 'h', share_server_id: 's' })).rejects.toBeInstanceOf(MicroversionError);
  });

  it('unmanage is an action from 2.7 and a URL before', async () => {
    const action = route('POST', `/shares/${ID}/action`, null, 202);
    const legacy = route('POST', `/os-share-unmanage/${ID}/unmanage`, null, 202);
    await pinned('2.7').shares.unmanage(ID);
    await pinned('2.6').shares.unmanage(ID);
    expect(action[0].body).toEqual({ unmanage: null });
    expect(legacy).toHaveLength(1);
  });
});

describe('shares: actions', () => {
  const cases: Array<[string, (m: ReturnType<typeof pinned>) => Promise<unknown>, unknown, unknown]> = [
    ['resetStatus', (m) => m.shares.resetStatus(ID, { status: 'error' }), { reset_status: { status: 'error' } }, { 'os-reset_status': { status: 'error' } }],
    ['forceDelete', (m) => m.shares.forceDelete(ID), { force_delete: null }, { 'os-force_delete': null }],
    ['extend', (m) => m.shares.extend(ID, { new_size: 2 }), { extend: { new_size: 2 } }, { 'os-extend': { new_size: 2 } }],
    ['shrink', (m) => m.shares.shrink(ID, { new_size: 1 }), { shrink: { new_size: 1 } }, { 'os-shrink': { new_size: 1 } }],
    ['denyAccess', (m) => m.shares.denyAccess(ID, { access_id: RULE.id }), { deny_access: { access_id: RULE.id } }, { 'os-deny_access': { access_id: RULE.id } }],
  ];
  for (const [name, call, current, legacy] of cases) {
    it(`${name} sends ${Object.keys(current as object)[0]} from 2.7 and the os- key below`, async () => {
      const seen = route('POST', `/shares/${ID}/action`, null, 202);
      expect(await call(pinned('2.99'))).toBeUndefined();
      await call(pinned('2.6'));
      expect(seen.map((s) => s.body)).toEqual([current, legacy]);
      expect(seen[0].headers.get(VERSION_HEADER)).toBe('2.99');
    });
  }

  it('extend with force needs 2.64', async () => {
    const seen = route('POST', `/shares/${ID}/action`, null, 202);
    await pinned('2.64').shares.extend(ID, { new_size: 3, force: true });
    expect(seen[0].body).toEqual({ extend: { new_size: 3, force: true } });
    await expect(pinned('2.63').shares.extend(ID, { new_size: 3, force: true })).rejects.toThrow(/field "force" needs microversion 2\.64/);
  });

  it('refuses misspelt fields before sending, in bodies and in actions, naming what the call takes', async () => {
    // No route: a request would fail the test as unhandled.
    // @ts-expect-error metdata is not a field
    const err = await pinned('2.99').shares.create({ share_proto: 'NFS', size: 1, metdata: { a: 'b' } }).catch((e) => e);
    expect(err).toBeInstanceOf(ValidationError);
    expect(err.message).toMatch(/^shares\.create: unknown field "metdata" \(this call takes .*\bmetadata\b/);
    // @ts-expect-error new_sise is not a field
    await expect(pinned('2.99').shares.extend(ID, { new_sise: 2 })).rejects.toThrow(/unknown field "new_sise" \(this call takes new_size, force\)/);
    // Metadata maps take any key.
    const seen = route('POST', `/shares/${ID}/metadata`, { metadata: { anything: 'goes' } });
    await pinned('2.99').shareMetadata.merge(ID, { anything: 'goes' });
    expect(seen).toHaveLength(1);
  });

  it('checks fields inside objects of the body too: versions and names', async () => {
    // No route: a request would fail the test as unhandled.
    await expect(pinned('2.66').shares.create({ share_proto: 'NFS', size: 1, scheduler_hints: { only_host: 'h@b#p' } })).rejects.toThrow(
      /field "scheduler_hints\.only_host" needs microversion 2\.67 or later; this client uses 2\.66/,
    );
    // @ts-expect-error same_hots is not a hint
    await expect(pinned('2.99').shares.create({ share_proto: 'NFS', size: 1, scheduler_hints: { same_hots: ID } })).rejects.toThrow(
      /unknown field "scheduler_hints\.same_hots" \("scheduler_hints" takes same_host, different_host, only_host\)/,
    );
    const seen = route('POST', '/shares', { share: SHARE });
    await pinned('2.67').shares.create({ share_proto: 'NFS', size: 1, scheduler_hints: { only_host: 'h@b#p' } });
    expect(seen[0].body).toEqual({ share: { share_proto: 'NFS', size: 1, scheduler_hints: { only_host: 'h@b#p' } } });
  });

  it('extend without new_size is refused before sending', async () => {
    // @ts-expect-error new_size is required
    await expect(pinned('2.99').shares.extend(ID, {})).rejects.toThrow(/missing required field "new_size"/);
  });

  it('softDelete and restore exist from 2.69 only', async () => {
    const seen = route('POST', `/shares/${ID}/action`, null, 202);
    await pinned('2.69').shares.softDelete(ID);
    await pinned('2.69').shares.restore(ID);
    expect(seen.map((s) => s.body)).toEqual([{ soft_delete: null }, { restore: null }]);
    const err = await pinned('2.68').shares.softDelete(ID).catch((e) => e);
    expect(err).toBeInstanceOf(MicroversionError);
    expect(err.required).toEqual({ min: '2.69' });
  });

  it('revert exists from 2.27', async () => {
    const seen = route('POST', `/shares/${ID}/action`, null, 202);
    await pinned('2.27').shares.revert(ID, { snapshot_id: 'snap' });
    expect(seen[0].body).toEqual({ revert: { snapshot_id: 'snap' } });
    await expect(pinned('2.26').shares.revert(ID, { snapshot_id: 'snap' })).rejects.toBeInstanceOf(MicroversionError);
  });

  it('allowAccess returns the new rule, with metadata from 2.45 and locks from 2.82', async () => {
    const seen = route('POST', `/shares/${ID}/action`, { access: RULE });
    const rule = await pinned('2.82').shares.allowAccess(ID, {
      access_type: 'ip',
      access_to: '10.0.0.0/24',
      access_level: 'rw',
      metadata: { k: 'v' },
      lock_deletion: true,
      lock_reason: 'prod',
    });
    expect(rule.id).toBe(RULE.id);
    expect(seen[0].body).toEqual({
      allow_access: { access_type: 'ip', access_to: '10.0.0.0/24', access_level: 'rw', metadata: { k: 'v' }, lock_deletion: true, lock_reason: 'prod' },
    });
    await expect(pinned('2.44').shares.allowAccess(ID, { access_type: 'ip', access_to: '1.1.1.1', metadata: { k: 'v' } })).rejects.toThrow(
      /field "metadata"/,
    );
    await expect(pinned('2.81').shares.allowAccess(ID, { access_type: 'ip', access_to: '1.1.1.1', lock_deletion: true })).rejects.toThrow(
      /field "lock_deletion"/,
    );
  });

  it('allowAccess below 2.7 uses os-allow_access', async () => {
    const seen = route('POST', `/shares/${ID}/action`, { access: RULE });
    await pinned('2.0').shares.allowAccess(ID, { access_type: 'ip', access_to: '10.0.0.1' });
    expect(seen[0].body).toEqual({ 'os-allow_access': { access_type: 'ip', access_to: '10.0.0.1' } });
  });

  it('accessList exists up to 2.44 and returns the list', async () => {
    const seen = route('POST', `/shares/${ID}/action`, { access_list: [RULE] });
    expect((await pinned('2.44').shares.accessList(ID)).items).toEqual([RULE]);
    expect(seen[0].body).toEqual({ access_list: null });
    expect((await pinned('2.6').shares.accessList(ID)).items).toEqual([RULE]);
    expect(seen[1].body).toEqual({ 'os-access_list': null });
    const err = await pinned('2.45').shares.accessList(ID).catch((e) => e);
    expect(err).toBeInstanceOf(MicroversionError);
    expect(err.message).toContain('2.44 or earlier');
  });

  it('never sends the experimental header for these calls', async () => {
    const seen = route('POST', `/shares/${ID}/action`, null, 202);
    await pinned('2.99').shares.extend(ID, { new_size: 2 });
    expect(seen[0].headers.get(EXPERIMENTAL_HEADER)).toBeNull();
  });
});

// Share networks, their subnets (2.51+) and subnet metadata (2.78+), and
// security services: the exact wire of every call and action, the
// microversion refusals, the lists (share networks page by offset; security
// services do not, since Manila treats an admin's limit/offset as filters),
// the security service password kept out of sight, and the shareNetwork waiter.
import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { HttpResponse } from 'msw';
import {
  BadRequestError,
  EXPERIMENTAL_HEADER,
  ManilaError,
  MicroversionError,
  NotFoundError,
  ValidationError,
  VERSION_HEADER,
  WaitFailedError,
  type LogRecord,
} from '../../src/index.js';
import { client, fault, pinned, route } from './support/manila-mock.js';

const NET = '7adcc53f-a729-4123-812f-231a38b1a72b';
const SUBNET = '6fa33912-1ce1-4102-8827-ba343a278f8d';
const SS = 'a9048c60-d758-4c99-855d-15d17b5da9f5';
const SS2 = 'a816cb7c-f458-4676-a0ac-ce1969aaa45b';
const NEUTRON_NET = '998b42ee-2cee-4d36-8b95-67b5ca1f2109';
const NEUTRON_SUBNET = '53482b62-2c84-4a53-b6ab-30d9d9800d06';
const PASSWORD = 'Ld4p-s3cret-pw';

const SUBNET_BODY = {
  id: SUBNET,
  availability_zone: null,
  share_network_id: NET,
  share_network_name: 'net1',
  created_at: '2026-01-01T00:00:00.000000',
  updated_at: null,
  segmentation_id: null,
  neutron_net_id: NEUTRON_NET,
  neutron_subnet_id: NEUTRON_SUBNET,
  ip_version: null,
  cidr: null,
  network_type: null,
  mtu: null,
  gateway: null,
  metadata: {},
};
const NETWORK = {
  id: NET,
  name: 'net1',
  project_id: 'bf15f55ba4df47c3b58437ec7772280c',
  created_at: '2026-01-01T00:00:00.000000',
  updated_at: null,
  description: null,
  status: 'active',
  security_service_update_support: true,
  network_allocation_update_support: true,
  share_network_subnets: [SUBNET_BODY],
};
const SERVICE = {
  id: SS,
  name: 'corp-ldap',
  type: 'ldap',
  status: 'new',
  created_at: '2026-01-01T00:00:00.000000',
  updated_at: null,
  description: null,
  dns_ip: '10.0.0.2',
  server: 'ldap.example.org',
  domain: 'example.org',
  user: 'cn=admin',
  password: PASSWORD,
  project_id: 'bf15f55ba4df47c3b58437ec7772280c',
  ou: null,
  default_ad_site: null,
};

/** Every text a caller might print of a value. */
const shown = (v: unknown) => [JSON.stringify(v), inspect(v, { depth: 10 }), String(Object.keys(v as object))];

describe('share networks: list and listDetail', () => {
  it('list sends every filter the server honours', async () => {
    const seen = route('GET', '/share-networks', { share_networks: [{ id: NET, name: 'net1' }] });
    const page = await pinned('2.99').shareNetworks.list({
      all_tenants: true,
      project_id: 'p1',
      name: 'net1',
      description: 'd',
      'name~': 'ne',
      'description~': 'de',
      created_since: '2026-01-01',
      created_before: '2026-12-31',
      security_service_id: SS,
      status: 'network_change',
      neutron_net_id: NEUTRON_NET,
      neutron_subnet_id: NEUTRON_SUBNET,
      availability_zone: 'nova',
      cidr: '10.0.0.0/24',
      ip_version: 4,
      gateway: '10.0.0.1',
      network_type: 'vlan',
      segmentation_id: 1010,
      limit: 5,
      offset: 10,
    });
    expect(page.items).toEqual([{ id: NET, name: 'net1' }]);
    expect(seen[0].method).toBe('GET');
    expect(seen[0].path).toBe('/share-networks');
    expect(Object.fromEntries(seen[0].query)).toEqual({
      all_tenants: 'true',
      project_id: 'p1',
      name: 'net1',
      description: 'd',
      'name~': 'ne',
      'description~': 'de',
      created_since: '2026-01-01',
      created_before: '2026-12-31',
      security_service_id: SS,
      status: 'network_change',
      neutron_net_id: NEUTRON_NET,
      neutron_subnet_id: NEUTRON_SUBNET,
      availability_zone: 'nova',
      cidr: '10.0.0.0/24',
      ip_version: '4',
      gateway: '10.0.0.1',
      network_type: 'vlan',
      segmentation_id: '1010',
      limit: '5',
      offset: '10',
    });
    expect(seen[0].headers.get(VERSION_HEADER)).toBe('2.99');
    expect(seen[0].headers.get(EXPERIMENTAL_HEADER)).toBeNull();
    expect(seen[0].body).toBeUndefined();
  });

  it('listDetail answers a page of whole networks from /share-networks/detail', async () => {
    const seen = route('GET', '/share-networks/detail', { share_networks: [NETWORK] });
    const page = await pinned('2.99').shareNetworks.listDetail({ name: 'net1' });
    expect(page.items[0].share_network_subnets?.[0].id).toBe(SUBNET);
    expect(page.items[0].status).toBe('active');
    expect(seen[0].path).toBe('/share-networks/detail');
    expect(Object.fromEntries(seen[0].query)).toEqual({ name: 'net1' });
  });

  it('refuses each versioned filter below its bound, before sending', async () => {
    // No route: a request would fail the test as unhandled.
    const cases: Array<[string, Record<string, unknown>, string]> = [
      ['2.35', { 'name~': 'x' }, 'name~'],
      ['2.35', { 'description~': 'x' }, 'description~'],
      ['2.62', { status: 'active' }, 'status'],
      ['2.50', { availability_zone: 'nova' }, 'availability_zone'],
      ['2.17', { gateway: '10.0.0.1' }, 'gateway'],
    ];
    for (const [v, filters, name] of cases) {
      for (const list of ['list', 'listDetail'] as const) {
        const err = await pinned(v).shareNetworks[list](filters as never).catch((e: unknown) => e);
        expect(err, `${list} ${name} at ${v}`).toBeInstanceOf(MicroversionError);
        expect((err as Error).message).toContain(`filter "${name}" needs microversion`);
      }
    }
  });

  it('takes the versioned filters from their bound', async () => {
    const seen = route('GET', '/share-networks', { share_networks: [] });
    await pinned('2.36').shareNetworks.list({ 'name~': 'x', 'description~': 'y' });
    await pinned('2.63').shareNetworks.list({ status: 'error' });
    await pinned('2.51').shareNetworks.list({ availability_zone: 'nova2' });
    await pinned('2.18').shareNetworks.list({ gateway: '10.0.0.1' });
    expect(seen.map((s) => s.query.toString())).toEqual(['name%7E=x&description%7E=y', 'status=error', 'availability_zone=nova2', 'gateway=10.0.0.1']);
  });

  it('refuses an unknown filter (Manila would answer an empty list) and sort/count keys it does not take', async () => {
    for (const bad of [{ nmae: 'net1' }, { with_count: true }, { sort_key: 'name' }]) {
      const err = await pinned('2.99').shareNetworks.list(bad as never).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(ValidationError);
      expect((err as ValidationError).sent).toBe(false);
      expect((err as Error).message).toMatch(new RegExp(`unknown filter "${Object.keys(bad)[0]}"`));
    }
  });

  it('a walk pages by offset, always sending a page size and never a count', async () => {
    const all = Array.from({ length: 5 }, (_, i) => ({ id: `n${i}`, name: `net${i}` }));
    const seen = route('GET', '/share-networks', (s) => {
      const o = Number(s.query.get('offset') ?? 0);
      return HttpResponse.json({ share_networks: all.slice(o, o + Number(s.query.get('limit'))) });
    });
    const got: string[] = [];
    for await (const n of pinned('2.99').shareNetworks.list({ limit: 2, 'name~': 'net' })) got.push(n.id);
    expect(got).toEqual(['n0', 'n1', 'n2', 'n3', 'n4']);
    expect(seen.map((s) => [s.query.get('limit'), s.query.get('offset')])).toEqual([
      ['2', null],
      ['2', '2'],
      ['2', '4'],
    ]);
    expect(seen.every((s) => !s.query.has('with_count') && s.query.get('name~') === 'net')).toBe(true);
    const first = await pinned('2.99').shareNetworks.list({ limit: 2 });
    expect(first.hasNextPage()).toBe(true);
    const defaults = route('GET', '/share-networks/detail', { share_networks: [] });
    for await (const _ of pinned('2.99').shareNetworks.listDetail()) void _;
    expect(defaults[0].query.get('limit')).toBe('1000');
  });
});

describe('share networks: create, show, update, delete', () => {
  it('create wraps "share_network" and answers the network', async () => {
    const seen = route('POST', '/share-networks', { share_network: NETWORK });
    const input = { name: 'net1', description: 'Tenant network', neutron_net_id: NEUTRON_NET, neutron_subnet_id: NEUTRON_SUBNET, availability_zone: 'nova' };
    const net = await pinned('2.51').shareNetworks.create(input);
    expect(net.id).toBe(NET);
    expect(seen[0].method).toBe('POST');
    expect(seen[0].body).toEqual({ share_network: input });
    expect(seen[0].headers.get(VERSION_HEADER)).toBe('2.51');
  });

  it('create refuses availability_zone below 2.51 (Manila 23 answers 500 there) and unknown fields', async () => {
    await expect(pinned('2.50').shareNetworks.create({ name: 'x', availability_zone: 'nova' })).rejects.toThrow(/field "availability_zone" needs microversion 2\.51/);
    // @ts-expect-error nova_net_id is not taken
    await expect(pinned('2.99').shareNetworks.create({ nova_net_id: 'n' })).rejects.toThrow(/unknown field "nova_net_id"/);
  });

  it('create takes no input at all too (a network without a subnet id)', async () => {
    const seen = route('POST', '/share-networks', { share_network: NETWORK });
    await pinned('2.99').shareNetworks.create({});
    expect(seen[0].body).toEqual({ share_network: {} });
  });

  it('show unwraps; below 2.51 the network carries the neutron fields itself', async () => {
    const seen = route('GET', `/share-networks/${NET}`, (s) =>
      HttpResponse.json({
        share_network:
          s.headers.get(VERSION_HEADER) === '2.50'
            ? { ...NETWORK, share_network_subnets: undefined, status: undefined, neutron_net_id: NEUTRON_NET, neutron_subnet_id: NEUTRON_SUBNET }
            : NETWORK,
      }),
    );
    expect((await pinned('2.99').shareNetworks.show(NET)).share_network_subnets).toHaveLength(1);
    expect((await pinned('2.50').shareNetworks.show(NET)).neutron_net_id).toBe(NEUTRON_NET);
    expect(seen.map((s) => [s.method, s.path])).toEqual([
      ['GET', `/share-networks/${NET}`],
      ['GET', `/share-networks/${NET}`],
    ]);
  });

  it('update wraps and unwraps', async () => {
    const seen = route('PUT', `/share-networks/${NET}`, { share_network: { ...NETWORK, name: 'renamed' } });
    const net = await pinned('2.99').shareNetworks.update(NET, { name: 'renamed', description: null, neutron_net_id: NEUTRON_NET, neutron_subnet_id: NEUTRON_SUBNET });
    expect(net.name).toBe('renamed');
    expect(seen[0].body).toEqual({ share_network: { name: 'renamed', description: null, neutron_net_id: NEUTRON_NET, neutron_subnet_id: NEUTRON_SUBNET } });
    // @ts-expect-error availability_zone cannot be changed
    await expect(pinned('2.99').shareNetworks.update(NET, { availability_zone: 'nova' })).rejects.toThrow(/unknown field "availability_zone"/);
  });

  it('delete sends DELETE and answers nothing', async () => {
    const seen = route('DELETE', `/share-networks/${NET}`, null, 202);
    expect(await pinned('2.99').shareNetworks.delete(NET)).toBeUndefined();
    expect(seen[0].method).toBe('DELETE');
    expect(seen[0].query.toString()).toBe('');
    expect(seen[0].body).toBeUndefined();
  });

  it('find and deleteIfExists', async () => {
    route('GET', '/share-networks', (s) => HttpResponse.json({ share_networks: s.query.get('name') === 'net1' && !s.query.get('offset') ? [{ id: NET, name: 'net1' }] : [] }));
    route('GET', `/share-networks/${NET}`, { share_network: NETWORK });
    route('DELETE', `/share-networks/${NET}`, () => fault(404, 'itemNotFound', `Share network ${NET} could not be found.`));
    const m = pinned('2.99');
    expect((await m.shareNetworks.find('net1')).id).toBe(NET);
    expect(await m.shareNetworks.deleteIfExists(NET)).toBe(false);
  });
});

describe('share networks: actions', () => {
  it('add and remove a security service: 200 with the network, unwrapped', async () => {
    const seen = route('POST', `/share-networks/${NET}/action`, { share_network: NETWORK });
    const m = pinned('2.99');
    expect((await m.shareNetworks.addSecurityService(NET, { security_service_id: SS })).id).toBe(NET);
    expect((await m.shareNetworks.removeSecurityService(NET, { security_service_id: SS })).id).toBe(NET);
    // Neither action has a legacy os- key, nor a lower bound.
    await pinned('2.0').shareNetworks.addSecurityService(NET, { security_service_id: SS });
    expect(seen.map((s) => s.body)).toEqual([
      { add_security_service: { security_service_id: SS } },
      { remove_security_service: { security_service_id: SS } },
      { add_security_service: { security_service_id: SS } },
    ]);
    expect(seen.map((s) => [s.method, s.path, s.headers.get(VERSION_HEADER), s.headers.get(EXPERIMENTAL_HEADER)])).toEqual([
      ['POST', `/share-networks/${NET}/action`, '2.99', null],
      ['POST', `/share-networks/${NET}/action`, '2.99', null],
      ['POST', `/share-networks/${NET}/action`, '2.0', null],
    ]);
    // @ts-expect-error security_service_id is required
    await expect(m.shareNetworks.addSecurityService(NET, {})).rejects.toThrow(/missing required field "security_service_id"/);
  });

  it('update_security_service (2.63) answers 202 with the network, unwrapped', async () => {
    const seen = route('POST', `/share-networks/${NET}/action`, { share_network: { ...NETWORK, status: 'network_change' } }, 202);
    const net = await pinned('2.63').shareNetworks.updateSecurityService(NET, { current_service_id: SS, new_service_id: SS2 });
    expect(net.status).toBe('network_change');
    expect(seen[0].body).toEqual({ update_security_service: { current_service_id: SS, new_service_id: SS2 } });
    await expect(pinned('2.62').shareNetworks.updateSecurityService(NET, { current_service_id: SS, new_service_id: SS2 })).rejects.toBeInstanceOf(MicroversionError);
  });

  it('the security service checks (2.63) answer their verdict as it is', async () => {
    const verdict = { compatible: null, requested_operation: { operation: 'add_security_service', current_security_service: null, new_security_service: SS }, hosts_check_result: { 'testbed@beta': null } };
    const seen = route('POST', `/share-networks/${NET}/action`, verdict, 202);
    const m = pinned('2.63');
    expect(await m.shareNetworks.addSecurityServiceCheck(NET, { security_service_id: SS, reset_operation: true })).toEqual(verdict);
    expect(await m.shareNetworks.updateSecurityServiceCheck(NET, { current_service_id: SS, new_service_id: SS2 })).toEqual(verdict);
    expect(seen.map((s) => s.body)).toEqual([
      { add_security_service_check: { security_service_id: SS, reset_operation: true } },
      { update_security_service_check: { current_service_id: SS, new_service_id: SS2 } },
    ]);
    const old = pinned('2.62');
    await expect(old.shareNetworks.addSecurityServiceCheck(NET, { security_service_id: SS })).rejects.toBeInstanceOf(MicroversionError);
    await expect(old.shareNetworks.updateSecurityServiceCheck(NET, { current_service_id: SS, new_service_id: SS2 })).rejects.toBeInstanceOf(MicroversionError);
    // @ts-expect-error reset is not a field (reset_operation is)
    await expect(m.shareNetworks.addSecurityServiceCheck(NET, { security_service_id: SS, reset: true })).rejects.toThrow(/unknown field "reset"/);
  });

  it('share_network_subnet_create_check (2.70) takes every field or none', async () => {
    const seen = route('POST', `/share-networks/${NET}/action`, { compatible: true, hosts_check_result: {} }, 202);
    const m = pinned('2.70');
    expect(await m.shareNetworks.shareNetworkSubnetCreateCheck(NET, { neutron_net_id: NEUTRON_NET, neutron_subnet_id: NEUTRON_SUBNET, availability_zone: 'nova', reset_operation: true })).toEqual({
      compatible: true,
      hosts_check_result: {},
    });
    await m.shareNetworks.shareNetworkSubnetCreateCheck(NET, {});
    expect(seen.map((s) => s.body)).toEqual([
      { share_network_subnet_create_check: { neutron_net_id: NEUTRON_NET, neutron_subnet_id: NEUTRON_SUBNET, availability_zone: 'nova', reset_operation: true } },
      { share_network_subnet_create_check: {} },
    ]);
    await expect(pinned('2.69').shareNetworks.shareNetworkSubnetCreateCheck(NET, {})).rejects.toThrow(/needs microversion 2\.70/);
  });

  it('reset_status (2.63) answers 202 without a body', async () => {
    const seen = route('POST', `/share-networks/${NET}/action`, null, 202);
    expect(await pinned('2.63').shareNetworks.resetStatus(NET, { status: 'error' })).toBeUndefined();
    expect(seen[0].body).toEqual({ reset_status: { status: 'error' } });
    await expect(pinned('2.62').shareNetworks.resetStatus(NET, { status: 'active' })).rejects.toBeInstanceOf(MicroversionError);
  });
});

describe('share network subnets (2.51+)', () => {
  const base = `/share-networks/${NET}/subnets`;

  it('list answers every subnet in one page', async () => {
    const seen = route('GET', base, { share_network_subnets: [SUBNET_BODY] });
    const page = await pinned('2.51').shareNetworkSubnets.list(NET);
    expect(page.items.map((s) => s.id)).toEqual([SUBNET]);
    expect(page.hasNextPage()).toBe(false);
    const walked: string[] = [];
    for await (const s of pinned('2.99').shareNetworkSubnets.list(NET)) walked.push(s.id);
    expect(walked).toEqual([SUBNET]);
    // No filters, no paging: nothing in the query, even on a walk.
    expect(seen.map((s) => [s.method, s.path, s.query.toString()])).toEqual([
      ['GET', base, ''],
      ['GET', base, ''],
    ]);
  });

  it('create wraps "share-network-subnet", with metadata from 2.78', async () => {
    const seen = route('POST', base, { share_network_subnet: { ...SUBNET_BODY, availability_zone: 'nova2', metadata: { purpose: 'backup' } } });
    const input = { neutron_net_id: NEUTRON_NET, neutron_subnet_id: NEUTRON_SUBNET, availability_zone: 'nova2', metadata: { purpose: 'backup' } };
    const sub = await pinned('2.78').shareNetworkSubnets.create(NET, input);
    expect(sub.availability_zone).toBe('nova2');
    expect(seen[0].body).toEqual({ 'share-network-subnet': input });
    await expect(pinned('2.77').shareNetworkSubnets.create(NET, input)).rejects.toThrow(/field "metadata" needs microversion 2\.78/);
    await pinned('2.51').shareNetworkSubnets.create(NET, { availability_zone: 'nova' });
    expect(seen[1].body).toEqual({ 'share-network-subnet': { availability_zone: 'nova' } });
  });

  it('show unwraps, delete answers nothing', async () => {
    const show = route('GET', `${base}/${SUBNET}`, { share_network_subnet: SUBNET_BODY });
    const del = route('DELETE', `${base}/${SUBNET}`, null, 202);
    const m = pinned('2.99');
    expect((await m.shareNetworkSubnets.show(NET, SUBNET)).share_network_id).toBe(NET);
    expect(await m.shareNetworkSubnets.delete(NET, SUBNET)).toBeUndefined();
    expect([show[0].path, del[0].method, del[0].path]).toEqual([`${base}/${SUBNET}`, 'DELETE', `${base}/${SUBNET}`]);
  });

  it('is refused below 2.51, without a request', async () => {
    const m = pinned('2.50');
    await expect(m.shareNetworkSubnets.list(NET)).rejects.toBeInstanceOf(MicroversionError);
    await expect(m.shareNetworkSubnets.show(NET, SUBNET)).rejects.toBeInstanceOf(MicroversionError);
    await expect(m.shareNetworkSubnets.create(NET, {})).rejects.toBeInstanceOf(MicroversionError);
    await expect(m.shareNetworkSubnets.delete(NET, SUBNET)).rejects.toBeInstanceOf(MicroversionError);
  });
});

describe('share network subnet metadata (2.78+)', () => {
  const base = `/share-networks/${NET}/subnets/${SUBNET}/metadata`;

  it('get, merge, replace, getItem, updateItem and delete', async () => {
    const get = route('GET', base, { metadata: { a: '1' } });
    const merge = route('POST', base, { metadata: { b: '2' } });
    const replace = route('PUT', base, { metadata: { c: '3' } });
    const getItem = route('GET', `${base}/c`, { meta: { c: '3' } });
    const updateItem = route('POST', `${base}/c`, { metadata: { c: '4' } });
    const del = route('DELETE', `${base}/c`, null);
    const m = pinned('2.78').shareNetworkSubnetMetadata;
    expect(await m.get(NET, SUBNET)).toEqual({ a: '1' });
    expect(await m.merge(NET, SUBNET, { b: '2' })).toEqual({ b: '2' });
    expect(await m.replace(NET, SUBNET, { c: '3' })).toEqual({ c: '3' });
    expect(await m.getItem(NET, SUBNET, 'c')).toEqual({ c: '3' });
    expect(await m.updateItem(NET, SUBNET, 'c', { c: '4' })).toEqual({ c: '4' });
    expect(await m.delete(NET, SUBNET, 'c')).toBeUndefined();
    expect([merge[0].body, replace[0].body, updateItem[0].body]).toEqual([{ metadata: { b: '2' } }, { metadata: { c: '3' } }, { metadata: { c: '4' } }]);
    expect([get, getItem, del].map((s) => [s[0].method, s[0].body])).toEqual([
      ['GET', undefined],
      ['GET', undefined],
      ['DELETE', undefined],
    ]);
    expect(get[0].headers.get(VERSION_HEADER)).toBe('2.78');
  });

  it('is refused below 2.78, without a request', async () => {
    const m = pinned('2.77').shareNetworkSubnetMetadata;
    for (const call of [() => m.get(NET, SUBNET), () => m.merge(NET, SUBNET, { a: 'b' }), () => m.replace(NET, SUBNET, {}), () => m.getItem(NET, SUBNET, 'a'), () => m.updateItem(NET, SUBNET, 'a', { a: 'b' }), () => m.delete(NET, SUBNET, 'a')]) {
      await expect(call()).rejects.toBeInstanceOf(MicroversionError);
    }
  });

  it('refuses a key that cannot be one path segment', async () => {
    await expect(pinned('2.99').shareNetworkSubnetMetadata.getItem(NET, SUBNET, 'a/b')).rejects.toBeInstanceOf(ValidationError);
  });
});

describe('security services', () => {
  it('list sends every filter and never pages: one request, no limit added', async () => {
    const seen = route('GET', '/security-services', { security_services: [{ id: SS, name: 'corp-ldap', type: 'ldap', status: 'new' }] });
    const filters = {
      all_tenants: true,
      project_id: 'p1',
      share_network_id: NET,
      id: SS,
      name: 'corp-ldap',
      type: 'ldap' as const,
      user: 'cn=admin',
      server: 'ldap.example.org',
      dns_ip: '10.0.0.2',
      domain: 'example.org',
      description: 'd',
      ou: 'OU=x',
      default_ad_site: 'site',
    };
    const page = await pinned('2.99').securityServices.list(filters);
    expect(page.items.map((s) => s.id)).toEqual([SS]);
    expect(page.hasNextPage()).toBe(false);
    expect(Object.fromEntries(seen[0].query)).toEqual({ ...filters, all_tenants: 'true' });
    expect(seen[0].path).toBe('/security-services');
    // A walk asks once and sends no page size: Manila would take an admin's limit for a field filter.
    const walked: string[] = [];
    for await (const s of pinned('2.99').securityServices.list({ name: 'corp-ldap' })) walked.push(s.id);
    expect(walked).toEqual([SS]);
    expect(seen[1].query.toString()).toBe('name=corp-ldap');
    // A caller's own limit and offset still go out (a member can page).
    await pinned('2.99').securityServices.list({ limit: 1, offset: 1 });
    expect(seen[2].query.toString()).toBe('limit=1&offset=1');
  });

  it('refuses ou below 2.44, default_ad_site below 2.76, and unknown filters', async () => {
    await expect(pinned('2.43').securityServices.list({ ou: 'x' })).rejects.toThrow(/filter "ou" needs microversion 2\.44/);
    await expect(pinned('2.75').securityServices.listDetail({ default_ad_site: 'x' })).rejects.toThrow(/filter "default_ad_site" needs microversion 2\.76/);
    for (const bad of [{ status: 'new' }, { 'name~': 'x' }, { sort_key: 'name' }]) {
      await expect(pinned('2.99').securityServices.list(bad as never)).rejects.toBeInstanceOf(ValidationError);
    }
  });

  it('listDetail hides every password, still readable', async () => {
    const seen = route('GET', '/security-services/detail', { security_services: [{ ...SERVICE, share_networks: [NET] }] });
    const page = await pinned('2.99').securityServices.listDetail({ type: 'ldap' });
    const [ss] = page.items;
    expect(ss.password).toBe(PASSWORD);
    expect(ss.share_networks).toEqual([NET]);
    expect(Object.keys(ss)).not.toContain('password');
    for (const text of [...shown(ss), ...shown(page.items)]) expect(text).not.toContain(PASSWORD);
    expect(seen[0].path).toBe('/security-services/detail');
  });

  it('create wraps "security_service", sends the password, and hides it in the answer', async () => {
    const seen = route('POST', '/security-services', { security_service: SERVICE });
    const input = { type: 'ldap' as const, name: 'corp-ldap', description: 'd', dns_ip: '10.0.0.2', server: 'ldap.example.org', domain: 'example.org', user: 'cn=admin', password: PASSWORD, ou: 'OU=x' };
    const ss = await pinned('2.44').securityServices.create(input);
    expect(seen[0].body).toEqual({ security_service: input });
    expect(ss.password).toBe(PASSWORD);
    expect(Object.getOwnPropertyDescriptor(ss, 'password')?.enumerable).toBe(false);
    for (const text of shown(ss)) expect(text).not.toContain(PASSWORD);
    // The envelope is there too, through withResponse, without the password in sight.
    const { data } = await pinned('2.99').securityServices.create({ type: 'kerberos' }).withResponse();
    expect(JSON.stringify(data)).not.toContain(PASSWORD);
  });

  it('create refuses a missing type and fields below their bound', async () => {
    // @ts-expect-error type is required
    await expect(pinned('2.99').securityServices.create({ name: 'x' })).rejects.toThrow(/missing required field "type"/);
    await expect(pinned('2.43').securityServices.create({ type: 'ldap', ou: 'x' })).rejects.toThrow(/field "ou" needs microversion 2\.44/);
    await expect(pinned('2.75').securityServices.create({ type: 'active_directory', default_ad_site: 's' })).rejects.toThrow(/field "default_ad_site" needs microversion 2\.76/);
    const seen = route('POST', '/security-services', { security_service: { ...SERVICE, type: 'active_directory', server: null, default_ad_site: 's' } });
    await pinned('2.76').securityServices.create({ type: 'active_directory', default_ad_site: 's' });
    expect(seen[0].body).toEqual({ security_service: { type: 'active_directory', default_ad_site: 's' } });
  });

  it('show and update hide the password; update checks its fields; delete answers nothing', async () => {
    const show = route('GET', `/security-services/${SS}`, { security_service: SERVICE });
    const upd = route('PUT', `/security-services/${SS}`, { security_service: { ...SERVICE, password: 'n3w-passw0rd' } });
    const del = route('DELETE', `/security-services/${SS}`, null, 202);
    const m = pinned('2.99');
    const ss = await m.securityServices.show(SS);
    expect(ss.password).toBe(PASSWORD);
    for (const text of shown(ss)) expect(text).not.toContain(PASSWORD);
    const updated = await m.securityServices.update(SS, { password: 'n3w-passw0rd', ou: 'OU=y', default_ad_site: null });
    expect(updated.password).toBe('n3w-passw0rd');
    for (const text of shown(updated)) expect(text).not.toContain('n3w-passw0rd');
    expect(upd[0].body).toEqual({ security_service: { password: 'n3w-passw0rd', ou: 'OU=y', default_ad_site: null } });
    await expect(pinned('2.43').securityServices.update(SS, { ou: 'x' })).rejects.toBeInstanceOf(MicroversionError);
    await expect(pinned('2.75').securityServices.update(SS, { default_ad_site: 'x' })).rejects.toBeInstanceOf(MicroversionError);
    // @ts-expect-error status is not a field
    await expect(m.securityServices.update(SS, { status: 'new' })).rejects.toThrow(/unknown field "status"/);
    expect(await m.securityServices.delete(SS)).toBeUndefined();
    expect([show[0].method, del[0].method, del[0].path]).toEqual(['GET', 'DELETE', `/security-services/${SS}`]);
  });

  it('never shows a password in an error or a log record, even when the server echoes it', async () => {
    const records: LogRecord[] = [];
    const log = (r: LogRecord) => records.push(r);
    const secret = 'echo-me-Pa55word';
    route('POST', '/security-services', () => fault(400, 'badRequest', `Invalid input: password ${secret} is too weak`));
    const m = client({ microversion: '2.99', logger: { debug: log, info: log, warn: log, error: log } });
    const err = (await m.securityServices.create({ type: 'ldap', password: secret }).catch((e: unknown) => e)) as BadRequestError;
    expect(err).toBeInstanceOf(BadRequestError);
    expect(err.message).toContain('[REDACTED]');
    // A later call echoing it is scrubbed too: the value is known as a secret from now on.
    route('GET', `/share-networks/${secret}`, () => fault(404, 'itemNotFound', `Share network ${secret} could not be found.`));
    const err2 = (await m.shareNetworks.show(secret).catch((e: unknown) => e)) as NotFoundError;
    expect(err2).toBeInstanceOf(NotFoundError);
    for (const e of [err, err2]) {
      for (const text of [e.message, String(e), e.stack, inspect(e, { depth: 10 }), JSON.stringify(e), JSON.stringify(e.body)]) expect(text).not.toContain(secret);
    }
    expect(records.length).toBeGreaterThan(0);
    expect(JSON.stringify(records)).not.toContain(secret);
  });
});

describe('waitFor.shareNetwork', () => {
  const FAST = { minDelayMs: 1, maxDelayMs: 2 };
  const states = (...list: string[]) =>
    route('GET', `/share-networks/${NET}`, (_s, n) => HttpResponse.json({ share_network: { ...NETWORK, status: list[Math.min(n, list.length) - 1] } }));

  it('waits while a change is applied to the share servers, until active', async () => {
    const seen = states('network_change', 'network_change', 'active');
    const net = await pinned('2.70').waitFor.shareNetwork(NET, FAST);
    expect(net.status).toBe('active');
    expect(seen).toHaveLength(3);
    expect(seen[0].headers.get(VERSION_HEADER)).toBe('2.70');
  });

  it('fails on error, with the last state', async () => {
    states('network_change', 'error');
    const err = await pinned('2.99').waitFor.shareNetwork(NET, FAST).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(WaitFailedError);
    expect((err as WaitFailedError).lastState).toMatchObject({ id: NET, status: 'error' });
    // Share networks record no user messages: none asked for (an unhandled request would fail the test).
  });

  it('can wait for another state on purpose', async () => {
    states('active', 'network_change');
    expect((await pinned('2.99').waitFor.shareNetwork(NET, { ...FAST, until: ['network_change'] })).status).toBe('network_change');
  });

  it('fails when the network vanishes', async () => {
    route('GET', `/share-networks/${NET}`, () => fault(404, 'itemNotFound', `Share network ${NET} could not be found.`));
    await expect(pinned('2.99').waitFor.shareNetwork(NET, FAST)).rejects.toBeInstanceOf(WaitFailedError);
  });

  it('cannot wait below 2.63, where the network has no status; there is no deletion waiter (deletion is immediate)', async () => {
    await expect(pinned('2.62').waitFor.shareNetwork(NET, FAST)).rejects.toBeInstanceOf(ManilaError);
    expect('shareNetworkDeleted' in pinned('2.99').waitFor).toBe(false);
  });
});

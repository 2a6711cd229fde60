// Share networks, their subnets and subnet metadata, and security services on
// a real Manila: an idle network (security services attached, checked,
// replaced and removed at once; subnets in another zone; subnet metadata;
// the admin's status reset, waited on) and a network in use (a share on a
// back end with share servers: the fields the share server got, what a
// network in use refuses, Manila 23's security service checks that never
// finish there, and a subnet added to it after its check, waited through
// `network_change`). Every versioned filter and field at its bound, every
// read at every version where its answer changes, the password of a
// security service kept out of sight, and the member's view.
import { randomUUID } from 'node:crypto';
import { inspect } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  BadRequestError,
  ConflictError,
  ForbiddenError,
  MicroversionError,
  NotFoundError,
  ValidationError,
  WaitFailedError,
  type ManilaClient,
  type SecurityService,
  type ShareNetwork,
} from '../../src/index.js';
import { operationUnit } from '../../scripts/operation-units.js';
import { bed, bedAuth, bedClient, Cleanup, FAST, keystoneBed, rawManila, uniqueName, versionBelow } from './support/bed.js';
import { answerBoundVersions, boundOf, recordBound } from './support/bounds.js';
import { deleteSecurityService, deleteShare, deleteShareNetwork, deleteShareType } from './support/resources.js';

// One admin token for the SDK clients and the raw requests alike: Manila
// validates each new token with Keystone, which on the shared bed can take
// half a minute, and the bed's tokens live 120 s.
const adminKeystone = keystoneBed ? bedAuth() : undefined;
// The same patience for every call (and the tests: `slow`).
const adminAuth = { ...(adminKeystone ? { auth: adminKeystone } : {}), timeoutMs: 120_000 };
const manila = bedClient(adminAuth);
const at = (version: string) => bedClient({ microversion: version, ...adminAuth });
const memberAuth = keystoneBed ? bedAuth({ username: bed.member.username, password: bed.member.password, projectName: bed.member.project }) : undefined;
const member = memberAuth ? bedClient({ auth: memberAuth, timeoutMs: 120_000 }) : undefined;
const memberAt = (version: string) => bedClient({ microversion: version, auth: memberAuth, timeoutMs: 120_000 });
const slow = { timeout: 400_000 };

// Every name this file gives starts with one of these.
const prefixes = { ss: uniqueName('ss'), sn: uniqueName('sn') };
const cleanup = new Cleanup();
afterAll(() => cleanup.run(), 600_000);
// Last of all: whatever a timed-out create made after all (the server went
// on after the client gave up) and so was never registered.
cleanup.add('sweep what is left of this file\'s resources', async () => {
  const mine = (name: string | null | undefined) => Object.values(prefixes).some((p) => name?.startsWith(p));
  for (const s of (await manila.shares.list({ all_tenants: true, 'name~': prefixes.sn })).items) await deleteShare(manila, s.id);
  for (const n of (await manila.shareNetworks.list({ all_tenants: true, 'name~': prefixes.sn })).items) await deleteShareNetwork(manila, n.id);
  for (const ss of (await manila.securityServices.list({ all_tenants: true })).items) if (mine(ss.name)) await deleteSecurityService(manila, ss.id);
  for (const t of (await manila.shareTypes.list({ is_public: 'all' })).items) if (mine(t.name)) await deleteShareType(manila, t.id);
});

let range: { min: string; max: string };
beforeAll(async () => {
  const nv = await manila.microversion();
  range = { min: nv.serverMin!, max: nv.serverMax! };
});

/**
 * Raw requests as the admin, for what the SDK refuses to send: rawManila()
 * with the shared admin token (rawManila() takes a token of its own).
 */
async function raw(method: string, path: string, version: string, opts: { query?: Record<string, string>; body?: unknown } = {}) {
  if (!adminKeystone) return (await rawManila())(method, path, version, opts);
  const url = new URL(`${await adminKeystone.getEndpoint()}${path}`);
  for (const [k, v] of Object.entries(opts.query ?? {})) url.searchParams.set(k, v);
  const res = await fetch(url, {
    method,
    headers: { 'X-Auth-Token': await adminKeystone.getToken(), 'X-OpenStack-Manila-API-Version': version, 'Content-Type': 'application/json', Accept: 'application/json' },
    body: opts.body === undefined ? undefined : JSON.stringify(opts.body),
  });
  const text = await res.text();
  return { status: res.status, body: (text ? JSON.parse(text) : undefined) as Record<string, any> };
}

/** Runs the calls a few at a time: the bed is slow, mostly waiting. */
async function some<T>(items: T[], fn: (item: T) => Promise<unknown>, width = 6): Promise<void> {
  const queue = [...items];
  await Promise.all(Array.from({ length: Math.min(width, queue.length) }, async () => {
    for (let item = queue.shift(); item !== undefined; item = queue.shift()) await fn(item);
  }));
}

const NO_SUCH = 'sdk-no-such-value';
const NO_UUID = '00000000-0000-0000-0000-000000000000';
const ids = (items: Array<{ id: string }>) => items.map((x) => x.id);
/** Everything a caller might print of a value. */
const printed = (v: unknown) => [JSON.stringify(v), inspect(v, { depth: 10 }), String(Object.keys(v as object))];

/** Reads at every version where the answer of `opKey` changes shape (and one below); the contract checks each. */
async function readAcrossVersions(opKey: string, read: (m: ManilaClient) => Promise<unknown>, client = at): Promise<string[]> {
  const versions = answerBoundVersions(opKey, range.min, range.max);
  await some(versions, (v) => read(client(v)));
  return versions;
}

describe('security services', slow, () => {
  const prefix = prefixes.ss;
  // A password nobody else uses, long enough for the SDK to scrub it wherever it shows up.
  const password = `pw-${randomUUID()}`;
  let ldap: SecurityService;
  let krb: SecurityService;
  let ad: SecurityService;

  beforeAll(async () => {
    ldap = await manila.securityServices.create({
      type: 'ldap',
      name: `${prefix}-ldap`,
      description: 'corporate directory',
      dns_ip: '10.0.0.2',
      server: 'ldap.example.org',
      domain: 'example.org',
      user: 'cn=admin',
      password,
      ou: 'OU=shares',
    });
    cleanup.add(`delete security service ${ldap.id}`, () => deleteSecurityService(manila, ldap.id));
  });

  it('answers what it stored, the password readable but out of sight', async () => {
    expect(ldap).toMatchObject({ type: 'ldap', name: `${prefix}-ldap`, status: 'new', server: 'ldap.example.org', ou: 'OU=shares', default_ad_site: null });
    const shown = await manila.securityServices.show(ldap.id);
    const [listed] = (await manila.securityServices.listDetail({ name: ldap.name! })).items;
    expect(listed.share_networks).toEqual([]);
    for (const ss of [ldap, shown, listed]) {
      expect(ss.password).toBe(password);
      expect(Object.keys(ss)).not.toContain('password');
      for (const text of printed(ss)) expect(text).not.toContain(password);
    }
    expect((await manila.securityServices.find(ldap.name!)).id).toBe(ldap.id);
  });

  it('scrubs the password from an error message that echoes it', async () => {
    // Manila repeats an unknown share network id in its 404: a password used as one comes back.
    const echoed = await raw('GET', `/share-networks/${password}`, '2.99');
    expect(echoed.status).toBe(404);
    expect(JSON.stringify(echoed.body)).toContain(password);
    const err = (await manila.shareNetworks.show(password).catch((e: unknown) => e)) as NotFoundError;
    expect(err).toBeInstanceOf(NotFoundError);
    expect(err.message).toContain('[REDACTED]');
    for (const text of [err.message, String(err), err.stack, inspect(err, { depth: 10 }), JSON.stringify(err), JSON.stringify(err.body)]) expect(text).not.toContain(password);
  });

  it('is updated, the new password hidden too', async () => {
    const newPassword = `pw-${randomUUID()}`;
    const updated = await manila.securityServices.update(ldap.id, { description: 'moved', server: 'ldap2.example.org', password: newPassword });
    expect(updated).toMatchObject({ id: ldap.id, description: 'moved', server: 'ldap2.example.org' });
    expect(updated.password).toBe(newPassword);
    for (const text of printed(updated)) expect(text).not.toContain(newPassword);
  });

  it('ou: from 2.44 through the SDK; below it Manila stores the field anyway, unseen', async () => {
    const min = boundOf('securityServices_create ou');
    recordBound('securityServices_create ou');
    krb = await at(min).securityServices.create({ type: 'kerberos', name: `${prefix}-krb`, server: 'kdc.example.org', domain: 'EXAMPLE.ORG', ou: 'OU=kept' });
    cleanup.add(`delete security service ${krb.id}`, () => deleteSecurityService(manila, krb.id));
    expect(krb.ou).toBe('OU=kept');
    const old = await raw('POST', '/security-services', versionBelow(min), { body: { security_service: { type: 'kerberos', name: `${prefix}-krb-old`, ou: 'OU=stored' } } });
    expect(old.status).toBe(200);
    const oldId = old.body.security_service.id as string;
    cleanup.add(`delete security service ${oldId}`, () => deleteSecurityService(manila, oldId));
    expect(old.body.security_service).not.toHaveProperty('ou');
    // Applied below the bound, unchecked (spec: SecurityServiceCreate.ou).
    expect((await manila.securityServices.show(oldId)).ou).toBe('OU=stored');

    recordBound('securityServices_update ou');
    expect((await at(boundOf('securityServices_update ou')).securityServices.update(krb.id, { ou: 'OU=changed' })).ou).toBe('OU=changed');
    const oldUpdate = await raw('PUT', `/security-services/${oldId}`, versionBelow(min), { body: { security_service: { ou: 'OU=updated' } } });
    expect(oldUpdate.status).toBe(200);
    expect((await manila.securityServices.show(oldId)).ou).toBe('OU=updated');
    await manila.securityServices.delete(oldId);
    await expect(manila.securityServices.show(oldId)).rejects.toBeInstanceOf(NotFoundError);
  });

  it('default_ad_site: from 2.76, refused below; not together with server', async () => {
    const min = boundOf('securityServices_create default_ad_site');
    recordBound('securityServices_create default_ad_site');
    ad = await at(min).securityServices.create({ type: 'active_directory', name: `${prefix}-ad`, domain: 'ad.example.org', user: 'Administrator', dns_ip: '10.0.0.3', default_ad_site: 'Site-A' });
    cleanup.add(`delete security service ${ad.id}`, () => deleteSecurityService(manila, ad.id));
    expect(ad.default_ad_site).toBe('Site-A');
    const old = await raw('POST', '/security-services', versionBelow(min), { body: { security_service: { type: 'active_directory', name: `${prefix}-ad-old`, default_ad_site: 'Site-A' } } });
    expect(old.status).toBe(400);
    await expect(manila.securityServices.create({ type: 'active_directory', name: `${prefix}-ad-both`, server: 'dc1', default_ad_site: 'Site-A' })).rejects.toBeInstanceOf(BadRequestError);

    recordBound('securityServices_update default_ad_site');
    expect((await at(boundOf('securityServices_update default_ad_site')).securityServices.update(ad.id, { default_ad_site: 'Site-B' })).default_ad_site).toBe('Site-B');
    const oldUpdate = await raw('PUT', `/security-services/${ad.id}`, versionBelow(min), { body: { security_service: { default_ad_site: 'Site-C' } } });
    expect(oldUpdate.status).toBe(400);
    expect((await manila.securityServices.show(ad.id)).default_ad_site).toBe('Site-B');
  });

  it('every filter filters, in both lists; ou and default_ad_site from their bounds, and Manila applies them below too', async () => {
    const wrong: string[] = [];
    type Filters = Record<string, unknown>;
    // [filter, keeps the service, drops it, the service]
    const cases = (): Array<[string, unknown, unknown, SecurityService]> => [
      ['name', ldap.name, NO_SUCH, ldap],
      ['id', ldap.id, NO_UUID, ldap],
      ['type', 'ldap', 'kerberos', ldap],
      ['user', 'cn=admin', NO_SUCH, ldap],
      ['server', 'ldap2.example.org', NO_SUCH, ldap],
      ['dns_ip', '10.0.0.2', '10.9.9.9', ldap],
      ['domain', 'example.org', NO_SUCH, ldap],
      ['description', 'moved', NO_SUCH, ldap],
      ['ou', 'OU=changed', NO_SUCH, krb],
      ['default_ad_site', 'Site-B', NO_SUCH, ad],
      ['project_id', ldap.project_id, 'ffffffffffffffffffffffffffffffff', ldap],
    ];
    for (const op of ['list', 'listDetail'] as const) {
      // Every filter the spec offers is tried here (share_network_id with the share networks below).
      const offered = Object.keys(operationUnit(`securityServices_${op}`).query).filter((q) => !['limit', 'offset', 'all_tenants', 'share_network_id'].includes(q));
      expect(cases().map(([f]) => f).sort()).toEqual(offered.sort());
      await some(cases(), async ([filter, keep, drop, ss]) => {
        const list = async (q: Filters) => ids((await manila.securityServices[op](q as never)).items);
        const scope: Filters = filter === 'project_id' ? { all_tenants: true } : {};
        if (!(await list({ ...scope, [filter]: keep })).includes(ss.id)) wrong.push(`${op} ${filter}: drops what it should keep`);
        if ((await list({ ...scope, [filter]: drop })).includes(ss.id)) wrong.push(`${op} ${filter}: ignored`);
      });
      for (const [filter, keep, , ss] of cases().filter(([f]) => f === 'ou' || f === 'default_ad_site')) {
        const key = `securityServices_${op} ${filter}`;
        recordBound(key);
        const min = boundOf(key);
        const path = op === 'list' ? '/security-services' : '/security-services/detail';
        const atBound = ids((await at(min).securityServices[op]({ [filter]: keep } as never)).items);
        if (!atBound.includes(ss.id)) wrong.push(`${key}: not applied at ${min}`);
        // Applied unchecked below the bound (spec: the filter's description).
        const keptBelow = await raw('GET', path, versionBelow(min), { query: { [filter]: String(keep) } });
        const droppedBelow = await raw('GET', path, versionBelow(min), { query: { [filter]: NO_SUCH } });
        if (!ids(keptBelow.body.security_services).includes(ss.id) || ids(droppedBelow.body.security_services).includes(ss.id)) wrong.push(`${key}: not applied at ${versionBelow(min)}`);
      }
    }
    expect(wrong).toEqual([]);
  });

  it('an admin cannot page: Manila 23 takes limit and offset for fields and answers nothing', async () => {
    expect(ids((await manila.securityServices.list({ name: ldap.name! })).items)).toEqual([ldap.id]);
    expect((await manila.securityServices.list({ name: ldap.name!, limit: 10 })).items).toEqual([]);
    expect((await manila.securityServices.listDetail({ name: ldap.name!, offset: 0 })).items).toEqual([]);
    // A walk sends no page size, so it sees everything.
    const walked: string[] = [];
    for await (const ss of manila.securityServices.list({ name: ldap.name! })) walked.push(ss.id);
    expect(walked).toEqual([ldap.id]);
  });

  it('unknown filters are refused before sending: the server would compare them with fields and answer nothing', async () => {
    const quiet = await raw('GET', '/security-services', '2.99', { query: { name: ldap.name!, nmae: ldap.name! } });
    expect(quiet.body.security_services).toEqual([]);
    const err = await manila.securityServices.list({ nmae: ldap.name } as never).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ValidationError);
    expect((err as ValidationError).sent).toBe(false);
  });

  it('reads match the spec at every version where their answer changes', async () => {
    expect(await readAcrossVersions('securityServices_show', (m) => m.securityServices.show(ad.id))).toContain('2.76');
    expect(await readAcrossVersions('securityServices_listDetail', (m) => m.securityServices.listDetail({ name: ad.name! }))).toContain('2.43');
    await readAcrossVersions('securityServices_list', (m) => m.securityServices.list({ name: ad.name! }));
  });

  describe.runIf(keystoneBed)('as a project member', slow, () => {
    it('pages with limit and offset, and cannot read the admin\'s service', async () => {
      const m = member!;
      const name = `${prefix}-member`;
      const made: string[] = [];
      for (let i = 0; i < 2; i++) {
        const ss = await m.securityServices.create({ type: 'ldap', name, server: `ldap${i}.example.org` });
        made.push(ss.id);
        cleanup.add(`delete security service ${ss.id}`, () => deleteSecurityService(m, ss.id));
      }
      const first = ids((await m.securityServices.list({ name, limit: 1 })).items);
      const second = ids((await m.securityServices.listDetail({ name, limit: 1, offset: 1 })).items);
      expect(first).toHaveLength(1);
      expect(second).toHaveLength(1);
      expect([...first, ...second].sort()).toEqual([...made].sort());
      // Another project's service: a 403, not a 404.
      await expect(m.securityServices.show(ldap.id)).rejects.toBeInstanceOf(ForbiddenError);
      const seen = await readAcrossVersions('securityServices_listDetail', async (mm) => expect(ids((await mm.securityServices.listDetail({ name })).items).sort()).toEqual([...made].sort()), memberAt);
      expect(seen).toContain('2.76');
    });
  });
});

describe('share networks', slow, () => {
  const prefix = prefixes.sn;
  const services: Record<'a' | 'b' | 'k' | 'inUse' | 'inUseK', SecurityService> = {} as never;
  let idle: ShareNetwork;
  let busy: ShareNetwork;
  let shareId: string;

  beforeAll(async () => {
    // Share servers need a back end that handles them (beta or delta on the bed).
    const type = await manila.shareTypes.create({ name: `${prefix}-dhss`, extra_specs: { driver_handles_share_servers: 'true' } });
    cleanup.add(`delete share type ${type.id}`, () => deleteShareType(manila, type.id));
    for (const [key, type_] of [['a', 'ldap'], ['b', 'ldap'], ['k', 'kerberos'], ['inUse', 'ldap'], ['inUseK', 'kerberos']] as const) {
      const ss = await manila.securityServices.create({ type: type_, name: `${prefix}-${key}`, server: `${key}.example.org` });
      services[key] = ss;
      cleanup.add(`delete security service ${ss.id}`, () => deleteSecurityService(manila, ss.id));
    }
    idle = await manila.shareNetworks.create({ name: `${prefix}-idle`, description: 'an idle network', neutron_net_id: `${prefix}-net`, neutron_subnet_id: `${prefix}-subnet` });
    cleanup.add(`delete share network ${idle.id}`, () => deleteShareNetwork(manila, idle.id));
    busy = await manila.shareNetworks.create({ name: `${prefix}-busy`, description: 'a network in use', neutron_net_id: `${prefix}-busy-net`, neutron_subnet_id: `${prefix}-busy-subnet` });
    cleanup.add(`delete share network ${busy.id}`, () => deleteShareNetwork(manila, busy.id));
    // Attached before the share server exists, so the server is set up with it.
    await manila.shareNetworks.addSecurityService(busy.id, { security_service_id: services.inUse.id });
    const share = await manila.shares.create({ share_proto: 'NFS', size: 1, name: `${prefix}-share`, share_type: type.id, share_network_id: busy.id });
    shareId = share.id;
    cleanup.add(`delete share ${share.id}`, () => deleteShare(manila, share.id));
    await manila.waitFor.share(share.id, { ...FAST, maxWaitMs: 180_000 });
    busy = await manila.shareNetworks.show(busy.id);
  }, 600_000);

  it('is created with its default subnet, and shown, listed and found', async () => {
    expect(idle).toMatchObject({ name: `${prefix}-idle`, description: 'an idle network', status: 'active', security_service_update_support: true, network_allocation_update_support: true });
    expect(idle.share_network_subnets).toHaveLength(1);
    expect(idle.share_network_subnets![0]).toMatchObject({ availability_zone: null, neutron_net_id: `${prefix}-net`, neutron_subnet_id: `${prefix}-subnet`, cidr: null, gateway: null });
    expect(await manila.shareNetworks.show(idle.id)).toEqual(idle);
    expect((await manila.shareNetworks.list({ name: idle.name! })).items).toEqual([{ id: idle.id, name: idle.name }]);
    expect(ids((await manila.shareNetworks.listDetail({ 'name~': prefix })).items).sort()).toEqual([idle.id, busy.id].sort());
    expect((await manila.shareNetworks.find(idle.name!)).id).toBe(idle.id);
  });

  it('the network in use shows what its share server got from the network plugin', async () => {
    expect(busy.status).toBe('active');
    expect(busy.share_network_subnets![0]).toMatchObject({ cidr: '10.0.0.0/24', gateway: '10.0.0.1', ip_version: 4, network_type: 'vlan', segmentation_id: 1010 });
    // Up to 2.50 the network carries its default subnet's fields itself.
    expect(await at('2.50').shareNetworks.show(busy.id)).toMatchObject({ cidr: '10.0.0.0/24', gateway: '10.0.0.1', segmentation_id: 1010, neutron_net_id: `${prefix}-busy-net` });
  });

  it('is renamed and its default subnet moved to other neutron ids', async () => {
    const updated = await manila.shareNetworks.update(idle.id, { name: `${prefix}-idle2`, description: 'renamed', neutron_net_id: `${prefix}-net2`, neutron_subnet_id: `${prefix}-subnet2` });
    expect(updated).toMatchObject({ id: idle.id, name: `${prefix}-idle2`, description: 'renamed' });
    expect(updated.share_network_subnets![0]).toMatchObject({ neutron_net_id: `${prefix}-net2`, neutron_subnet_id: `${prefix}-subnet2` });
    idle = updated;
  });

  it('attaches, checks, replaces and detaches security services at once while it has no share servers', async () => {
    const { a, b, k } = services;
    expect((await manila.shareNetworks.addSecurityService(idle.id, { security_service_id: a.id })).id).toBe(idle.id);
    expect(ids((await manila.securityServices.list({ share_network_id: idle.id })).items)).toEqual([a.id]);
    expect((await manila.securityServices.listDetail({ name: a.name! })).items[0].share_networks).toEqual([idle.id]);
    // One service per type.
    await expect(manila.shareNetworks.addSecurityService(idle.id, { security_service_id: b.id })).rejects.toBeInstanceOf(ConflictError);
    // An attached service cannot be deleted.
    await expect(manila.securityServices.delete(a.id)).rejects.toBeInstanceOf(ForbiddenError);
    expect(await manila.shareNetworks.addSecurityServiceCheck(idle.id, { security_service_id: k.id })).toEqual({
      compatible: true,
      requested_operation: { operation: 'add_security_service', current_security_service: null, new_security_service: k.id },
      hosts_check_result: {},
    });
    expect(await manila.shareNetworks.updateSecurityServiceCheck(idle.id, { current_service_id: a.id, new_service_id: b.id, reset_operation: true })).toEqual({
      compatible: true,
      requested_operation: { operation: 'update_security_service', current_security_service: a.id, new_security_service: b.id },
      hosts_check_result: {},
    });
    expect((await manila.shareNetworks.updateSecurityService(idle.id, { current_service_id: a.id, new_service_id: b.id })).status).toBe('active');
    expect(ids((await manila.securityServices.list({ share_network_id: idle.id })).items)).toEqual([b.id]);
    expect(ids((await manila.shareNetworks.list({ security_service_id: b.id })).items)).toEqual([idle.id]);
    await manila.shareNetworks.removeSecurityService(idle.id, { security_service_id: b.id });
    expect((await manila.securityServices.list({ share_network_id: idle.id })).items).toEqual([]);
    await expect(manila.shareNetworks.removeSecurityService(idle.id, { security_service_id: b.id })).rejects.toBeInstanceOf(BadRequestError);
  });

  it('has its status reset by the admin, and the waiter sees it fail and recover', async () => {
    await manila.shareNetworks.resetStatus(idle.id, { status: 'error' });
    const err = await manila.waitFor.shareNetwork(idle.id, FAST).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(WaitFailedError);
    expect((err as WaitFailedError).lastState).toMatchObject({ id: idle.id, status: 'error' });
    expect(ids((await manila.shareNetworks.list({ name: idle.name!, status: 'error' })).items)).toEqual([idle.id]);
    await manila.shareNetworks.resetStatus(idle.id, { status: 'active' });
    expect((await manila.waitFor.shareNetwork(idle.id, FAST)).status).toBe('active');
  });

  it('takes a subnet in another zone with metadata (2.78), and keeps the subnet\'s metadata', async () => {
    expect(await manila.shareNetworks.shareNetworkSubnetCreateCheck(idle.id, { availability_zone: 'nova2', neutron_net_id: `${prefix}-az-net`, neutron_subnet_id: `${prefix}-az-subnet` })).toEqual({
      compatible: true,
      hosts_check_result: {},
    });
    const min = boundOf('shareNetworkSubnets_create metadata');
    recordBound('shareNetworkSubnets_create metadata');
    const sub = await at(min).shareNetworkSubnets.create(idle.id, { availability_zone: 'nova2', neutron_net_id: `${prefix}-az-net`, neutron_subnet_id: `${prefix}-az-subnet`, metadata: { purpose: 'ft' } });
    expect(sub).toMatchObject({ availability_zone: 'nova2', share_network_id: idle.id, share_network_name: idle.name, metadata: { purpose: 'ft' } });
    expect(await manila.shareNetworkSubnets.show(idle.id, sub.id)).toEqual(sub);
    expect(ids((await manila.shareNetworkSubnets.list(idle.id)).items).sort()).toEqual([idle.share_network_subnets![0].id, sub.id].sort());

    const md = manila.shareNetworkSubnetMetadata;
    expect(await md.get(idle.id, sub.id)).toEqual({ purpose: 'ft' });
    // The answer holds the keys sent; the subnet keeps the others.
    expect(await md.merge(idle.id, sub.id, { tier: 'gold' })).toEqual({ tier: 'gold' });
    expect(await md.get(idle.id, sub.id)).toEqual({ purpose: 'ft', tier: 'gold' });
    expect(await md.getItem(idle.id, sub.id, 'tier')).toEqual({ tier: 'gold' });
    expect(await md.updateItem(idle.id, sub.id, 'tier', { tier: 'silver' })).toEqual({ tier: 'silver' });
    expect(await md.replace(idle.id, sub.id, { tier: 'bronze', zone: 'nova2' })).toEqual({ tier: 'bronze', zone: 'nova2' });
    await md.delete(idle.id, sub.id, 'zone');
    expect(await md.get(idle.id, sub.id)).toEqual({ tier: 'bronze' });
    expect((await manila.shareNetworkSubnets.show(idle.id, sub.id)).metadata).toEqual({ tier: 'bronze' });
    expect(await readAcrossVersions('shareNetworkSubnetMetadata_get', (m) => m.shareNetworkSubnetMetadata.get(idle.id, sub.id))).toEqual(['2.78']);
    await readAcrossVersions('shareNetworkSubnetMetadata_getItem', (m) => m.shareNetworkSubnetMetadata.getItem(idle.id, sub.id, 'tier'));
    await expect(at('2.77').shareNetworkSubnetMetadata.get(idle.id, sub.id)).rejects.toBeInstanceOf(MicroversionError);

    // Below 2.78 the metadata is dropped.
    const old = await raw('POST', `/share-networks/${idle.id}/subnets`, versionBelow(min), { body: { 'share-network-subnet': { availability_zone: 'nova', metadata: { k: 'dropped' } } } });
    expect(old.status).toBe(200);
    expect(await md.get(idle.id, old.body.share_network_subnet.id)).toEqual({});
    // Three subnets: the network cannot go.
    await expect(manila.shareNetworks.delete(idle.id)).rejects.toBeInstanceOf(ConflictError);
  });

  it('subnet reads match the spec at every version where their answer changes', async () => {
    const subnets = (await manila.shareNetworkSubnets.list(idle.id)).items;
    expect(subnets.map((s) => String(s.availability_zone)).sort()).toEqual(['nova', 'nova2', 'null']);
    expect(await readAcrossVersions('shareNetworkSubnets_list', (m) => Promise.all([idle.id, busy.id].map((id) => m.shareNetworkSubnets.list(id))))).toEqual(['2.51', '2.77', '2.78']);
    const zoned = subnets.find((s) => s.availability_zone === 'nova2')!;
    await readAcrossVersions('shareNetworkSubnets_show', (m) => m.shareNetworkSubnets.show(idle.id, zoned.id));
    await expect(at('2.50').shareNetworkSubnets.list(idle.id)).rejects.toBeInstanceOf(MicroversionError);
  });

  it('Manila 23 shows and deletes a subnet through any network the caller can see', async () => {
    const nova = (await manila.shareNetworkSubnets.list(idle.id)).items.find((s) => s.availability_zone === 'nova')!;
    expect((await manila.shareNetworkSubnets.show(busy.id, nova.id)).share_network_id).toBe(idle.id);
    await manila.shareNetworkSubnets.delete(busy.id, nova.id);
    expect((await manila.shareNetworkSubnets.list(idle.id)).items.map((s) => String(s.availability_zone)).sort()).toEqual(['nova2', 'null']);
    await expect(manila.shareNetworkSubnets.show(idle.id, nova.id)).rejects.toBeInstanceOf(NotFoundError);
  });

  it('filters, in both lists, on its own fields and on its subnets\'', async () => {
    type Filters = Record<string, unknown>;
    const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
    // [filter, keeps the network, drops it, the network]
    const cases: Array<[string, unknown, unknown, ShareNetwork]> = [
      ['name', idle.name, NO_SUCH, idle],
      ['description', 'renamed', NO_SUCH, idle],
      ['name~', 'idle2', NO_SUCH, idle],
      ['description~', 'rename', NO_SUCH, idle],
      ['created_since', day(-1), day(1), idle],
      ['created_before', day(1), day(-1), idle],
      ['security_service_id', services.inUse.id, NO_UUID, busy],
      ['status', 'active', 'network_change', idle],
      ['neutron_net_id', `${prefix}-net2`, NO_SUCH, idle],
      ['neutron_subnet_id', `${prefix}-az-subnet`, NO_SUCH, idle],
      ['availability_zone', 'nova2', 'nova', idle],
      ['cidr', '10.0.0.0/24', '10.9.9.0/24', busy],
      ['ip_version', 4, 6, busy],
      ['gateway', '10.0.0.1', '10.9.9.1', busy],
      ['network_type', 'vlan', 'vxlan', busy],
      ['segmentation_id', 1010, 4000, busy],
      ['project_id', idle.project_id, 'ffffffffffffffffffffffffffffffff', idle],
    ];
    const wrong: string[] = [];
    for (const op of ['list', 'listDetail'] as const) {
      const list = async (q: Filters) => ids((await manila.shareNetworks[op](q as never)).items);
      await some(cases, async ([filter, keep, drop, net]) => {
        const scope: Filters = filter === 'project_id' ? { all_tenants: true } : {};
        if (!(await list({ ...scope, [filter]: keep })).includes(net.id)) wrong.push(`${op} ${filter}: drops what it should keep`);
        if ((await list({ ...scope, [filter]: drop })).includes(net.id)) wrong.push(`${op} ${filter}: ignored`);
      });
      // Every filter the spec offers is tried here.
      const offered = Object.keys(operationUnit(`shareNetworks_${op}`).query).filter((q) => !['limit', 'offset', 'all_tenants'].includes(q));
      expect(cases.map(([f]) => f).sort()).toEqual(offered.sort());
    }
    expect(wrong).toEqual([]);
  });

  it('versioned filters from their bounds; below, Manila applies them unchecked, except the inexact ones, which empty the list', async () => {
    // [filter, keeps the network, drops it, the network, what Manila does one version below (spec: the filter's description)]
    const cases: Array<[string, string, string, ShareNetwork, 'applied' | 'empty']> = [
      ['name~', 'idle2', NO_SUCH, idle, 'empty'],
      ['description~', 'rename', NO_SUCH, idle, 'empty'],
      ['status', 'active', 'error', idle, 'applied'],
      ['availability_zone', 'nova2', 'nova', idle, 'applied'],
      ['gateway', '10.0.0.1', '10.9.9.1', busy, 'applied'],
    ];
    const wrong: string[] = [];
    for (const op of ['list', 'listDetail'] as const) {
      const path = op === 'list' ? '/share-networks' : '/share-networks/detail';
      await some(cases, async ([filter, keep, drop, net, below]) => {
        const key = `shareNetworks_${op} ${filter}`;
        recordBound(key);
        const min = boundOf(key);
        const sdk = async (value: string) => ids((await at(min).shareNetworks[op]({ name: net.name!, [filter]: value } as never)).items);
        if (!(await sdk(keep)).includes(net.id) || (await sdk(drop)).includes(net.id)) wrong.push(`${key}: not applied at ${min}`);
        const rawIds = async (value: string) => ids((await raw('GET', path, versionBelow(min), { query: { name: net.name!, [filter]: value } })).body.share_networks);
        const [kept, dropped] = [await rawIds(keep), await rawIds(drop)];
        const seen = kept.includes(net.id) && !dropped.includes(net.id) ? 'applied' : !kept.length && !dropped.length ? 'empty' : 'ignored';
        if (seen !== below) wrong.push(`${key}: ${seen} at ${versionBelow(min)}, the spec says ${below}`);
      });
    }
    expect(wrong).toEqual([]);
  });

  it('refuses an unknown filter before sending: Manila would answer an empty list', async () => {
    const quiet = await raw('GET', '/share-networks', '2.99', { query: { name: idle.name!, nmae: idle.name! } });
    expect(quiet.status).toBe(200);
    expect(quiet.body.share_networks).toEqual([]);
    for (const bad of [{ nmae: idle.name }, { with_count: true }, { sort_key: 'name' }]) {
      const err = await manila.shareNetworks.listDetail(bad as never).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(ValidationError);
      expect((err as ValidationError).sent).toBe(false);
    }
  });

  it('pages by offset', async () => {
    for (const limit of [1, 3]) {
      const seen: string[] = [];
      for await (const n of manila.shareNetworks.list({ limit, 'name~': prefix })) seen.push(n.id);
      expect(seen.sort(), `limit ${limit}`).toEqual([idle.id, busy.id].sort());
    }
    const first = await manila.shareNetworks.listDetail({ limit: 1, 'name~': prefix });
    expect(first.items).toHaveLength(1);
    const second = await first.nextPage();
    expect([...ids(first.items), ...ids(second.items)].sort()).toEqual([idle.id, busy.id].sort());
  });

  it('availability_zone on create: from 2.51; Manila 23 answers 500 below it and leaves a network without a subnet', async () => {
    const min = boundOf('shareNetworks_create availability_zone');
    recordBound('shareNetworks_create availability_zone');
    const zoned = await at(min).shareNetworks.create({ name: `${prefix}-zoned`, availability_zone: 'nova2' });
    cleanup.add(`delete share network ${zoned.id}`, () => deleteShareNetwork(manila, zoned.id));
    expect(zoned.share_network_subnets!.map((s) => s.availability_zone)).toEqual(['nova2']);
    await manila.shareNetworks.delete(zoned.id);
    await expect(manila.shareNetworks.show(zoned.id)).rejects.toBeInstanceOf(NotFoundError);

    const name = `${prefix}-zoned-old`;
    const old = await raw('POST', '/share-networks', versionBelow(min), { body: { share_network: { name, availability_zone: 'nova2' } } });
    const left = (await manila.shareNetworks.listDetail({ name })).items;
    for (const n of left) cleanup.add(`delete share network ${n.id}`, () => deleteShareNetwork(manila, n.id));
    expect(old.status).toBe(500);
    expect(left.map((n) => n.share_network_subnets)).toEqual([[]]);
    for (const n of left) await manila.shareNetworks.delete(n.id);
  });

  it('a network in use refuses what would change its share servers behind their back', async () => {
    const { inUse, inUseK } = services;
    await expect(manila.shareNetworks.update(busy.id, { neutron_net_id: `${prefix}-x`, neutron_subnet_id: `${prefix}-y` })).rejects.toBeInstanceOf(ForbiddenError);
    expect((await manila.shareNetworks.update(busy.id, { description: 'still in use' })).description).toBe('still in use');
    await expect(manila.shareNetworks.removeSecurityService(busy.id, { security_service_id: inUse.id })).rejects.toBeInstanceOf(ForbiddenError);
    await expect(manila.securityServices.update(inUse.id, { server: 'elsewhere.example.org' })).rejects.toBeInstanceOf(ForbiddenError);
    expect((await manila.securityServices.update(inUse.id, { description: 'in use' })).description).toBe('in use');
    // Below 2.63 a network in use takes no new security service at all.
    await expect(at('2.62').shareNetworks.addSecurityService(busy.id, { security_service_id: inUseK.id })).rejects.toBeInstanceOf(ForbiddenError);
    // Nor does the update go without its check (from 2.63).
    await expect(manila.shareNetworks.updateSecurityService(busy.id, { current_service_id: inUse.id, new_service_id: services.a.id })).rejects.toBeInstanceOf(BadRequestError);
    await expect(manila.shareNetworks.delete(busy.id)).rejects.toBeInstanceOf(ConflictError);
    await expect(manila.shareNetworkSubnets.delete(busy.id, busy.share_network_subnets![0].id)).rejects.toBeInstanceOf(ConflictError);
    expect((await manila.shares.show(shareId)).share_network_id).toBe(busy.id);
  });

  it('Manila 23 never completes a security service check on a network in use, so the add is refused', async () => {
    // The share manager fails to look up the network's servers on its host
    // (AttributeError in share_server_get_all_by_host, manila-share.log);
    // see the checks' descriptions in spec/share-networks.yaml.
    const { inUseK } = services;
    const first = await manila.shareNetworks.addSecurityServiceCheck(busy.id, { security_service_id: inUseK.id, reset_operation: true });
    expect(first.compatible).toBeNull();
    expect(Object.values(first.hosts_check_result ?? {})).toEqual([null]);
    // Longer than the subnet check below takes to be answered, and than the share manager's periodic interval (5 s).
    await new Promise((r) => setTimeout(r, 8000));
    const later = await manila.shareNetworks.addSecurityServiceCheck(busy.id, { security_service_id: inUseK.id });
    expect(later.compatible).toBeNull();
    await expect(manila.shareNetworks.addSecurityService(busy.id, { security_service_id: inUseK.id })).rejects.toBeInstanceOf(BadRequestError);
  });

  it('takes a subnet after its check, and the waiter sees the network through network_change', async () => {
    const subnet = { neutron_net_id: `${prefix}-busy-net2`, neutron_subnet_id: `${prefix}-busy-subnet2` };
    // Without a check first: refused.
    await expect(manila.shareNetworkSubnets.create(busy.id, subnet)).rejects.toBeInstanceOf(BadRequestError);
    const verdicts: Array<boolean | null> = [];
    const deadline = Date.now() + 60_000;
    let check;
    do {
      if (verdicts.length) await new Promise((r) => setTimeout(r, 1000));
      check = await manila.shareNetworks.shareNetworkSubnetCreateCheck(busy.id, subnet);
      verdicts.push(check.compatible);
    } while (check.compatible === null && Date.now() < deadline);
    expect(verdicts[0]).toBeNull();
    expect(check.compatible).toBe(true);
    expect(Object.values(check.hosts_check_result ?? {})).toEqual([true]);
    const sub = await manila.shareNetworkSubnets.create(busy.id, subnet);
    expect(sub).toMatchObject({ share_network_id: busy.id, availability_zone: null, ...subnet });
    const states: string[] = [];
    const settled = await manila.waitFor.shareNetwork(busy.id, { ...FAST, onProgress: (n) => states.push(String(n.status)) });
    expect(settled.status).toBe('active');
    expect(states.every((s) => s === 'network_change' || s === 'active')).toBe(true);
    expect(settled.share_network_subnets!.map((s) => s.id)).toContain(sub.id);
  });

  it('network reads match the spec at every version where their answer changes', async () => {
    for (const net of [idle.id, busy.id]) {
      const versions = await readAcrossVersions('shareNetworks_show', (m) => m.shareNetworks.show(net));
      expect(versions).toEqual(expect.arrayContaining(['2.0', '2.17', '2.18', '2.50', '2.51', '2.62', '2.63', '2.69', '2.70', '2.77', '2.78']));
    }
    await readAcrossVersions('shareNetworks_listDetail', (m) => m.shareNetworks.listDetail({ name: busy.name! }));
    await readAcrossVersions('shareNetworks_list', (m) => m.shareNetworks.list({ name: busy.name! }));
  });

  describe.runIf(keystoneBed)('as a project member', slow, () => {
    it('sees only its own networks, without the segmentation details', async () => {
      const m = member!;
      const net = await m.shareNetworks.create({ name: `${prefix}-member`, neutron_net_id: `${prefix}-mnet`, neutron_subnet_id: `${prefix}-msubnet` });
      cleanup.add(`delete share network ${net.id}`, () => deleteShareNetwork(m, net.id));
      expect(ids((await m.shareNetworks.list({ 'name~': prefix })).items)).toEqual([net.id]);
      // all_tenants and project_id are the admin's; a member's are dropped.
      expect(ids((await m.shareNetworks.listDetail({ 'name~': prefix, all_tenants: true, project_id: idle.project_id })).items)).toEqual([net.id]);
      // So are network_type and segmentation_id: the network stays listed.
      expect(ids((await m.shareNetworks.list({ name: net.name!, network_type: 'vxlan', segmentation_id: 4000 })).items)).toEqual([net.id]);
      await expect(m.shareNetworks.show(idle.id)).rejects.toBeInstanceOf(NotFoundError);
      expect(await readAcrossVersions('shareNetworks_show', (mm) => mm.shareNetworks.show(net.id), memberAt)).toContain('2.51');
      await m.shareNetworks.delete(net.id);
    });
  });
});

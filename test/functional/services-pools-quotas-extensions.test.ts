// The admin's operations on a real Manila: services (list, enable, disable,
// ensure-shares), the scheduler's pools, quota sets of projects, users and
// share types, quota classes, and the loaded API extensions. Each read at
// every microversion where its answer changes shape; each versioned filter
// and request field at its bound and one version below.
//
// Bed etiquette: quotas are only ever written for a made-up project, and on
// the member's project only for this test's own share type; quota class
// `default` is never written; only `manila-data` is disabled, and enabled
// again at once; ensure-shares runs only on a back end where no share
// instance of anyone else would be touched.
import { existsSync, openSync, readSync, statSync, closeSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import { dirname } from 'node:path';
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  ForbiddenError,
  MicroversionError,
  NotFoundError,
  OverLimitError,
  ValidationError,
  compareVersions,
  type ManilaClient,
  type QuotaSet,
} from '../../src/index.js';
import { operationUnit } from '../../scripts/operation-units.js';
import { bed, bedAuth, bedClient, Cleanup, FAST, keystoneBed, rawManila, uniqueName, versionBelow } from './support/bed.js';
import { answerBoundVersions, boundOf, recordBound, recordUntested } from './support/bounds.js';
import { contractFetch } from './support/contract.js';
import { report } from '../../examples/quota-report.js';
import { deleteShare, deleteShareType } from './support/resources.js';

// The bed is shared and slow under load: a call may wait long for its turn.
vi.setConfig({ testTimeout: 300_000, hookTimeout: 300_000 });
const TIMEOUT_MS = 120_000;

// One Keystone login per user for the whole file (each new token costs the bed a validation).
const adminAuth = keystoneBed ? bedAuth() : undefined;
const clients = new Map<string, ManilaClient>();
/** The admin's client at one microversion. */
const at = (version: string): ManilaClient => {
  let c = clients.get(version);
  if (!c) clients.set(version, (c = bedClient({ ...(adminAuth ? { auth: adminAuth } : {}), microversion: version, timeoutMs: TIMEOUT_MS })));
  return c;
};
const manila = bedClient({ ...(adminAuth ? { auth: adminAuth } : {}), timeoutMs: TIMEOUT_MS });
/** The bed's member user, in project `demo` (Keystone beds only). */
const memberAuth = keystoneBed ? bedAuth({ username: bed.member.username, password: bed.member.password, projectName: bed.member.project }) : undefined;
const member = memberAuth ? bedClient({ auth: memberAuth, timeoutMs: TIMEOUT_MS }) : undefined;
const cleanup = new Cleanup();
afterAll(() => cleanup.run());

/**
 * Raw requests as the admin, for what the SDK refuses to send. Unlike
 * rawManila() it asks for a token each time: the bed's tokens live 120 s and
 * this file runs longer.
 */
async function raw(method: string, path: string, version: string, opts: { query?: Record<string, string>; body?: unknown } = {}) {
  if (!adminAuth) return (await rawManila())(method, path, version, opts);
  const url = new URL(`${await adminAuth.getEndpoint()}${path}`);
  for (const [k, v] of Object.entries(opts.query ?? {})) url.searchParams.set(k, v);
  const res = await fetch(url, {
    method,
    headers: { 'X-Auth-Token': await adminAuth.getToken(), 'X-OpenStack-Manila-API-Version': version, 'Content-Type': 'application/json', Accept: 'application/json' },
    body: opts.body === undefined ? undefined : JSON.stringify(opts.body),
  });
  const text = await res.text();
  return { status: res.status, body: (text ? JSON.parse(text) : undefined) as Record<string, any> };
}

let serverMin = '2.0';
let serverMax = '2.99';
let latest = '2.99';

/** A project id Keystone never issued: its quotas can be written without touching anyone. */
const madeUpProject = () => randomUUID().replace(/-/g, '');

/**
 * Reads at every version where the answer of one of `ops` changes shape (and
 * one below the method's first version, where the SDK must refuse it).
 */
async function readAcross(ops: string[], read: (m: ManilaClient) => Promise<unknown>, extra: string[] = []): Promise<string[]> {
  const versions = new Set(extra);
  for (const op of ops) for (const v of answerBoundVersions(op, serverMin, serverMax)) versions.add(v);
  const first = ops.map((op) => operationUnit(op).range.min ?? '2.0').sort(compareVersions)[0];
  if (first !== '2.0' && compareVersions(versionBelow(first), serverMin) >= 0) versions.add(versionBelow(first));
  const done: string[] = [];
  for (const v of [...versions].sort(compareVersions)) {
    if (compareVersions(v, first) < 0) {
      await expect(read(at(v)), `below ${first}`).rejects.toBeInstanceOf(MicroversionError);
      continue;
    }
    await read(at(v));
    done.push(v);
  }
  return done;
}

beforeAll(async () => {
  const nv = await manila.microversion();
  serverMin = nv.serverMin ?? '2.0';
  serverMax = nv.serverMax ?? nv.version;
  latest = nv.version;
});

describe('extensions', () => {
  it('lists the loaded extensions and shows one by alias', async () => {
    const listed = (await manila.extensions.list()).items;
    const fox = listed.find((e) => e.alias === 'FOXNSOX');
    expect(fox, 'the bed loads Manila\'s test extension FOXNSOX').toBeDefined();
    expect(await manila.extensions.show('FOXNSOX')).toEqual(fox);
    await expect(manila.extensions.show('sdkft-no-such-extension')).rejects.toBeInstanceOf(NotFoundError);
  });

  it('answers the same at every microversion, to any caller', async () => {
    await readAcross(['extensions_list'], async (m) => expect((await m.extensions.list()).items.map((e) => e.alias)).toContain('FOXNSOX'), [serverMin, serverMax]);
    await readAcross(['extensions_show'], async (m) => expect((await m.extensions.show('FOXNSOX')).name).toBe('Fox In Socks'), [serverMin, serverMax]);
    if (member) expect(await member.extensions.show('FOXNSOX')).toEqual(await manila.extensions.show('FOXNSOX'));
  });
});

describe('services', () => {
  it('lists every service, and each filter matches exactly', async () => {
    const all = (await manila.services.list()).items;
    const binaries = new Set(all.map((s) => s.binary));
    expect([...binaries].sort()).toEqual(['manila-data', 'manila-scheduler', 'manila-share']);
    for (const s of all.filter((x) => x.binary === 'manila-share')) expect(s.host).toMatch(/^[^@]+@[^@#]+$/);
    const data = all.find((s) => s.binary === 'manila-data')!;
    const one = async (q: Parameters<ManilaClient['services']['list']>[0]) => (await manila.services.list(q)).items;
    expect((await one({ host: data.host, binary: 'manila-data' })).map((s) => s.id)).toEqual([data.id]);
    expect((await one({ topic: 'manila-data' })).map((s) => s.id)).toEqual([data.id]);
    expect((await one({ binary: 'manila-share', zone: 'nova2' })).map((s) => s.host)).toEqual(all.filter((s) => s.binary === 'manila-share' && s.zone === 'nova2').map((s) => s.host));
    expect((await one({ zone: 'sdkft-no-such-zone' }))).toEqual([]);
    expect((await one({ state: 'up' })).every((s) => s.state === 'up')).toBe(true);
    expect((await one({ status: 'enabled', binary: 'manila-scheduler' })).map((s) => s.status)).toEqual(['enabled']);
  });

  it('filters on ensuring from 2.93; below, the server drops the filter', async () => {
    const min = boundOf('services_list ensuring');
    recordBound('services_list ensuring');
    const notEnsuring = (await at(min).services.list({ ensuring: false })).items;
    expect(notEnsuring.every((s) => s.ensuring === false)).toBe(true);
    // No ensure-shares runs right now on a manila-data service, at least.
    const ensuringData = (await at(min).services.list({ ensuring: true, binary: 'manila-data' })).items;
    expect(ensuringData).toEqual([]);
    const below = await raw('GET', '/services', versionBelow(min), { query: { ensuring: 'true', binary: 'manila-data' } });
    expect(below.status).toBe(200);
    expect(below.body.services).toHaveLength(1);
    // The SDK does not send it there.
    await expect(at(versionBelow(min)).services.list({ ensuring: true })).rejects.toBeInstanceOf(MicroversionError);
  });

  it('lists the same services at every microversion (legacy URL below 2.7)', async () => {
    const ids = (await manila.services.list()).items.map((s) => s.id).sort();
    const versions = await readAcross(['services_listLegacy', 'services_list'], async (m) => {
      expect((await m.services.list()).items.map((s) => s.id).sort()).toEqual(ids);
    }, [serverMin, '2.6', serverMax]);
    expect(versions).toContain('2.6');
    expect(versions).toContain('2.7');
  });

  describe('disable and enable manila-data, for a moment each', () => {
    let host = '';
    const binary = 'manila-data';
    const dataService = async () => (await manila.services.list({ host, binary })).items[0];

    beforeAll(async () => {
      host = (await manila.services.list({ binary })).items[0].host;
      // Whatever happens below, the data service ends up enabled.
      cleanup.add('enable manila-data', () => manila.services.enable({ host, binary }));
    });

    it('with a reason from 2.83, which enable clears', async () => {
      const min = boundOf('services_disable disabled_reason');
      recordBound('services_disable disabled_reason');
      const reason = `${uniqueName('maintenance')}  `;
      let shown;
      try {
        const off = await at(min).services.disable({ host, binary, disabled_reason: reason });
        expect(off).toEqual({ host, binary, status: 'disabled', disabled_reason: reason.trim() });
        shown = await dataService();
      } finally {
        const on = await at(min).services.enable({ host, binary });
        expect(on).toEqual({ host, binary, status: 'enabled', disabled_reason: null });
      }
      expect(shown).toMatchObject({ status: 'disabled', disabled_reason: reason.trim() });
      expect(await dataService()).toMatchObject({ status: 'enabled', disabled_reason: null });
      // The answer carries `ensuring` (always null) from 2.86.
      try {
        expect(await manila.services.disable({ host, binary })).toEqual({ host, binary, status: 'disabled', disabled_reason: null, ensuring: null });
      } finally {
        expect(await manila.services.enable({ host, binary })).toEqual({ host, binary, status: 'enabled', disabled_reason: null, ensuring: null });
      }
    });

    it('refuses a reason below 2.83 (raw: 400, nothing disabled; the SDK sends nothing)', async () => {
      const below = versionBelow(boundOf('services_disable disabled_reason'));
      const refused = await raw('PUT', '/services/disable', below, { body: { host, binary, disabled_reason: 'too early' } });
      expect(refused.status).toBe(400);
      expect((await dataService()).status).toBe('enabled');
      await expect(at(below).services.disable({ host, binary, disabled_reason: 'too early' })).rejects.toBeInstanceOf(MicroversionError);
      recordUntested('services_disableLegacy disabled_reason', 'the field starts at 2.83, long after the os-services URL ends (2.6): the SDK never sends it there, and Manila refuses it there (asserted)');
      const legacy = await raw('PUT', '/os-services/disable', '2.6', { body: { host, binary, disabled_reason: 'too early' } });
      expect(legacy.status).toBe(400);
      await expect(at('2.6').services.disable({ host, binary, disabled_reason: 'too early' })).rejects.toBeInstanceOf(MicroversionError);
    });

    it('under the os-services URL below 2.7, without a reason', async () => {
      const old = at('2.6');
      let shown;
      try {
        expect(await old.services.disable({ host, binary })).toEqual({ host, binary, status: 'disabled' });
        shown = await dataService();
      } finally {
        expect(await old.services.enable({ host, binary })).toEqual({ host, binary, status: 'enabled' });
      }
      expect(shown?.status).toBe('disabled');
      expect((await dataService()).status).toBe('enabled');
    });

    it('404 for a service that does not run there', async () => {
      await expect(manila.services.disable({ host: 'sdkft-no-such-host', binary })).rejects.toBeInstanceOf(NotFoundError);
    });
  });

  describe('ensure-shares', () => {
    const shareLog = `${dirname(bed.cloudsYaml)}/logs/manila-share.log`;
    let shareId = '';

    /** The share log written since `from` (bytes). */
    const logSince = (from: number): string => {
      const size = statSync(shareLog).size;
      if (size <= from) return '';
      const buf = Buffer.alloc(size - from);
      const fd = openSync(shareLog, 'r');
      try {
        readSync(fd, buf, 0, buf.length, from);
      } finally {
        closeSync(fd);
      }
      return buf.toString('utf8');
    };

    /** Instances of other people's shares that ensure-shares on `host` would touch. */
    const othersTouched = async (host: string): Promise<string[]> => {
      const r = await raw('GET', '/share_instances', latest, { query: { host } });
      expect(r.status).toBe(200);
      return (r.body.share_instances as Array<{ id: string; share_id: string; status: string }>)
        .filter((i) => i.share_id !== shareId && ['available', 'ensuring'].includes(i.status))
        .map((i) => `${i.share_id} (${i.status})`);
    };

    beforeAll(async () => {
      // A share of our own on gamma, so that ensure-shares there has something to do.
      const type = await manila.shareTypes.create({
        name: uniqueName('ensure'),
        extra_specs: { driver_handles_share_servers: 'false', share_backend_name: 'GAMMA' },
        'share_type_access:is_public': false,
      });
      cleanup.add(`delete share type ${type.id}`, () => deleteShareType(manila, type.id));
      const share = await manila.shares.create({ share_proto: 'NFS', size: 1, name: uniqueName('ensured'), share_type: type.id });
      shareId = share.id;
      cleanup.add(`delete share ${share.id}`, () => deleteShare(manila, share.id));
      await manila.waitFor.share(share.id, FAST);
    });

    it('re-exports the shares of one back end, where it touches nobody else\'s', async () => {
      const mine = (await manila.shares.show(shareId)).host!.split('#')[0];
      const shareHosts = (await manila.services.list({ binary: 'manila-share', state: 'up' })).items.map((s) => s.host);
      expect(shareHosts).toContain(mine);
      // Our own back end first; another one where nothing would be touched will do.
      let host: string | undefined;
      const deadline = Date.now() + 90_000;
      while (!host && Date.now() < deadline) {
        for (const h of [mine, ...shareHosts.filter((x) => x !== mine)]) {
          if (!(await othersTouched(h)).length) {
            host = h;
            break;
          }
        }
        if (!host) await new Promise((r) => setTimeout(r, 3000));
      }
      expect(host, 'a share back end where ensure-shares touches only this test\'s share').toBeDefined();
      const logFrom = existsSync(shareLog) ? statSync(shareLog).size : undefined;

      const min = operationUnit('services_ensureShares').range.min!;
      const { data, response } = await at(min).services.ensureShares({ host: host! }).withResponse();
      expect(data).toBeUndefined();
      expect(response.status).toBe(202);

      // The share service takes the cast, flags itself `ensuring`, re-exports, and clears the flag.
      if (logFrom !== undefined) {
        let seen = '';
        const until = Date.now() + 60_000;
        while (!/Re-exporting \d+ shares/.test(seen) && Date.now() < until) {
          await new Promise((r) => setTimeout(r, 500));
          seen = logSince(logFrom).split('\n').filter((l) => l.includes(response.requestId!)).join('\n');
        }
        const count = Number(/Re-exporting (\d+) shares/.exec(seen)?.[1]);
        if (host === mine) expect(count).toBeGreaterThanOrEqual(1);
        else expect(Number.isInteger(count)).toBe(true);
      }
      const until = Date.now() + 60_000;
      let service = (await manila.services.list({ host, binary: 'manila-share' })).items[0];
      while (service.ensuring && Date.now() < until) {
        await new Promise((r) => setTimeout(r, 500));
        service = (await manila.services.list({ host, binary: 'manila-share' })).items[0];
      }
      expect(service.ensuring).toBe(false);
      expect((await manila.waitFor.share(shareId, FAST)).status).toBe('available');
      // Below 2.86 the SDK does not know the call.
      await expect(at(versionBelow(min)).services.ensureShares({ host: host! })).rejects.toBeInstanceOf(MicroversionError);
    });

    it('404 for a host without a share service', async () => {
      await expect(manila.services.ensureShares({ host: 'sdkft-no-such-host@nowhere' })).rejects.toBeInstanceOf(NotFoundError);
    });
  });
});

describe('scheduler pools', () => {
  it('lists every back end\'s pools, by name and with capabilities', async () => {
    const pools = (await manila.pools.list()).items;
    for (const p of pools) expect(p.name).toBe(`${p.host}@${p.backend}#${p.pool}`);
    expect(pools.map((p) => p.backend).sort()).toEqual(expect.arrayContaining(['alpha', 'beta', 'delta', 'gamma']));
    const detailed = (await manila.pools.listDetail()).items;
    expect(detailed.map((p) => p.name).sort()).toEqual(pools.map((p) => p.name).sort());
    const alpha = detailed.find((p) => p.backend === 'alpha')!;
    expect(alpha.capabilities).toMatchObject({ share_backend_name: 'ALPHA', driver_handles_share_servers: false, replication_domain: 'DUMMY_DOMAIN' });
    expect(detailed.find((p) => p.backend === 'beta')!.capabilities.driver_handles_share_servers).toBe(true);
  });

  it('name, host, backend and pool are regular expressions matched from the start', async () => {
    const names = async (q: Parameters<ManilaClient['pools']['list']>[0]) => (await manila.pools.list(q)).items.map((p) => p.backend).sort();
    expect(await names({ backend: 'gam' })).toEqual(['gamma']);
    expect(await names({ backend: 'amma' })).toEqual([]);
    expect(await names({ backend: '(alpha|beta)$' })).toEqual(['alpha', 'beta']);
    expect(await names({ pool: 'fake_pool_for_DELTA' })).toEqual(['delta']);
    expect(await names({ name: '[^@]+@gamma#' })).toEqual(['gamma']);
    expect((await names({ host: 'sdkft-nowhere' }))).toEqual([]);
    expect((await manila.pools.listDetail({ backend: 'alpha' })).items.map((p) => p.capabilities.share_backend_name)).toEqual(['ALPHA']);
  });

  it('share_type from 2.23 keeps the pools that fit the type; below, the server knows no such key and lists nothing', async () => {
    for (const op of ['pools_list', 'pools_listDetail'] as const) {
      const min = boundOf(`${op} share_type`);
      recordBound(`${op} share_type`);
      const m = at(min);
      // The share type `default` is pinned to alpha.
      const fit = op === 'pools_list' ? await m.pools.list({ share_type: 'default' }) : await m.pools.listDetail({ share_type: 'default' });
      expect(fit.items.map((p) => p.backend)).toEqual(['alpha']);
      const path = op === 'pools_list' ? '/scheduler-stats/pools' : '/scheduler-stats/pools/detail';
      const below = await raw('GET', path, versionBelow(min), { query: { share_type: 'default' } });
      expect(below.status).toBe(200);
      expect(below.body.pools).toEqual([]);
      await expect(at(versionBelow(min)).pools.list({ share_type: 'default' })).rejects.toBeInstanceOf(MicroversionError);
    }
    await expect(manila.pools.list({ share_type: 'sdkft-no-such-type' })).rejects.toMatchObject({ status: 400 });
  });

  it('capabilities: a Manila 23 defect (500 for any value), so the SDK does not offer it', async () => {
    for (const value of ['{}', '{"share_backend_name": "ALPHA"}', '']) {
      const r = await raw('GET', '/scheduler-stats/pools', latest, { query: { capabilities: value } });
      expect(r.status).toBe(500);
    }
    // @ts-expect-error not a filter of the spec
    await expect(manila.pools.list({ capabilities: '{}' })).rejects.toBeInstanceOf(ValidationError);
    // An unknown key empties the answer, which is why the SDK refuses unknown filters.
    expect((await raw('GET', '/scheduler-stats/pools', latest, { query: { limit: '10' } })).body.pools).toEqual([]);
  });

  it('answers alike at every microversion', async () => {
    const count = (await manila.pools.list()).items.length;
    await readAcross(['pools_list'], async (m) => expect((await m.pools.list()).items).toHaveLength(count), [serverMin, serverMax]);
    await readAcross(['pools_listDetail'], async (m) => expect((await m.pools.listDetail()).items).toHaveLength(count), [serverMin, serverMax]);
  });

  it.runIf(keystoneBed)('is for admins only, as are the services', async () => {
    await expect(member!.pools.list()).rejects.toBeInstanceOf(ForbiddenError);
    await expect(member!.services.list()).rejects.toBeInstanceOf(ForbiddenError);
  });
});

// Quota keys added after 2.0, by the version that added them (spec/quotas.yaml).
const VERSIONED_QUOTAS = ['share_groups', 'share_group_snapshots', 'share_replicas', 'replica_gigabytes', 'per_share_gigabytes', 'backups', 'backup_gigabytes', 'encryption_keys'] as const;

describe('quota sets', () => {
  const project = madeUpProject();
  const demo = bed.member.projectId!;

  beforeAll(() => {
    cleanup.add(`reset the quotas of made-up project ${project}`, () => manila.quotaSets.delete(project));
  });

  it('a project that sets nothing has the defaults', async () => {
    const defaults = await manila.quotaSets.showDefaults(project);
    const shown = await manila.quotaSets.show(project);
    expect(shown).toEqual(defaults);
    expect(shown.id).toBe(project);
    const detail = await manila.quotaSets.showDetail(project);
    for (const [k, v] of Object.entries(shown)) {
      if (k === 'id') continue;
      expect(detail[k as keyof typeof detail], k).toEqual({ limit: v, in_use: 0, reserved: 0 });
    }
    // The legacy URL below 2.7.
    const legacy = at('2.6');
    expect(await legacy.quotaSets.showDefaults(project)).toEqual({ id: project, shares: defaults.shares, gigabytes: defaults.gigabytes, snapshots: defaults.snapshots, snapshot_gigabytes: defaults.snapshot_gigabytes, share_networks: defaults.share_networks });
  });

  it('update sets the limits given, answers every limit without id; delete resets them', async () => {
    const set = { shares: 7, gigabytes: 70, snapshots: 6, snapshot_gigabytes: 60, share_networks: 5, share_groups: 4, share_group_snapshots: 3, share_replicas: 9, replica_gigabytes: 90, per_share_gigabytes: 8, backups: 2, backup_gigabytes: 20, encryption_keys: 1 };
    const answer = await manila.quotaSets.update(project, set);
    expect(answer).toEqual(set);
    expect(await manila.quotaSets.show(project)).toEqual({ id: project, ...set });
    const detail = await manila.quotaSets.showDetail(project);
    expect(detail.shares).toEqual({ limit: 7, in_use: 0, reserved: 0 });
    expect(detail.encryption_keys).toEqual({ limit: 1, in_use: 0, reserved: 0 });
    // -1 is unlimited; below that is a 400.
    expect((await manila.quotaSets.update(project, { shares: -1 })).shares).toBe(-1);
    await expect(manila.quotaSets.update(project, { shares: -2 })).rejects.toMatchObject({ status: 400 });
    // The SDK refuses an unknown key and an empty update's missing fields are Manila's 400.
    // @ts-expect-error not a quota
    await expect(manila.quotaSets.update(project, { sharez: 1 })).rejects.toBeInstanceOf(ValidationError);
    await expect(manila.quotaSets.update(project, {})).rejects.toMatchObject({ status: 400 });
    await manila.quotaSets.delete(project);
    expect(await manila.quotaSets.show(project)).toEqual(await manila.quotaSets.showDefaults(project));
  });

  it('under the os-quota-sets URL below 2.7', async () => {
    const legacy = at('2.6');
    expect(await legacy.quotaSets.update(project, { shares: 11, snapshots: 12 })).toEqual(expect.objectContaining({ shares: 11, snapshots: 12 }));
    expect(await legacy.quotaSets.show(project)).toMatchObject({ id: project, shares: 11, snapshots: 12 });
    const user = madeUpProject();
    expect((await legacy.quotaSets.show(project, { user_id: user })).shares).toBe(11);
    await legacy.quotaSets.delete(project);
    expect((await manila.quotaSets.show(project)).shares).toBe((await manila.quotaSets.showDefaults(project)).shares);
  });

  it('a user\'s limits inherit the project\'s until set, and reset alone', async () => {
    const user = madeUpProject();
    await manila.quotaSets.update(project, { shares: 20 });
    expect((await manila.quotaSets.show(project, { user_id: user })).shares).toBe(20);
    // The update takes user_id as a query beside its body: the SDK takes it in the same input.
    expect((await manila.quotaSets.update(project, { shares: 3, user_id: user })).shares).toBe(3);
    expect((await manila.quotaSets.show(project, { user_id: user })).shares).toBe(3);
    expect((await manila.quotaSets.showDetail(project, { user_id: user })).shares).toEqual({ limit: 3, in_use: 0, reserved: 0 });
    // A user's limit above the project's is a 400 without force.
    await expect(manila.quotaSets.update(project, { shares: 21, user_id: user })).rejects.toMatchObject({ status: 400 });
    expect((await manila.quotaSets.update(project, { shares: 21, force: true, user_id: user })).shares).toBe(21);
    await manila.quotaSets.delete(project, { user_id: user });
    expect((await manila.quotaSets.show(project, { user_id: user })).shares).toBe(20);
    expect((await manila.quotaSets.show(project)).shares).toBe(20);
    await expect(manila.quotaSets.show(project, { user_id: user, share_type: 'default' })).rejects.toMatchObject({ status: 400 });
  });

  it('each key newer than 2.0 is set at its bound; one version below, only its band refuses it', async () => {
    for (const key of VERSIONED_QUOTAS) {
      const min = boundOf(`quotaSets_update ${key}`);
      recordBound(`quotaSets_update ${key}`);
      const value = 30 + VERSIONED_QUOTAS.indexOf(key);
      const answer = await at(min).quotaSets.update(project, { [key]: value });
      expect(answer[key as keyof QuotaSet], `${key} at ${min}`).toBe(value);
      expect((await manila.quotaSets.show(project))[key as keyof QuotaSet]).toBe(value);
      // One below, in the band just before the key appeared: 400, nothing stored.
      const below = await raw('PUT', `/quota-sets/${project}`, versionBelow(min), { body: { quota_set: { [key]: value + 100 } } });
      expect(below.status, `${key} at ${versionBelow(min)}`).toBe(400);
      expect((await manila.quotaSets.show(project))[key as keyof QuotaSet]).toBe(value);
      await expect(at(versionBelow(min)).quotaSets.update(project, { [key]: value })).rejects.toBeInstanceOf(MicroversionError);
    }
    // Below the band Manila 23 stores the key unchecked (spec/quotas.yaml says so), and in the band it takes a 0.
    expect((await raw('PUT', `/quota-sets/${project}`, '2.38', { body: { quota_set: { share_replicas: 77 } } })).status).toBe(200);
    expect((await manila.quotaSets.show(project)).share_replicas).toBe(77);
    expect((await raw('PUT', `/quota-sets/${project}`, '2.39', { body: { quota_set: { share_groups: 0 } } })).status).toBe(200);
    expect((await manila.quotaSets.show(project)).share_groups).toBe(0);
    await manila.quotaSets.delete(project);
  });

  it('the os-quota-sets URL takes none of the newer keys (the SDK refuses them; Manila refuses some, stores others)', async () => {
    for (const key of VERSIONED_QUOTAS) {
      recordUntested(`quotaSets_updateLegacy ${key}`, `the key starts at ${boundOf(`quotaSets_update ${key}`)}, after the os-quota-sets URL ends (2.6): the SDK never sends it there (asserted), and what Manila does with it at 2.6 is asserted raw`);
      await expect(at('2.6').quotaSets.update(project, { [key]: 1 })).rejects.toBeInstanceOf(MicroversionError);
      const r = await raw('PUT', `/os-quota-sets/${project}`, '2.6', { body: { quota_set: { [key]: 44 } } });
      const refused = ['share_groups', 'share_group_snapshots', 'share_replicas', 'replica_gigabytes'].includes(key);
      expect(r.status, key).toBe(refused ? 400 : 200);
      expect((await manila.quotaSets.show(project))[key as keyof QuotaSet], key).toBe(refused ? (await manila.quotaSets.showDefaults(project))[key as keyof QuotaSet] : 44);
    }
    await manila.quotaSets.delete(project);
  });

  it('reads alike at every microversion, with showDetail from 2.25', async () => {
    await manila.quotaSets.update(project, { shares: 13 });
    await readAcross(['quotaSets_showLegacy', 'quotaSets_show'], async (m) => expect((await m.quotaSets.show(project)).shares).toBe(13), [serverMin, '2.6', serverMax]);
    await readAcross(['quotaSets_showDefaultsLegacy', 'quotaSets_showDefaults'], async (m) => expect((await m.quotaSets.showDefaults(project)).id).toBe(project), [serverMin, '2.6', serverMax]);
    const v = await readAcross(['quotaSets_showDetail'], async (m) => expect((await m.quotaSets.showDetail(project)).shares.limit).toBe(13), [serverMax]);
    expect(v[0]).toBe('2.25');
  });

  it.runIf(keystoneBed)('the member reads their own project\'s limits only', async () => {
    const own = await member!.quotaSets.show(demo);
    expect(own.id).toBe(demo);
    expect((await member!.quotaSets.showDetail(demo)).shares.limit).toBe(own.shares);
    expect((await member!.quotaSets.showDefaults(project)).id).toBe(project);
    await expect(member!.quotaSets.show(project)).rejects.toBeInstanceOf(ForbiddenError);
    // Admin only: refused, so the member's project keeps its limits.
    await expect(member!.quotaSets.update(demo, { shares: 1 })).rejects.toBeInstanceOf(ForbiddenError);
  });

  describe.runIf(keystoneBed)('share type limits (2.39+), on the member\'s project for a share type of our own', () => {
    let type = { id: '', name: '' };

    beforeAll(async () => {
      const t = await manila.shareTypes.create({ name: uniqueName('quota'), extra_specs: { driver_handles_share_servers: 'false' }, 'share_type_access:is_public': false });
      type = { id: t.id, name: t.name! };
      cleanup.add(`delete share type ${t.id}`, () => deleteShareType(manila, t.id));
      await manila.shareTypes.addProjectAccess(t.id, { project: demo });
      cleanup.add(`reset the quotas of share type ${t.id} in the member's project`, () => manila.quotaSets.delete(demo, { share_type: t.id }));
    });

    it('a share type limit of 0 stops the member\'s share at once: OverLimitError, sent once', async () => {
      const min = boundOf('quotaSets_update share_type');
      recordBound('quotaSets_update share_type');
      const answer = await at(min).quotaSets.update(demo, { shares: 0, gigabytes: 0, share_type: type.id });
      expect(answer).toMatchObject({ shares: 0, gigabytes: 0 });
      expect(answer).not.toHaveProperty('share_networks');
      // Below 2.39 Manila refuses the key (sent raw: the SDK refuses it before sending).
      const below = await raw('PUT', `/quota-sets/${demo}`, versionBelow(min), { query: { share_type: type.id }, body: { quota_set: { shares: 5 } } });
      expect(below.status).toBe(400);
      expect((await manila.quotaSets.show(demo, { share_type: type.id })).shares).toBe(0);
      // Share type limits have no share networks.
      await expect(manila.quotaSets.update(demo, { share_networks: 1, share_type: type.id })).rejects.toMatchObject({ status: 400 });

      const inner = contractFetch(bed.endpoint!);
      let creates = 0;
      const counted = bedClient({
        auth: memberAuth,
        timeoutMs: TIMEOUT_MS,
        fetch: (req: Request) => {
          if (req.method === 'POST' && new URL(req.url).pathname.endsWith('/shares')) creates++;
          return inner(req);
        },
      });
      const name = uniqueName('over-quota');
      const err = await counted.shares.create({ share_proto: 'NFS', size: 1, name, share_type: type.name }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(OverLimitError);
      expect(err).toMatchObject({ status: 413, code: 'overLimit', retryAfter: 0 });
      expect(creates).toBe(1);
      expect((await member!.shares.list({ name })).items).toEqual([]);
    });

    it('show, showDetail and delete take share_type from 2.39; below, Manila refuses it', async () => {
      const reads = {
        quotaSets_show: { path: '', read: async (m: ManilaClient, share_type: string) => (await m.quotaSets.show(demo, { share_type })).shares },
        quotaSets_showDetail: { path: '/detail', read: async (m: ManilaClient, share_type: string) => (await m.quotaSets.showDetail(demo, { share_type })).shares.limit },
      };
      for (const [op, { path, read }] of Object.entries(reads)) {
        const min = boundOf(`${op} share_type`);
        recordBound(`${op} share_type`);
        // By name or by id.
        expect(await read(at(min), type.name)).toBe(0);
        expect(await read(at(min), type.id)).toBe(0);
        const below = await raw('GET', `/quota-sets/${demo}${path}`, versionBelow(min), { query: { share_type: type.id } });
        expect(below.status).toBe(400);
        await expect(read(at(versionBelow(min)), type.id)).rejects.toBeInstanceOf(MicroversionError);
      }
      await expect(manila.quotaSets.show(demo, { share_type: 'sdkft-no-such-type' })).rejects.toBeInstanceOf(NotFoundError);

      const min = boundOf('quotaSets_delete share_type');
      recordBound('quotaSets_delete share_type');
      const below = await raw('DELETE', `/quota-sets/${demo}`, versionBelow(min), { query: { share_type: type.id } });
      expect(below.status).toBe(400);
      expect((await manila.quotaSets.show(demo, { share_type: type.id })).shares).toBe(0);
      await at(min).quotaSets.delete(demo, { share_type: type.id });
      // Back to what it inherits: the project's limit.
      expect((await manila.quotaSets.show(demo, { share_type: type.id })).shares).toBe((await manila.quotaSets.show(demo)).shares);
    });
  });
});

describe('quota classes', () => {
  // A class of our own: `default` holds every project's defaults and is never written here.
  // Manila has no call to delete a class; its rows stay, harmless (no Keystone token names a class).
  const klass = uniqueName('class');

  it('a class nobody set shows the configured defaults; update sets the limits given', async () => {
    const fresh = await manila.quotaClassSets.show(klass);
    const defaults = await manila.quotaSets.showDefaults(madeUpProject());
    const { id: _id, ...limits } = defaults;
    expect(fresh).toEqual({ id: klass, ...limits });
    const set = { shares: 17, gigabytes: 170, snapshots: 16, snapshot_gigabytes: 160, share_networks: 15 };
    const answer = await manila.quotaClassSets.update(klass, set);
    expect(answer).toEqual({ ...limits, ...set });
    expect(await manila.quotaClassSets.show(klass)).toEqual({ id: klass, ...limits, ...set });
    // Values are not checked, not even against -1 (the spec asks for -1 or more).
    expect((await raw('PUT', `/quota-class-sets/${klass}`, latest, { body: { quota_class_set: { shares: -5 } } })).body.quota_class_set.shares).toBe(-5);
    // `default` is readable, and equals the defaults every project sees.
    const { id: _d, ...defaultClass } = await manila.quotaClassSets.show('default');
    expect(defaultClass).toEqual(limits);
  });

  it('under the os-quota-class-sets URL below 2.7', async () => {
    const legacy = at('2.6');
    expect(await legacy.quotaClassSets.update(klass, { shares: 18 })).toMatchObject({ shares: 18 });
    expect(await legacy.quotaClassSets.show(klass)).toMatchObject({ id: klass, shares: 18, gigabytes: 170 });
  });

  it('each key newer than 2.0 is set at its bound; one below, Manila stores it unchecked without showing it', async () => {
    for (const key of VERSIONED_QUOTAS) {
      const min = boundOf(`quotaClassSets_update ${key}`);
      recordBound(`quotaClassSets_update ${key}`);
      const value = 40 + VERSIONED_QUOTAS.indexOf(key);
      const answer = await at(min).quotaClassSets.update(klass, { [key]: value });
      expect(answer[key as keyof typeof answer], `${key} at ${min}`).toBe(value);
      const below = await raw('PUT', `/quota-class-sets/${klass}`, versionBelow(min), { body: { quota_class_set: { [key]: value + 100 } } });
      expect(below.status, `${key} at ${versionBelow(min)}`).toBe(200);
      expect(below.body.quota_class_set).not.toHaveProperty(key);
      expect((await manila.quotaClassSets.show(klass))[key], key).toBe(value + 100);
      await expect(at(versionBelow(min)).quotaClassSets.update(klass, { [key]: value })).rejects.toBeInstanceOf(MicroversionError);
    }
  });

  it('the os-quota-class-sets URL takes none of the newer keys in the SDK; Manila stores them', async () => {
    for (const key of VERSIONED_QUOTAS) {
      recordUntested(`quotaClassSets_updateLegacy ${key}`, `the key starts at ${boundOf(`quotaClassSets_update ${key}`)}, after the os-quota-class-sets URL ends (2.6): the SDK never sends it there (asserted), and Manila's storing it there is asserted raw`);
      await expect(at('2.6').quotaClassSets.update(klass, { [key]: 1 })).rejects.toBeInstanceOf(MicroversionError);
      const r = await raw('PUT', `/os-quota-class-sets/${klass}`, '2.6', { body: { quota_class_set: { [key]: 55 } } });
      expect(r.status, key).toBe(200);
      expect((await manila.quotaClassSets.show(klass))[key], key).toBe(55);
    }
  });

  it('reads alike at every microversion', async () => {
    const shares = (await manila.quotaClassSets.show(klass)).shares;
    await readAcross(['quotaClassSets_showLegacy', 'quotaClassSets_show'], async (m) => expect((await m.quotaClassSets.show(klass)).shares).toBe(shares), [serverMin, '2.6', serverMax]);
  });

  it.runIf(keystoneBed)('is for admins only, in practice', async () => {
    await expect(member!.quotaClassSets.show('default')).rejects.toBeInstanceOf(ForbiddenError);
    await expect(member!.quotaClassSets.update(klass, { shares: 1 })).rejects.toBeInstanceOf(ForbiddenError);
  });
});

describe('the quota-report example', () => {
  const run = promisify(execFile);
  const repo = fileURLToPath(new URL('../..', import.meta.url));
  const script = async (cloud: string, args: string[]) =>
    (await run(`${repo}node_modules/.bin/tsx`, ['examples/quota-report.ts', ...args], { cwd: repo, env: { ...process.env, OS_CLOUD: cloud, OS_CLIENT_CONFIG_FILE: bed.cloudsYaml }, timeout: 120_000 })).stdout;
  /** resource → [limit, in use, reserved] from the printed table. */
  const parse = (out: string) =>
    Object.fromEntries(
      out
        .trim()
        .split('\n')
        .slice(3)
        .map((l) => l.trim().split(/\s+/))
        .map(([r, limit, inUse, reserved]) => [r, [limit === 'unlimited' ? -1 : Number(limit), Number(inUse), Number(reserved)]]),
    );

  it('prints the limits, usage and reservations the API gives, for a project given', async () => {
    const project = madeUpProject();
    cleanup.add(`reset the quotas of made-up project ${project}`, () => manila.quotaSets.delete(project));
    await manila.quotaSets.update(project, { shares: 21, gigabytes: 210, per_share_gigabytes: -1 });
    // Called in-process with the admin's client (its answers are checked against the spec).
    const out = await report(manila, project);
    expect(out.split('\n')[0]).toBe(`quota usage of project ${project}`);
    const detail = await manila.quotaSets.showDetail(project);
    const expected = Object.fromEntries(Object.entries(detail).filter(([k]) => k !== 'id').map(([k, v]) => [k, [(v as { limit: number }).limit, (v as { in_use: number }).in_use, (v as { reserved: number }).reserved]]));
    expect(parse(out)).toEqual(expected);
    expect(parse(out).shares).toEqual([21, 0, 0]);
    expect(parse(out).per_share_gigabytes).toEqual([-1, 0, 0]);
  });

  it.runIf(keystoneBed)('for the caller\'s own project when none is given', async () => {
    const rowsOf = (d: Record<string, unknown>) => Object.fromEntries(Object.entries(d).filter(([k]) => k !== 'id').map(([k, v]) => { const u = v as { limit: number; in_use: number; reserved: number }; return [k, [u.limit, u.in_use, u.reserved]]; }));
    const before = rowsOf(await member!.quotaSets.showDetail(bed.member.projectId!));
    // Run as a script, as the member, who names no project.
    const out = await script('testbed-member', []);
    const after = rowsOf(await member!.quotaSets.showDetail(bed.member.projectId!));
    expect(out.split('\n')[0]).toBe(`quota usage of project ${bed.member.projectId}`);
    const rows = parse(out);
    expect(Object.keys(rows)).toEqual(Object.keys(after));
    // Other tests may make shares in this project meanwhile: exact when nothing moved, else the limits.
    if (JSON.stringify(before) === JSON.stringify(after)) expect(rows).toEqual(after);
    else for (const [k, [limit]] of Object.entries(rows)) expect(limit, k).toBe(after[k][0]);
  });
});

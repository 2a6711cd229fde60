// The one call shape and what comes back with it: ids, input, options in
// that order (options also in the input's place, from untyped code),
// unknown filters refused, response metadata on success and on failure,
// the User-Agent, the logger, the escape hatch and the conveniences.
import { describe, expect, it } from 'vitest';
import { HttpResponse } from 'msw';
import {
  AmbiguousMatchError,
  ApiPromise,
  EXPERIMENTAL_HEADER,
  InvalidResponseError,
  NotFoundError,
  PagePromise,
  SDK_VERSION,
  ServerError,
  UnprocessableEntityError,
  ValidationError,
  VERSION_HEADER,
  type LogRecord,
} from '../../src/index.js';
import { client, ENDPOINT, fault, pinned, route, TOKEN } from './support/manila-mock.js';

const ID = '0b5e8f4c-5cd4-4c6f-a4f6-3a5b2f2c5a11';
const OTHER = '8a1e0c0e-2b4e-4f2a-9e0d-0c9b1f6d7e55';
const SHARE = { id: ID, name: 'web', status: 'available', size: 1 };
type Loose = Record<string, Record<string, (...args: unknown[]) => Promise<unknown>>>;

describe('the call shape', () => {
  it('refuses a misspelt filter before sending, naming the ones the call takes', async () => {
    // No route: a request would fail the test as unhandled.
    const err = await pinned('2.99').shares.list({ nmae: 'web' } as never).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ValidationError);
    expect((err as Error).message).toMatch(/unknown filter "nmae" \(this call takes .*\bname\b.*extraQuery/);
    expect((err as ValidationError).sent).toBe(false);
  });

  it('sends filters the spec does not know through extraQuery', async () => {
    const seen = route('GET', '/shares', { shares: [] });
    await pinned('2.99').shares.list({ name: 'web' }, { extraQuery: { vendor_flag: 'on' } });
    expect(Object.fromEntries(seen[0].query)).toEqual({ name: 'web', vendor_flag: 'on' });
  });

  it('takes options in the input slot from untyped code, for methods with and without input', async () => {
    const del = route('DELETE', `/shares/${ID}`, null, 202);
    const show = route('GET', `/shares/${ID}`, { share: SHARE });
    const m = pinned('2.99') as unknown as Loose;
    await m.shares.delete(ID, { headers: { 'X-Trace': 't1' } });
    await m.shares.show(ID, { timeoutMs: 5000 });
    expect(del[0].query.toString()).toBe('');
    expect(del[0].headers.get('x-trace')).toBe('t1');
    expect(show[0].query.toString()).toBe('');
  });

  it('keeps the caller\'s abort when the signal comes in the input slot', async () => {
    route('GET', `/shares/${ID}`, async () => {
      await new Promise((r) => setTimeout(r, 2000));
      return HttpResponse.json({ share: SHARE });
    });
    const ac = new AbortController();
    setTimeout(() => ac.abort(), 50);
    const started = Date.now();
    const err = await (pinned('2.99') as unknown as Loose).shares.show(ID, { signal: ac.signal }).catch((e: unknown) => e);
    expect((err as Error).name).toBe('AbortedError');
    expect(Date.now() - started).toBeLessThan(1500);
  });

  it('refuses real input to a method that takes none, and options where filters go when mixed with filters', async () => {
    const m = pinned('2.99') as unknown as Loose;
    await expect(m.shares.show(ID, { name: 'x' })).rejects.toThrow(/takes no input/);
    await expect(m.shares.list({ name: 'x', signal: new AbortController().signal })).rejects.toThrow(/unknown filter "signal".*request options go in the argument after the filters/);
  });

  it('takes the names users write for update fields', async () => {
    const seen = route('PUT', `/shares/${ID}`, { share: { ...SHARE, name: 'new' } });
    await pinned('2.99').shares.update(ID, { name: 'new', description: 'd' });
    expect(seen[0].body).toEqual({ share: { display_name: 'new', display_description: 'd' } });
    await expect(pinned('2.99').shares.update(ID, { name: 'a', display_name: 'b' })).rejects.toThrow(/give "name" or "display_name", not both/);
  });

  it('answers ApiPromises and PagePromises', () => {
    route('GET', `/shares/${ID}`, { share: SHARE });
    route('GET', '/shares', { shares: [] });
    const m = pinned('2.99');
    const one = m.shares.show(ID);
    const many = m.shares.list();
    expect(one).toBeInstanceOf(ApiPromise);
    expect(one).toBeInstanceOf(Promise);
    expect(many).toBeInstanceOf(PagePromise);
    return Promise.all([one, many]);
  });
});

describe('response metadata', () => {
  it('gives the request id, status, headers and microversion of a success', async () => {
    route('POST', '/shares', () => HttpResponse.json({ share: { ...SHARE, status: 'creating' } }, { headers: { 'x-openstack-request-id': 'req-abc' } }));
    const { data, response } = await pinned('2.77').shares.create({ share_proto: 'NFS', size: 1 }).withResponse();
    expect(data.status).toBe('creating');
    expect(response).toMatchObject({ status: 200, requestId: 'req-abc', microversion: '2.77', attempts: 1 });
    expect(response.headers.get('x-openstack-request-id')).toBe('req-abc');
  });

  it('gives a page\'s metadata too', async () => {
    route('GET', '/shares', () => HttpResponse.json({ shares: [{ id: ID, name: 'web', links: [] }], count: 7 }, { headers: { 'x-openstack-request-id': 'req-list' } }));
    const { data, response } = await pinned('2.99').shares.list({ with_count: true }).withResponse();
    expect(data.count).toBe(7);
    expect(response.requestId).toBe('req-list');
  });

  it('errors carry headers, the parsed body and Retry-After given as an HTTP date', async () => {
    const at = new Date(Date.now() + 120_000).toUTCString();
    route('POST', '/shares', () => fault(503, 'serviceUnavailable', 'busy', { 'Retry-After': at, 'x-openstack-request-id': 'req-503' }));
    const err = (await pinned('2.99').shares.create({ share_proto: 'NFS', size: 1 }).catch((e: unknown) => e)) as ServerError;
    expect(err).toBeInstanceOf(ServerError);
    expect(err.retryAfter).toBeGreaterThanOrEqual(118);
    expect(err.retryAfter).toBeLessThanOrEqual(120);
    expect(err.headers.get('x-openstack-request-id')).toBe('req-503');
    expect(err.body).toEqual({ serviceUnavailable: { code: 503, message: 'busy' } });
  });

  it('maps 422 to UnprocessableEntityError', async () => {
    route('POST', '/snapshots', () => fault(422, 'unprocessableEntity', 'Snapshot cannot be created from share, because share back end does not support it.'));
    const err = await pinned('2.99').snapshots.create({ share_id: ID }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UnprocessableEntityError);
    expect((err as UnprocessableEntityError).kind).toBe('unprocessable');
  });

  it('never answers a create with undefined: an unusable success body is an error that says the request was sent', async () => {
    for (const answer of ['', 'not json', '{"wrong": {}}']) {
      route('POST', '/shares', () => new HttpResponse(answer, { status: 200, headers: { 'content-type': 'application/json', 'x-openstack-request-id': 'req-x' } }));
      const err = (await pinned('2.99').shares.create({ share_proto: 'NFS', size: 1 }).catch((e: unknown) => e)) as InvalidResponseError;
      expect(err).toBeInstanceOf(InvalidResponseError);
      expect(err.sent).toBe(true);
      expect(err.requestId).toBe('req-x');
      expect(err.message).toMatch(/may have taken effect/);
    }
  });
});

describe('user agent and logging', () => {
  it('sends manila-sdk/<version> node/<version>, with the caller\'s part appended', async () => {
    const seen = route('GET', `/shares/${ID}`, { share: SHARE });
    await pinned('2.99').shares.show(ID);
    await pinned('2.99', { userAgent: 'backup-tool/1.0' }).shares.show(ID);
    expect(seen[0].headers.get('user-agent')).toBe(`manila-sdk/${SDK_VERSION} node/${process.versions.node}`);
    expect(seen[1].headers.get('user-agent')).toBe(`manila-sdk/${SDK_VERSION} node/${process.versions.node} backup-tool/1.0`);
  });

  it('logs requests, retries and failures without the token, even when the server echoes it', async () => {
    const records: LogRecord[] = [];
    const log = (r: LogRecord) => records.push(r);
    const logger = { debug: log, info: log, warn: log, error: log };
    route('GET', '/limits', (_s, n) => (n === 1 ? fault(503, 'serviceUnavailable', `token ${TOKEN} is busy`) : fault(403, 'forbidden', `no access for ${TOKEN}`)));
    const err = await client({ microversion: '2.99', logger }).limits.show().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(Error);
    expect(records.length).toBeGreaterThanOrEqual(2);
    expect(records.some((r) => r.status === 503)).toBe(true);
    for (const text of [JSON.stringify(records), String((err as Error).message), JSON.stringify((err as { body?: unknown }).body)]) expect(text).not.toContain(TOKEN);
  });
});

describe('the escape hatch', () => {
  it('calls a route the spec describes, typed, through the same pipeline', async () => {
    const seen = route('POST', `/shares/${ID}/action`, null, 202);
    const r = await pinned('2.99').request('POST /shares/{share_id}/action', { params: { path: { share_id: ID } }, body: { extend: { new_size: 3 } } });
    expect(r).toBeUndefined();
    expect(seen[0].body).toEqual({ extend: { new_size: 3 } });
    expect(seen[0].headers.get('x-auth-token')).toBe(TOKEN);
    expect(seen[0].headers.get(VERSION_HEADER)).toBe('2.99');
  });

  it('answers parsed JSON with metadata, retries reads and raises typed errors', async () => {
    const show = route('GET', `/shares/${ID}`, (_s, n) => (n === 1 ? fault(503, 'serviceUnavailable', 'busy') : HttpResponse.json({ share: SHARE }, { headers: { 'x-openstack-request-id': 'req-raw' } })));
    const { data, response } = await pinned('2.99').request('GET /shares/{share_id}', { params: { path: { share_id: ID } } }).withResponse();
    expect(data.share.id).toBe(ID);
    expect(response).toMatchObject({ status: 200, requestId: 'req-raw', attempts: 2 });
    expect(show).toHaveLength(2);
    route('GET', `/shares/${OTHER}`, () => fault(404, 'itemNotFound', 'gone'));
    await expect(pinned('2.99').request('GET /shares/{share_id}', { params: { path: { share_id: OTHER } } })).rejects.toBeInstanceOf(NotFoundError);
  });

  it('GET / is the version document beside a project-scoped endpoint, not under it', async () => {
    const doc = route('GET', '/', { versions: [{ id: 'v2.0', status: 'CURRENT', version: '2.99', min_version: '2.0' }] });
    const scoped = pinned('2.99', { endpoint: `${ENDPOINT}/0123456789abcdef0123456789abcdef` });
    const out = await scoped.request('GET /');
    expect(out.versions[0].version).toBe('2.99');
    expect(doc).toHaveLength(1);
  });

  it('reaches routes the spec lacks, at a chosen microversion, with the experimental header, and checks ids', async () => {
    const seen = route('GET', '/vendor-things/t1', { thing: { id: 't1' } });
    const out = await pinned('2.99').request('GET /vendor-things/{id}', { params: { path: { id: 't1' }, query: { deep: true } } }, { microversion: '2.55', experimental: true });
    expect(out).toEqual({ thing: { id: 't1' } });
    expect(seen[0].headers.get(VERSION_HEADER)).toBe('2.55');
    expect(seen[0].headers.get(EXPERIMENTAL_HEADER)).toBe('True');
    expect(seen[0].query.get('deep')).toBe('true');
    await expect(pinned('2.99').request('GET /vendor-things/{id}', { params: { path: { id: '..' } } })).rejects.toBeInstanceOf(ValidationError);
    await expect(pinned('2.99').request('GET /x', {}, { microversion: 'two' })).rejects.toBeInstanceOf(ValidationError);
  });
});

describe('conveniences', () => {
  it('find: by id, else by exact name; none is NotFoundError, several AmbiguousMatchError', async () => {
    route('GET', `/shares/${ID}`, { share: SHARE });
    route('GET', '/shares', (s) => {
      const name = s.query.get('name');
      const all = [{ id: ID, name: 'web' }, { id: OTHER, name: 'db' }, { id: 'c1', name: 'db' }];
      return HttpResponse.json({ shares: all.filter((x) => x.name === name), count: all.filter((x) => x.name === name).length });
    });
    const m = pinned('2.99');
    expect((await m.shares.find(ID)).id).toBe(ID);
    expect((await m.shares.find('web')).id).toBe(ID);
    await expect(m.shares.find('nope')).rejects.toBeInstanceOf(NotFoundError);
    await expect(m.shares.find('db')).rejects.toBeInstanceOf(AmbiguousMatchError);
  });

  it('deleteIfExists answers false for a missing resource; deleteAndWait waits it away', async () => {
    const del = route('DELETE', `/shares/${ID}`, (_s, n) => (n === 1 ? new HttpResponse(null, { status: 202 }) : fault(404, 'itemNotFound', 'gone')));
    route('GET', `/shares/${ID}`, (_s, n) => (n === 1 ? HttpResponse.json({ share: { ...SHARE, status: 'deleting' } }) : fault(404, 'itemNotFound', 'gone')));
    const m = pinned('2.99');
    await m.shares.deleteAndWait(ID, { minDelayMs: 100 });
    expect(await m.shares.deleteIfExists(ID)).toBe(false);
    expect(del).toHaveLength(2);
  });

  it('resize extends or shrinks to the size and waits; the same size sends nothing', async () => {
    const act = route('POST', `/shares/${ID}/action`, null, 202);
    let size = 1;
    let status = 'available';
    route('GET', `/shares/${ID}`, () => HttpResponse.json({ share: { ...SHARE, size, status } }));
    const m = pinned('2.99');
    expect((await m.shares.resize(ID, 1)).size).toBe(1);
    expect(act).toHaveLength(0);
    // Manila marks the share `extending` before it answers the action.
    status = 'extending';
    const grown = m.shares.resize(ID, 3, { minDelayMs: 100 });
    setTimeout(() => ((size = 3), (status = 'available')), 50);
    expect((await grown).size).toBe(3);
    expect(act[0].body).toEqual({ extend: { new_size: 3 } });
  });
});

// A Manila imitation for the benchmark, run in a process of its own so the
// clients measured do not share its event loop. It serves the version
// document, one share, a share list of BENCH_SHARES shares paged by
// limit/offset (with count), and shares that become available on their
// fifth read for the waiter case; `GET /stats` answers how many requests it
// saw, `POST /reset?waiters=N` makes N new waiter shares `w-0`.. and
// zeroes the count.
import { createServer } from 'node:http';

const TOTAL = Number(process.env.BENCH_SHARES ?? 100_000);
const READY_ON = 5;
const ID = '0b5e8f4c-5cd4-4c6f-a4f6-3a5b2f2c5a11';
const uuid = (i: number) => `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`;
const brief = (i: number) => `{"id":"${uuid(i)}","name":"share-${i}","links":[{"href":"http://bench/v2/shares/${uuid(i)}","rel":"self"}]}`;

const one = JSON.stringify({
  share: {
    id: ID, name: 'web', status: 'available', size: 1, share_proto: 'NFS', availability_zone: 'nova', created_at: '2026-01-01T00:00:00.000000',
    description: null, is_public: false, metadata: {}, project_id: 'p1', share_type: 't1', share_type_name: 'default', snapshot_id: null,
    links: [{ href: `http://bench/v2/shares/${ID}`, rel: 'self' }],
  },
});
// As Manila answers it, with the self link keystoneauth's discovery follows.
const versionDoc = (origin: string) =>
  JSON.stringify({
    versions: [{ id: 'v2.0', status: 'CURRENT', version: '2.99', min_version: '2.0', updated: '2015-08-27T11:33:21Z', links: [{ rel: 'self', href: `${origin}/v2/` }], 'media-types': [{ base: 'application/json', type: 'application/vnd.openstack.share+json;version=1' }] }],
  });

let requests = 0;
/** Reads per waiter share: it is `available` from its READY_ON-th read. */
const reads = new Map<string, number>();
const waitState = (id: string, read: boolean) => {
  const n = (reads.get(id) ?? 0) + (read ? 1 : 0);
  if (read) reads.set(id, n);
  return n >= READY_ON ? 'available' : 'creating';
};

const server = createServer((req, res) => {
  requests++;
  const u = new URL(req.url ?? '/', 'http://x');
  const send = (status: number, text: string) => {
    res.writeHead(status, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(text), 'x-openstack-request-id': 'req-bench' });
    res.end(text);
  };
  const p = u.pathname;
  if (p === '/v2/' || p === '/v2' || p === '/') return send(200, versionDoc(`http://${req.headers.host}`));
  if (p === '/stats') return send(200, JSON.stringify({ requests }));
  if (p === '/reset') {
    reads.clear();
    for (let i = 0; i < Number(u.searchParams.get('waiters') ?? 0); i++) reads.set(`w-${i}`, 0);
    requests = 0;
    return send(200, '{}');
  }
  if (p === `/v2/shares/${ID}`) return send(200, one);
  if (p === '/v2/shares') {
    const offset = Number(u.searchParams.get('offset') ?? 0);
    const limit = Math.min(Number(u.searchParams.get('limit') ?? 1000), 1000);
    const items: string[] = [];
    for (let i = offset; i < Math.min(TOTAL, offset + limit); i++) items.push(brief(i));
    const count = u.searchParams.get('with_count') === 'true' ? `,"count":${TOTAL}` : '';
    return send(200, `{"shares":[${items.join(',')}]${count}}`);
  }
  if (p.startsWith('/v2/shares/w-')) {
    const id = p.slice('/v2/shares/'.length);
    return send(200, JSON.stringify({ share: { id, status: waitState(id, true), size: 1 } }));
  }
  if (p === '/v2/shares/detail') {
    const status = u.searchParams.get('status');
    // A filtered list looks at every share, as the database query does: each
    // moves on by one look, and those in the asked state are answered.
    const hits = [...reads.keys()].filter((id) => waitState(id, true) === status);
    return send(200, JSON.stringify({ shares: hits.map((id) => ({ id, status, size: 1 })), count: hits.length }));
  }
  send(404, '{"itemNotFound": {"code": 404, "message": "no"}}');
});
server.keepAliveTimeout = 60_000;
server.listen(0, '127.0.0.1', () => {
  const address = server.address();
  process.send?.(typeof address === 'object' && address ? address.port : 0);
});

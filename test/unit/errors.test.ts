import { describe, expect, it } from 'vitest';
import { inspect } from 'node:util';
import {
  BadRequestError,
  ConflictError,
  ForbiddenError,
  ManilaApiError,
  NotFoundError,
  OverLimitError,
  ServerError,
  UnauthorizedError,
} from '../../src/index.js';
import { client, fault, pinned, route, TOKEN } from './support/manila-mock.js';

const cases = [
  [400, 'badRequest', BadRequestError, 'bad_request'],
  [401, 'unauthorized', UnauthorizedError, 'unauthorized'],
  [403, 'forbidden', ForbiddenError, 'forbidden'],
  [404, 'itemNotFound', NotFoundError, 'not_found'],
  [409, 'conflictingRequest', ConflictError, 'conflict'],
  [413, 'overLimit', OverLimitError, 'over_limit'],
  [500, 'computeFault', ServerError, 'server'],
] as const;

describe('typed API errors', () => {
  for (const [status, name, cls, kind] of cases) {
    it(`maps HTTP ${status} to ${cls.name} with Manila's message and the request id`, async () => {
      route('GET', '/limits', () => fault(status, name, `why ${status}`, { 'x-openstack-request-id': `req-${status}` }));
      const err = await pinned('2.50', { retries: 1 }).limits.show().catch((e) => e);
      expect(err).toBeInstanceOf(cls);
      expect(err).toBeInstanceOf(ManilaApiError);
      expect(err).toMatchObject({ status, kind, code: name, serverMessage: `why ${status}`, requestId: `req-${status}`, method: 'GET', path: '/limits', operation: 'limits.show' });
      expect(err.message).toContain(`why ${status}`);
      expect(err.message).toContain(`req-${status}`);
    });
  }

  it('falls back to x-compute-request-id and keeps a non-JSON body short', async () => {
    route('GET', '/limits', () => new Response('<html>bad gateway</html>'.repeat(50), { status: 502, headers: { 'x-compute-request-id': 'req-c' } }));
    const err = await pinned('2.50', { retries: 1 }).limits.show().catch((e) => e);
    expect(err).toBeInstanceOf(ServerError);
    expect(err.requestId).toBe('req-c');
    expect(err.serverMessage.length).toBeLessThanOrEqual(300);
  });

  it('never shows the token in errors or in inspect output', async () => {
    route('GET', '/limits', () => fault(403, 'forbidden', 'Policy does not allow this'));
    const m = client({ microversion: '2.60' });
    const err = await m.limits.show().catch((e) => e);
    for (const text of [String(err), err.stack, inspect(err, { depth: 5 }), JSON.stringify(err), inspect(m, { depth: 5 }), String(m)]) {
      expect(text).not.toContain(TOKEN);
    }
  });
});

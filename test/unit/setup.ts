import { afterAll, afterEach, beforeAll, expect } from 'vitest';
import { server, unhandled } from './support/manila-mock.js';
import { recordRequest, writeCoverage } from './support/operation-coverage.js';

beforeAll(() => {
  server.listen({
    // A request no handler expects fails the request and, below, the test.
    onUnhandledRequest(request, print) {
      unhandled.push(`${request.method} ${request.url}`);
      print.error();
    },
  });
  server.events.on('request:match', ({ request }) => recordRequest(request.method, request.url));
});
afterEach(() => {
  server.resetHandlers();
  const seen = unhandled.splice(0);
  expect(seen, 'requests no msw handler expected').toEqual([]);
});
afterAll(async () => {
  server.events.removeAllListeners();
  server.close();
  await writeCoverage();
});

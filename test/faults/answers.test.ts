// Answers the SDK cannot use: a success with a malformed, empty or
// mis-enveloped body is a typed error that says the request was sent (never
// `undefined` for a create); bodies and messages have size limits; server
// text is cleaned of line breaks and terminal escape codes.
import { describe, expect, it } from 'vitest';
import { createManilaClient, InvalidResponseError, NotFoundError, ServerError, WaitTimeoutError } from '../../src/index.js';
import { json, manila, share, SHARE_ID } from './support/servers.js';

const client = (endpoint: string, extra = {}) => createManilaClient({ endpoint, token: 't0ken-value', microversion: '2.99', ...extra });

describe('success statuses with unusable bodies', () => {
  for (const [what, body] of [
    ['malformed JSON', '{"share": {"id": '],
    ['an empty body', ''],
    ['the wrong envelope', '{"snapshot": {"id": "x"}}'],
    ['a bare value under the envelope', '{"share": "created"}'],
    ['a JSON string', '"ok"'],
  ] as const) {
    it(`a create answered with ${what} is an InvalidResponseError naming the request id, sent once`, async () => {
      const m = await manila((_hit, res) => {
        res.writeHead(200, { 'Content-Type': 'application/json', 'x-openstack-request-id': 'req-1234' });
        res.end(body);
      });
      const err = (await client(m.endpoint, { retries: 5 }).shares.create({ share_proto: 'NFS', size: 1 }).catch((e: unknown) => e)) as InvalidResponseError;
      expect(err).toBeInstanceOf(InvalidResponseError);
      expect(err).toMatchObject({ sent: true, status: 200, requestId: 'req-1234', method: 'POST' });
      expect(err.message).toMatch(/may have taken effect/);
      expect(m.hits).toHaveLength(1);
    });
  }

  it('a list answered with a string is an error, not the string\'s characters', async () => {
    const m = await manila((_hit, res) => json(res, 200, { shares: 'abcdef' }));
    const seen: unknown[] = [];
    const err = await (async () => {
      for await (const s of client(m.endpoint).shares.list()) seen.push(s);
    })().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InvalidResponseError);
    expect(seen).toEqual([]);
  });

  it('a waiter on a resource answered without its envelope ends with a typed error, not a TypeError', async () => {
    const m = await manila((_hit, res) => json(res, 200, { oops: true }));
    const err = await client(m.endpoint).waitFor.share(SHARE_ID, { minDelayMs: 100, maxWaitMs: 2000 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InvalidResponseError);
  });

  it('a waiter whose resource never shows a state times out with its last answer', async () => {
    const m = await manila((_hit, res) => json(res, 200, { share: { id: SHARE_ID } }));
    const err = (await client(m.endpoint).waitFor.share(SHARE_ID, { minDelayMs: 100, maxWaitMs: 500 }).catch((e: unknown) => e)) as WaitTimeoutError;
    expect(err).toBeInstanceOf(WaitTimeoutError);
    expect(err.lastState).toEqual({ id: SHARE_ID });
  });
});

describe('size limits', () => {
  it('caps a huge server message in the error', async () => {
    const huge = 'x'.repeat(5 * 1024 * 1024);
    const m = await manila((_hit, res) => json(res, 500, { computeFault: { code: 500, message: huge } }));
    const err = (await client(m.endpoint, { retries: 1 }).shares.show(SHARE_ID).catch((e: unknown) => e)) as ServerError;
    expect(err).toBeInstanceOf(ServerError);
    expect(err.serverMessage!.length).toBeLessThanOrEqual(1000);
    expect(err.message.length).toBeLessThan(1300);
    expect(JSON.stringify(err.body).length).toBeLessThan(10_200);
  });

  for (const chunked of [false, true]) {
    it(`stops reading a body past the limit (${chunked ? 'chunked' : 'with a content-length'})`, async () => {
      const total = 50 * 1024 * 1024;
      const m = await manila((_hit, res) => {
        res.writeHead(200, chunked ? { 'Content-Type': 'application/json' } : { 'Content-Type': 'application/json', 'Content-Length': String(total) });
        const piece = Buffer.alloc(1024 * 1024, 0x20);
        let sent = 0;
        const pump = () => {
          while (sent < total) {
            sent += piece.length;
            if (!res.write(piece)) return void res.once('drain', pump);
          }
          res.end();
        };
        res.on('error', () => undefined);
        pump();
      });
      const err = (await client(m.endpoint, { maxResponseBytes: 4 * 1024 * 1024 }).shares.show(SHARE_ID).catch((e: unknown) => e)) as InvalidResponseError;
      expect(err).toBeInstanceOf(InvalidResponseError);
      expect(err.message).toMatch(/larger than 4194304 bytes/);
    });
  }

  it('cleans line breaks and terminal escape codes out of server text', async () => {
    const m = await manila((_hit, res) => json(res, 404, { itemNotFound: { code: 404, message: 'gone\n\u001b[31mred\u001b[0m\r\nFAKE: all good\u0007' } }));
    const err = (await client(m.endpoint).shares.show(SHARE_ID).catch((e: unknown) => e)) as NotFoundError;
    expect(err).toBeInstanceOf(NotFoundError);
    expect(err.serverMessage).toBe('gone red FAKE: all good');
    expect(err.message).not.toMatch(/[\u0000-\u001f]/);
  });

  it('a success still works after all that', async () => {
    const m = await manila((_hit, res) => json(res, 200, { share: share() }));
    expect((await client(m.endpoint).shares.show(SHARE_ID)).id).toBe(SHARE_ID);
  });
});

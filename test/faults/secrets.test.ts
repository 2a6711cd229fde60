// Secrets a hostile or careless server echoes back never reach an error's
// message, cause, body, headers, `inspect` or `JSON.stringify`, nor a log
// record: the password and application-credential secret given to Keystone,
// the tokens it issues, a static token.
import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { createManilaClient, KeystoneAuth, type LogRecord } from '../../src/index.js';
import { json, keystone, manila, serve, SHARE_ID } from './support/servers.js';

const PASSWORD = 'hunter2-keystone-password';
const APPCRED = 'appcred-secret-0123456789';
const STATIC = 'static-t0ken-abcdef';

/** Every way an error can be shown. */
function shown(err: unknown): string {
  const e = err as Error & { body?: unknown; headers?: Headers };
  return [String(e), e.message, e.stack, inspect(e, { depth: 8, showHidden: true }), JSON.stringify(e), String(e.cause), inspect(e.cause, { depth: 8 }), JSON.stringify(e.body), JSON.stringify([...(e.headers ?? new Headers())])].join('\n');
}

describe('secrets echoed by servers', () => {
  it('a Keystone that echoes the password and the application-credential secret in its refusal', async () => {
    const ks = await serve((hit, res) => json(res, 401, { error: { code: 401, title: 'Unauthorized', message: `bad credentials in ${hit.body}` } }, { 'x-subject-token': 'leaked-subject-token-9' }));
    for (const auth of [
      new KeystoneAuth({ authUrl: `${ks.origin}/v3`, username: 'u', userDomainId: 'default', password: PASSWORD, projectId: 'p' }),
      new KeystoneAuth({ authUrl: `${ks.origin}/v3`, applicationCredentialId: 'ac1', applicationCredentialSecret: APPCRED }),
    ]) {
      const err = await auth.getToken().catch((e: unknown) => e);
      const text = shown(err);
      expect(text).not.toContain(PASSWORD);
      expect(text).not.toContain(APPCRED);
      expect(text).not.toContain('leaked-subject-token-9');
      expect(inspect(auth) + JSON.stringify(auth) + String(auth)).not.toMatch(new RegExp(`${PASSWORD}|${APPCRED}`));
    }
  });

  it('a Manila that echoes the token in its message, a header, and a network error\'s cause', async () => {
    const m = await manila((hit, res) => json(res, 403, { forbidden: { code: 403, message: `token ${hit.headers['x-auth-token']} may not` } }, { 'x-auth-token': String(hit.headers['x-auth-token']), 'x-echo': String(hit.headers['x-auth-token']) }));
    const ks = await keystone({ manila: m.endpoint });
    const records: LogRecord[] = [];
    const log = (r: LogRecord) => records.push(r);
    const auth = new KeystoneAuth({ authUrl: ks.authUrl, username: 'u', userDomainId: 'default', password: PASSWORD, projectId: 'p' });
    const client = createManilaClient({ auth, microversion: '2.99', logger: { debug: log, info: log, warn: log, error: log } });
    const err = await client.shares.show(SHARE_ID).catch((e: unknown) => e);
    const text = shown(err) + JSON.stringify(records);
    expect(text).toContain('[REDACTED]');
    const leak = /.{0,120}token-\d+-secret-value/.exec(text);
    expect(leak?.[0]).toBeUndefined();
    expect(text).not.toContain(PASSWORD);
  });

  it('a static token in a message, and in the cause of a failed connection', async () => {
    const m = await manila((_hit, res) => json(res, 400, { badRequest: { code: 400, message: `your token ${STATIC} is bad` } }));
    const client = createManilaClient({ endpoint: m.endpoint, token: STATIC, microversion: '2.99' });
    const err = await client.shares.show(SHARE_ID).catch((e: unknown) => e);
    expect(shown(err)).not.toContain(STATIC);
    const failing = createManilaClient({
      endpoint: m.endpoint,
      token: STATIC,
      microversion: '2.99',
      retries: 1,
      fetch: async () => {
        throw new TypeError(`fetch failed for header x-auth-token: ${STATIC}`, { cause: new Error(`socket hang up (${STATIC})`) });
      },
    });
    const netErr = await failing.shares.show(SHARE_ID).catch((e: unknown) => e);
    expect(shown(netErr)).not.toContain(STATIC);
    expect(inspect(client) + JSON.stringify(client) + String(client)).not.toContain(STATIC);
  });

  it('credential fields in an error body are hidden by name, whatever their value', async () => {
    const m = await manila((_hit, res) => json(res, 400, { badRequest: { code: 400, message: 'no', password: 'short', auth_key: 'abc', nested: { secret: 'x' } } }));
    const client = createManilaClient({ endpoint: m.endpoint, token: STATIC, microversion: '2.99' });
    const err = (await client.shares.show(SHARE_ID).catch((e: unknown) => e)) as { body: unknown };
    expect(err.body).toEqual({ badRequest: { code: 400, message: 'no', password: '[REDACTED]', auth_key: '[REDACTED]', nested: { secret: '[REDACTED]' } } });
  });
});

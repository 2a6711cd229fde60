import { describe, expect, it } from 'vitest';
import { http, HttpResponse } from 'msw';
import { ManilaError, VERSION_HEADER } from '../../src/index.js';
import { versionDocumentUrl, compareVersions } from '../../src/handwritten/microversion.js';
import { client, ENDPOINT, pinned, route, server, TOKEN, versionDocument } from './support/manila-mock.js';

const AZS = { availability_zones: [] };

describe('microversion negotiation', () => {
  it('uses the highest version both sides support and sends it on every call', async () => {
    server.use(versionDocument('2.65'));
    const seen = route('GET', '/availability-zones', AZS);
    const m = client();
    await m.availabilityZones.list();
    await m.availabilityZones.list();
    expect(await m.microversion()).toEqual({ version: '2.65', serverMin: '2.0', serverMax: '2.65' });
    expect(seen.map((s) => s.headers.get(VERSION_HEADER))).toEqual(['2.65', '2.65']);
    expect(seen[0].headers.get('x-auth-token')).toBe(TOKEN);
  });

  it('caps at the highest version the SDK knows when the server is newer', async () => {
    server.use(versionDocument('2.120'));
    route('GET', '/availability-zones', AZS);
    const m = client();
    await m.availabilityZones.list();
    expect((await m.microversion()).version).toBe('2.99');
  });

  it('asks for the version document once even under concurrent calls', async () => {
    let docs = 0;
    server.use(http.get(`${ENDPOINT}/`, () => (docs++, HttpResponse.json({ versions: [{ version: '2.80', min_version: '2.0' }] }))));
    const seen = route('GET', '/availability-zones', AZS);
    const m = client();
    await Promise.all([m.availabilityZones.list(), m.availabilityZones.list(), m.availabilityZones.list()]);
    expect(docs).toBe(1);
    expect(seen).toHaveLength(3);
  });

  it('strips a project id from the endpoint to find the version document', () => {
    expect(versionDocumentUrl('http://h:8786/v2/9a1b2c')).toBe('http://h:8786/v2/');
    expect(versionDocumentUrl('https://cloud.example/share/v2/abc/')).toBe('https://cloud.example/share/v2/');
    expect(versionDocumentUrl('http://h:8786/v2')).toBe('http://h:8786/v2/');
  });

  it('picks the legacy URL of a call below the version that moved it', async () => {
    server.use(versionDocument('2.6'));
    const legacy = route('GET', '/os-availability-zone', AZS);
    await client().availabilityZones.list();
    expect(legacy).toHaveLength(1);
    expect(legacy[0].headers.get(VERSION_HEADER)).toBe('2.6');
  });

  it('a pinned version is sent as is, with no version request', async () => {
    const seen = route('GET', '/availability-zones', AZS);
    await pinned('2.40').availabilityZones.list();
    expect(seen[0].headers.get(VERSION_HEADER)).toBe('2.40');
  });

  it('refuses a server whose minimum is above what the SDK knows', async () => {
    server.use(versionDocument('3.5', '3.0'));
    await expect(client().availabilityZones.list()).rejects.toThrow(/needs microversion 3.0 or later/);
  });

  it('does not cache a failed negotiation', async () => {
    let calls = 0;
    server.use(
      http.get(`${ENDPOINT}/`, () => {
        calls++;
        return calls === 1
          ? HttpResponse.json({ itemNotFound: { code: 404, message: 'nope' } }, { status: 404 })
          : HttpResponse.json({ versions: [{ version: '2.70', min_version: '2.0' }] });
      }),
    );
    route('GET', '/availability-zones', AZS);
    const m = client();
    await expect(m.availabilityZones.list()).rejects.toBeInstanceOf(ManilaError);
    await m.availabilityZones.list();
    expect((await m.microversion()).version).toBe('2.70');
  });

  it('compares versions as integer pairs', () => {
    expect(compareVersions('2.10', '2.9')).toBeGreaterThan(0);
    expect(compareVersions('2.9', '2.10')).toBeLessThan(0);
    expect(compareVersions('2.65', '2.65')).toBe(0);
  });

});


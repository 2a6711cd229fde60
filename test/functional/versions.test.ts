import { describe, expect, it } from 'vitest';
import { MicroversionError, MAX_KNOWN_VERSION, compareVersions } from '../../src/index.js';
import { bed, bedClient } from './support/bed.js';
import { contractFetch } from './support/contract.js';

describe('microversion negotiation against the real version document', () => {
  it('negotiates the highest common version and serves calls with it', async () => {
    const manila = bedClient();
    const nv = await manila.microversion();
    expect(nv.serverMin).toBe('2.0');
    expect(compareVersions(nv.serverMax!, '2.99')).toBeGreaterThanOrEqual(0);
    expect(nv.version).toBe(compareVersions(nv.serverMax!, MAX_KNOWN_VERSION) < 0 ? nv.serverMax : MAX_KNOWN_VERSION);
    const [doc] = await manila.versions.show();
    expect(doc.version).toBe(nv.serverMax);
    const zones = (await manila.availabilityZones.list()).items;
    expect(zones.length).toBeGreaterThan(0);
    const limits = await manila.limits.show();
    expect(typeof limits.absolute.maxTotalShares).toBe('number');
  });

  it('uses the legacy availability-zone URL below 2.7', async () => {
    const zones = (await bedClient({ microversion: '2.6' }).availabilityZones.list()).items;
    expect(zones.length).toBeGreaterThan(0);
  });

  it('a client pinned to 2.40 refuses a 2.69 call without sending anything', async () => {
    const sent: string[] = [];
    const check = contractFetch(bed.endpoint!);
    const manila = bedClient({
      microversion: '2.40',
      fetch: (req) => {
        sent.push(`${req.method} ${req.url}`);
        return check(req);
      },
    });
    const err = await manila.shares.softDelete('00000000-0000-0000-0000-000000000000').catch((e) => e);
    expect(err).toBeInstanceOf(MicroversionError);
    expect(err.message).toMatch(/shares\.softDelete needs microversion 2\.69 or later; this client uses 2\.40/);
    expect(sent).toEqual([]);
    // The same client works for calls inside its range.
    await manila.limits.show();
    expect(sent).toHaveLength(1);
  });
});

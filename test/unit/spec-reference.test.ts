// The SDK's operation table against the reference list of Manila v2
// operations: ranges and experimental flags must agree, nothing may be
// invented, and the families already taken on must be complete.
import { describe, expect, it } from 'vitest';
import { compareWithReference, readReference, sdkUnits } from '../../scripts/api-reference.js';

describe('spec against the reference operation list', () => {
  const rows = readReference();

  it('agrees on every microversion range and experimental flag, and invents nothing', () => {
    const c = compareWithReference(rows);
    expect(c.mismatches).toEqual([]);
    expect(c.unknown.map((u) => u.label)).toEqual([]);
    expect(c.covered).toBeGreaterThanOrEqual(82);
  });

  it('covers every family it takes on completely', () => {
    // A family is taken on once the spec has one of its rows; then every row
    // is due whose resource (the path's first segment) the spec serves at all:
    // metadata and export locations of a resource come with its family.
    const c = compareWithReference(rows);
    const missing = new Set(c.missing);
    const takenOn = new Set(rows.filter((r) => !missing.has(r)).map((r) => r.family));
    const segment = (path: string) => path.split('/')[1];
    const served = new Set(sdkUnits().map((u) => segment(u.key.split(' ')[1])));
    const gaps = c.missing
      .filter((r) => r.path !== '(service root)/' && takenOn.has(r.family) && served.has(segment(r.path)))
      .map((r) => `${r.family}: ${r.httpMethod} ${r.path} ${r.actionKey ?? ''}`);
    expect(gaps).toEqual([]);
    // The service root's version list lies outside the endpoint: never an SDK call.
    expect(c.missing.map((r) => r.path)).toContain('(service root)/');
  });

  it('notices a wrong range, a wrong experimental flag, a missing legacy key and an invented operation', () => {
    const units = sdkUnits();
    const extend = units.find((u) => u.label === 'shares_action#extend')!;
    const altered = units
      .filter((u) => u.label !== 'shares_action#os-shrink')
      .map((u) => (u === extend ? { ...u, range: { min: '2.8' } } : u.label === 'shares_list' ? { ...u, experimental: true } : u));
    altered.push({ key: 'GET /made-up', label: 'madeUp_list', range: {}, experimental: false });
    const c = compareWithReference(rows, altered);
    expect(c.mismatches).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^shares_action#extend .*starts at 2\.8, not at 2\.7 where its legacy key os-extend ends/),
        expect.stringMatching(/^shares_list .*experimental true, reference false/),
        expect.stringMatching(/^shares_action#shrink .*no member for the legacy key os-shrink/),
      ]),
    );
    expect(c.unknown.map((u) => u.label)).toEqual(['madeUp_list']);
  });
});

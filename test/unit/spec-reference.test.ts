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

  it('covers the families taken on so far completely', () => {
    const complete = new Set(['availability-zones', 'limits', 'shares', 'share-actions', 'snapshots', 'share-types', 'share-type-extra-specs', 'share-access-rules', 'messages']);
    // Metadata and export locations of resources whose families come later.
    const later = /^\/(share-networks|share-replicas|share_instances|snapshot-instances)\//;
    const gaps = compareWithReference(rows)
      .missing.filter((r) => complete.has(r.family) || ((r.family === 'metadata' || r.family === 'export-locations') && !later.test(r.path)) || (r.family === 'versions' && r.path === '/'))
      .map((r) => `${r.family}: ${r.httpMethod} ${r.path} ${r.actionKey ?? ''}`);
    expect(gaps).toEqual([]);
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

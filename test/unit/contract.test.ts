// The functional suite trusts this checker to catch spec drift, so it is
// tested on its own: it must reject what the spec does not describe.
import { describe, expect, it } from 'vitest';
import { checkExchange, violations } from '../functional/support/contract.js';

const az = { id: '388c983d-258e-4a0e-b1ba-10da37d766db', name: 'nova', created_at: '2026-01-01T00:00:00.000000', updated_at: null };

function check(...args: Parameters<typeof checkExchange>) {
  const errors = checkExchange(...args);
  violations.splice(0);
  return errors;
}

describe('contract checker', () => {
  it('accepts a response the spec describes', () => {
    expect(check('GET', '/availability-zones', '2.7', undefined, 200, { availability_zones: [az] })).toEqual([]);
  });

  it('rejects an unknown field with its JSON path', () => {
    const errors = check('GET', '/availability-zones', '2.7', undefined, 200, { availability_zones: [{ ...az, zone_kind: 'x' }] });
    expect(errors).toEqual(['/availability_zones/0/zone_kind: is not in the spec at this microversion (value "x")']);
  });

  it('rejects a wrong type and names the offending value', () => {
    const errors = check('GET', '/availability-zones', '2.7', undefined, 200, { availability_zones: [{ ...az, name: 42 }] });
    expect(errors.join()).toMatch(/\/availability_zones\/0\/name: must be string \(value 42\)/);
  });

  it('rejects a field sent before the microversion that added it', () => {
    const absolute = { maxTotalShares: 50, maxTotalShareReplicas: 100 };
    expect(check('GET', '/limits', '2.52', undefined, 200, { limits: { rate: [], absolute } })).toEqual([
      '/limits/absolute/maxTotalShareReplicas: is not in the spec at this microversion (value 100)',
    ]);
    expect(check('GET', '/limits', '2.53', undefined, 200, { limits: { rate: [], absolute } })).toEqual([]);
  });

  it('rejects a status the spec does not list, and an operation outside its range', () => {
    expect(check('GET', '/availability-zones', '2.7', undefined, 201, { availability_zones: [] }).join()).toMatch(/status 201/);
    expect(check('GET', '/availability-zones', '2.6', undefined, 200, { availability_zones: [] }).join()).toMatch(/outside its range/);
  });

  it('accepts Manila faults on error statuses and rejects malformed ones', () => {
    expect(check('GET', '/limits', '2.7', undefined, 403, { forbidden: { code: 403, message: 'no' } })).toEqual([]);
    expect(check('GET', '/limits', '2.7', undefined, 403, { forbidden: { code: 403 } }).length).toBeGreaterThan(0);
  });

  it('holds export location metadata keys to the pattern Manila checks them with', () => {
    const path = '/shares/s/export_locations/e/metadata/k';
    expect(check('GET', path, '2.87', undefined, 200, { meta: { 'mount_hint-1:x. y': 'v' } })).toEqual([]);
    expect(check('GET', path, '2.87', undefined, 200, { meta: { 'bad/key': 'v' } }).join()).toMatch(/property name must be valid/);
  });

  it('rejects a request to a path the spec does not have', () => {
    expect(check('GET', '/no-such-thing', '2.7', undefined, 200, {}).join()).toMatch(/no operation/);
  });
});

describe('contract checker on actions', () => {
  it('accepts a bodiless 202 action even when another member of the same endpoint answers with a body', () => {
    expect(check('POST', '/snapshots/x/action', '2.99', { unmanage: null }, 202, undefined)).toEqual([]);
  });

  it('rejects a body on a bodiless action and a wrong status', () => {
    expect(check('POST', '/snapshots/x/action', '2.99', { unmanage: null }, 202, { a: 1 }).join()).toMatch(/spec says none/);
    expect(check('POST', '/shares/x/action', '2.99', { extend: { new_size: 2 } }, 200, undefined).join()).toMatch(/status 200/);
  });
});

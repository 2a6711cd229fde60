import { describe, expect, it } from 'vitest';
import { MicroversionError } from '../../src/index.js';
import { pinned, route } from './support/manila-mock.js';

const SHARE = 'faeb3acf-17f0-44b6-a9be-9151e0db15e5';
const SNAP = '9d2f5b1a-8c3e-4f7a-b6d5-2e1c0a9f8b7d';
const EL = '7219d2f4-85a8-4736-8efa-f7a1e65282d7';

const families = [
  { name: 'shareMetadata', base: `/shares/${SHARE}/metadata`, ids: [SHARE], since: '2.0', before: undefined },
  { name: 'snapshotMetadata', base: `/snapshots/${SNAP}/metadata`, ids: [SNAP], since: '2.73', before: '2.72' },
  { name: 'exportLocationMetadata', base: `/shares/${SHARE}/export_locations/${EL}/metadata`, ids: [SHARE, EL], since: '2.87', before: '2.86' },
] as const;

describe.each(families)('$name', ({ name, base, ids, since }) => {
  // One shape for all three; the generated types are checked per family elsewhere.
  const api = (v: string) => (pinned(v) as unknown as Record<string, Record<string, (...a: unknown[]) => Promise<unknown>>>)[name];

  it('get, merge, replace, getItem, updateItem and delete', async () => {
    const list = route('GET', base, { metadata: { a: '1' } });
    const merge = route('POST', base, { metadata: { b: '2' } });
    const replace = route('PUT', base, { metadata: { c: '3' } });
    const show = route('GET', `${base}/c`, { meta: { c: '3' } });
    const item = route('POST', `${base}/c`, { metadata: { c: '4' } });
    const del = route('DELETE', `${base}/c`, null);
    const m = api(since);
    expect(await m.get(...ids)).toEqual({ a: '1' });
    expect(await m.merge(...ids, { b: '2' })).toEqual({ b: '2' });
    expect(await m.replace(...ids, { c: '3' })).toEqual({ c: '3' });
    expect(await m.getItem(...ids, 'c')).toEqual({ c: '3' });
    expect(await m.updateItem(...ids, 'c', { c: '4' })).toEqual({ c: '4' });
    await m.delete(...ids, 'c');
    expect([merge[0].body, replace[0].body]).toEqual([{ metadata: { b: '2' } }, { metadata: { c: '3' } }]);
    // Manila's share controller checks `meta` but reads `metadata`.
    expect(item[0].body).toEqual(name === 'shareMetadata' ? { metadata: { c: '4' }, meta: { c: '4' } } : { metadata: { c: '4' } });
    expect([list, show, del].map((s) => s.length)).toEqual([1, 1, 1]);
  });

});

describe.each(families.filter((f) => f.before))('$name before $since', ({ name, ids, before }) => {
  it('is refused without a request', async () => {
    const m = (pinned(before!) as unknown as Record<string, Record<string, (...a: unknown[]) => Promise<unknown>>>)[name];
    await expect(m.get(...ids)).rejects.toBeInstanceOf(MicroversionError);
  });
});

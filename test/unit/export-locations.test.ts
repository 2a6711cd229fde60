import { describe, expect, it } from 'vitest';
import { MicroversionError } from '../../src/index.js';
import { pinned, route } from './support/manila-mock.js';

const SHARE = 'faeb3acf-17f0-44b6-a9be-9151e0db15e5';
const EL = { id: '7219d2f4-85a8-4736-8efa-f7a1e65282d7', path: '10.0.0.10:/x', preferred: true, metadata: {} };

describe('export locations', () => {
  it('list and show unwrap, from 2.9', async () => {
    route('GET', `/shares/${SHARE}/export_locations`, { export_locations: [EL] });
    const show = route('GET', `/shares/${SHARE}/export_locations/${EL.id}`, { export_location: EL });
    const m = pinned('2.9');
    const [first] = (await m.exportLocations.list(SHARE)).items;
    expect(first.path).toBe('10.0.0.10:/x');
    expect((await m.exportLocations.show(SHARE, EL.id)).id).toBe(EL.id);
    expect(show).toHaveLength(1);
    await expect(pinned('2.8').exportLocations.list(SHARE)).rejects.toBeInstanceOf(MicroversionError);
  });
});

// No operation of the first slice is experimental, so the mechanism is tested
// with an operation added to the generated tables for this file only.
import { afterAll, describe, expect, it } from 'vitest';
import { methodTable } from '../../src/generated/table.js';
import { EXPERIMENTAL_HEADER, MicroversionError } from '../../src/index.js';
import { pinned, route } from './support/manila-mock.js';

methodTable.probe = {
  list: { args: [], v: [{ id: 'probe_list', route: 'GET /probes', exp: true, min: '2.10', max: '2.55', out: true }] },
  // Experimental until 2.55, stable after (as share replicas were).
  show: { args: [], v: [{ id: 'probe_show', route: 'GET /probe', exp: { max: '2.55' }, min: '2.11', out: 'probe' }] },
};
afterAll(() => {
  delete methodTable.probe;
});

describe('experimental operations', () => {
  it('send the experimental header', async () => {
    const seen = route('GET', '/probes', { probes: [] });
    const m = pinned('2.20') as unknown as { probe: { list(): Promise<unknown> } };
    await m.probe.list();
    expect(seen[0].headers.get(EXPERIMENTAL_HEADER)).toBe('True');
  });

  it('are refused outside their range, with both bounds named', async () => {
    const m = pinned('2.56') as unknown as { probe: { list(): Promise<unknown> } };
    const err: unknown = await m.probe.list().catch((e: unknown) => e);
    if (!(err instanceof MicroversionError)) throw new Error(`expected a MicroversionError, got ${String(err)}`);
    expect(err.message).toContain('microversions 2.10 to 2.55');
  });

  it('send the header only inside their experimental range', async () => {
    const seen = route('GET', '/probe', { probe: {} });
    type Probe = { probe: { show(): Promise<unknown> } };
    await (pinned('2.55') as unknown as Probe).probe.show();
    await (pinned('2.56') as unknown as Probe).probe.show();
    expect(seen.map((s) => s.headers.get(EXPERIMENTAL_HEADER))).toEqual(['True', null]);
  });
});

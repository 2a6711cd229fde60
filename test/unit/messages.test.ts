import { describe, expect, it } from 'vitest';
import { MicroversionError, VERSION_HEADER } from '../../src/index.js';
import { pinned, route } from './support/manila-mock.js';

const MSG = {
  id: '4b319d29-d5b7-4b6e-8e7c-8d6e53f0b2a8',
  project_id: 'p1',
  action_id: '001',
  detail_id: '008',
  message_level: 'ERROR',
  created_at: '2026-01-01T00:00:00.000000',
  expires_at: '2026-01-31T00:00:00.000000',
  request_id: 'req-1',
  links: [],
  resource_type: 'SHARE',
  resource_id: 'r1',
  user_message: 'allocate host: no valid host',
};

describe('messages', () => {
  it('lists with filters', async () => {
    const seen = route('GET', '/messages', { messages: [MSG] });
    const out = await pinned('2.52').messages.list({ resource_id: 'r1', resource_type: 'SHARE', created_since: '2026-01-01T00:00:00Z', limit: 5 });
    expect(out.items[0].user_message).toBe(MSG.user_message);
    expect(seen[0].method).toBe('GET');
    expect(Object.fromEntries(seen[0].query)).toEqual({ resource_id: 'r1', resource_type: 'SHARE', created_since: '2026-01-01T00:00:00Z', limit: '5' });
    expect(seen[0].headers.get(VERSION_HEADER)).toBe('2.52');
  });

  it('refuses a time filter below 2.52 without sending', async () => {
    const err = await pinned('2.40').messages.list({ created_since: '2026-01-01T00:00:00Z' }).catch((e) => e);
    expect(err).toBeInstanceOf(MicroversionError);
    expect(err.message).toContain('filter "created_since"');
  });

  it('refuses the whole API below 2.37 without sending', async () => {
    await expect(pinned('2.36').messages.list()).rejects.toBeInstanceOf(MicroversionError);
  });

  it('shows one message, unwrapped', async () => {
    const seen = route('GET', `/messages/${MSG.id}`, { message: MSG });
    expect(await pinned('2.37').messages.show(MSG.id)).toEqual(MSG);
    expect(seen).toHaveLength(1);
  });

  it('deletes one message', async () => {
    const seen = route('DELETE', `/messages/${MSG.id}`, null, 204);
    expect(await pinned('2.37').messages.delete(MSG.id)).toBeUndefined();
    expect(seen[0].method).toBe('DELETE');
  });

  it('walks every message by offset', async () => {
    const seen = route('GET', '/messages', (s) => {
      const offset = Number(s.query.get('offset'));
      const all = [MSG, { ...MSG, id: 'm2' }, { ...MSG, id: 'm3' }];
      return Response.json({ messages: all.slice(offset, offset + Number(s.query.get('limit'))) });
    });
    const ids: string[] = [];
    for await (const m of pinned('2.37').messages.list({ limit: 2 })) ids.push(m.id);
    expect(ids).toEqual([MSG.id, 'm2', 'm3']);
    expect(seen.map((s) => s.query.get('offset'))).toEqual([null, '2']);
  });
});

import { describe, expect, it } from 'vitest';
import { MicroversionError, ValidationError, VERSION_HEADER } from '../../src/index.js';
import { pinned, route } from './support/manila-mock.js';

const SHARE = 'faeb3acf-17f0-44b6-a9be-9151e0db15e5';
const ID = '1a54bea7-6086-4469-9b04-f9d2da89e314';
const RULE = { id: ID, share_id: SHARE, access_level: 'rw', access_to: '10.0.0.1', access_type: 'ip', state: 'active', access_key: null, created_at: 't', updated_at: null, metadata: {} };

describe('share access rules', () => {
  it('list takes the share id as its first argument, sends filters (2.82+) and answers a page', async () => {
    const seen = route('GET', '/share-access-rules', { access_list: [RULE] });
    expect((await pinned('2.82').accessRules.list(SHARE, { access_level: 'rw', metadata: { k: 'v' } })).items).toEqual([RULE]);
    expect(Object.fromEntries(seen[0].query)).toEqual({ share_id: SHARE, access_level: 'rw', metadata: '{"k":"v"}' });
    await expect(pinned('2.81').accessRules.list(SHARE, { access_level: 'rw' })).rejects.toBeInstanceOf(MicroversionError);
    // @ts-expect-error the share id is required
    await expect(pinned('2.82').accessRules.list()).rejects.toBeInstanceOf(ValidationError);
    // @ts-expect-error share_id is an argument now, not a filter
    await expect(pinned('2.82').accessRules.list(SHARE, { share_id: SHARE })).rejects.toThrow(/unknown filter "share_id"/);
    await expect(pinned('2.44').accessRules.list(SHARE)).rejects.toBeInstanceOf(MicroversionError);
  });

  it('show unwraps access', async () => {
    const seen = route('GET', `/share-access-rules/${ID}`, { access: RULE });
    expect(await pinned('2.45').accessRules.show(ID)).toEqual(RULE);
    expect(seen[0].headers.get(VERSION_HEADER)).toBe('2.45');
  });

  it('update wraps update_access, from 2.88', async () => {
    const seen = route('PUT', `/share-access-rules/${ID}`, { access: { ...RULE, access_level: 'ro' } });
    expect((await pinned('2.88').accessRules.update(ID, { access_level: 'ro' })).access_level).toBe('ro');
    expect(seen[0].body).toEqual({ update_access: { access_level: 'ro' } });
    await expect(pinned('2.87').accessRules.update(ID, { access_level: 'ro' })).rejects.toBeInstanceOf(MicroversionError);
  });

  it('metadata set and delete', async () => {
    const set = route('PUT', `/share-access-rules/${ID}/metadata`, { metadata: { a: 'b' } });
    const del = route('DELETE', `/share-access-rules/${ID}/metadata/a`, null);
    expect(await pinned('2.45').accessRuleMetadata.set(ID, { a: 'b' })).toEqual({ a: 'b' });
    await pinned('2.45').accessRuleMetadata.delete(ID, 'a');
    expect(set[0].body).toEqual({ metadata: { a: 'b' } });
    expect(del).toHaveLength(1);
  });
});

// Access rules on a real Manila: the 2.45+ API (list, show, metadata), the
// 2.88 level update, locks, and the legacy access_list action below 2.45.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManilaApiError, MicroversionError } from '../../src/index.js';
import { bedClient, Cleanup, FAST, uniqueName } from './support/bed.js';
import { deleteShare } from './support/resources.js';

const manila = bedClient();
const cleanup = new Cleanup();
afterAll(() => cleanup.run());

describe('share access rules', () => {
  let shareId: string;
  let ruleId: string;

  beforeAll(async () => {
    const share = await manila.shares.create({ share_proto: 'NFS', size: 1, name: uniqueName('access') });
    shareId = share.id;
    cleanup.add(`delete share ${share.id}`, () => deleteShare(manila, share.id));
    await manila.waitFor.share(share.id, FAST);
    const rule = await manila.shares.allowAccess(shareId, { access_type: 'ip', access_to: '10.1.0.0/24', access_level: 'ro', metadata: { owner: 'ft' } });
    ruleId = rule.id;
    expect(rule.state).toBe('queued_to_apply');
    expect((await manila.waitFor.accessRule(ruleId, FAST)).state).toBe('active');
  });

  it('lists and shows the rule, with filters', async () => {
    const shown = await manila.accessRules.show(ruleId);
    expect(shown).toMatchObject({ id: ruleId, share_id: shareId, access_to: '10.1.0.0/24', access_level: 'ro', metadata: { owner: 'ft' } });
    const all = (await manila.accessRules.list(shareId)).items;
    expect(all.map((r) => r.id)).toEqual([ruleId]);
    expect((await manila.accessRules.list(shareId, { access_level: 'rw' })).items).toEqual([]);
    expect((await manila.accessRules.list(shareId, { metadata: { owner: 'ft' } })).items.map((r) => r.id)).toEqual([ruleId]);
  });

  it('keeps rule metadata', async () => {
    // The answer holds only the keys sent; the rule keeps the others.
    expect(await manila.accessRuleMetadata.set(ruleId, { team: 'storage' })).toEqual({ team: 'storage' });
    expect((await manila.accessRules.show(ruleId)).metadata).toEqual({ owner: 'ft', team: 'storage' });
    await manila.accessRuleMetadata.delete(ruleId, 'owner');
    expect((await manila.accessRules.show(ruleId)).metadata).toEqual({ team: 'storage' });
  });

  it('changes the access level in place (2.88) and waits for it', async () => {
    const updated = await manila.accessRules.update(ruleId, { access_level: 'rw' });
    expect(updated.id).toBe(ruleId);
    const active = await manila.waitFor.accessRule(ruleId, FAST);
    expect(active.access_level).toBe('rw');
  });

  it('answers 200 with the unchanged rule when asked for the level it has', async () => {
    const before = await manila.accessRules.show(ruleId);
    expect(before.access_level).toBe('rw');
    const same = await manila.accessRules.update(ruleId, { access_level: 'rw' });
    expect(same).toEqual(before);
    expect(await manila.accessRules.show(ruleId)).toEqual(before);
  });

  it('still serves the access_list action below 2.45, and refuses it above', async () => {
    const old = bedClient({ microversion: '2.44' });
    const rules = (await old.shares.accessList(shareId)).items;
    expect(rules.map((r) => r.id)).toEqual([ruleId]);
    await expect(manila.shares.accessList(shareId)).rejects.toBeInstanceOf(MicroversionError);
  });

  it('a deletion lock keeps the rule until it is lifted', async () => {
    const locked = await manila.shares.allowAccess(shareId, { access_type: 'ip', access_to: '10.2.0.1', lock_deletion: true, lock_reason: 'functional test' });
    await manila.waitFor.accessRule(locked.id, FAST);
    const err = await manila.shares.denyAccess(shareId, { access_id: locked.id }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ManilaApiError);
    await manila.shares.denyAccess(shareId, { access_id: locked.id, unrestrict: true });
    await manila.waitFor.accessRuleDeleted(locked.id, FAST);
  });

  it('is revoked', async () => {
    await manila.shares.denyAccess(shareId, { access_id: ruleId });
    await manila.waitFor.accessRuleDeleted(ruleId, FAST);
    expect((await manila.accessRules.list(shareId)).items).toEqual([]);
  });
});

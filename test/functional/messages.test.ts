// A share the scheduler cannot place: the waiter stops on `error` and says
// why, with Manila's user message; the messages API lists, shows and
// deletes that message.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NotFoundError, WaitFailedError } from '../../src/index.js';
import { bedClient, Cleanup, FAST, uniqueName } from './support/bed.js';
import { deleteShare, deleteShareType } from './support/resources.js';

const manila = bedClient();
const cleanup = new Cleanup();
afterAll(() => cleanup.run());

describe('a share no backend can take', () => {
  let shareId: string;
  let failure: WaitFailedError;

  beforeAll(async () => {
    // An unscoped extra spec is a capability the scheduler must match; no
    // backend of the bed reports this one.
    const type = await manila.shareTypes.create({
      name: uniqueName('nohost'),
      extra_specs: { driver_handles_share_servers: 'false', sdk_functional_unmatched: 'yes' },
    });
    cleanup.add(`delete share type ${type.id}`, () => deleteShareType(manila, type.id));
    const share = await manila.shares.create({ share_proto: 'NFS', size: 1, share_type: type.id, name: uniqueName('nohost') });
    shareId = share.id;
    cleanup.add(`delete share ${share.id}`, () => deleteShare(manila, share.id));
    failure = await manila.waitFor.share(share.id, FAST).then(
      () => expect.fail('the share became available'),
      (err: unknown) => err as WaitFailedError,
    );
  });

  it('fails the waiter with the last state and the reason', () => {
    expect(failure).toBeInstanceOf(WaitFailedError);
    expect((failure.lastState as { status: string }).status).toBe('error');
    expect(failure.messages[0]?.user_message).toMatch(/^allocate host: /);
    expect(failure.message).toContain(failure.messages[0].user_message);
  });

  it('lists, shows and deletes the user message', async () => {
    const { items: messages } = await manila.messages.list({ resource_id: shareId, resource_type: 'SHARE' });
    expect(messages).toHaveLength(1);
    const [msg] = messages;
    expect(msg).toMatchObject({ resource_id: shareId, action_id: '001', message_level: 'ERROR' });
    expect(await manila.messages.show(msg.id)).toMatchObject({ id: msg.id, user_message: msg.user_message });
    // Each filter keeps the message with its own value and drops it with another.
    const keeps: Array<[string, string, string]> = [
      ['resource_type', 'SHARE', 'SHARE_GROUP'],
      ['action_id', msg.action_id, '999'],
      ['detail_id', msg.detail_id, '999'],
      ['request_id', msg.request_id, 'req-00000000-0000-0000-0000-000000000000'],
      ['message_level', 'ERROR', 'WARNING'],
      ['created_since', '2000-01-01T00:00:00', '2999-01-01T00:00:00'],
      ['created_before', '2999-01-01T00:00:00', '2000-01-01T00:00:00'],
    ];
    for (const [filter, keep, drop] of keeps) {
      expect((await manila.messages.list({ resource_id: shareId, [filter]: keep })).items.map((m) => m.id), `${filter}=${keep}`).toEqual([msg.id]);
      expect((await manila.messages.list({ resource_id: shareId, [filter]: drop })).items, `${filter}=${drop}`).toEqual([]);
    }
    const iterated: string[] = [];
    for await (const m of manila.messages.list({ resource_id: shareId, limit: 1 })) iterated.push(m.id);
    expect(iterated).toEqual([msg.id]);
    await manila.messages.delete(msg.id);
    await expect(manila.messages.show(msg.id)).rejects.toBeInstanceOf(NotFoundError);
  });
});

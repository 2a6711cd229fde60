// The call shape on the real Manila: request ids of successful calls, the
// escape hatch through the same pipeline, and the conveniences.
import { afterAll, describe, expect, it } from 'vitest';
import { NotFoundError, ValidationError } from '../../src/index.js';
import { bedClient, Cleanup, FAST, uniqueName } from './support/bed.js';
import { deleteShare } from './support/resources.js';

const manila = bedClient();
const cleanup = new Cleanup();
afterAll(() => cleanup.run());

describe('the call shape on the real server', () => {
  let shareId: string;
  const name = uniqueName('shape');

  it('gives the request id of a successful create', async () => {
    const { data: share, response } = await manila.shares.create({ share_proto: 'NFS', size: 1, name }).withResponse();
    shareId = share.id;
    cleanup.add(`delete share ${share.id}`, () => deleteShare(manila, share.id));
    expect(response.status).toBe(200);
    expect(response.requestId).toMatch(/^req-[0-9a-f-]{36}$/);
    expect(response.microversion).toBe((await manila.microversion()).version);
    await manila.waitFor.share(share.id, FAST);
  });

  it('reaches the same share through the escape hatch, with its own request id', async () => {
    const { data, response } = await manila.request('GET /shares/{share_id}', { params: { path: { share_id: shareId } } }).withResponse();
    expect(data.share.id).toBe(shareId);
    expect(response.requestId).toMatch(/^req-/);
    await manila.request('POST /shares/{share_id}/action', { params: { path: { share_id: shareId } }, body: { extend: { new_size: 2 } } });
    expect((await manila.waitFor.share(shareId, FAST)).size).toBe(2);
    const old = await manila.request('GET /shares/{share_id}', { params: { path: { share_id: shareId } } }, { microversion: '2.40' });
    expect(old.share).not.toHaveProperty('mount_point_name');
  });

  it('finds the share by name, and refuses a misspelt filter before sending', async () => {
    expect((await manila.shares.find(name)).id).toBe(shareId);
    await expect(manila.shares.find(uniqueName('absent'))).rejects.toBeInstanceOf(NotFoundError);
    await expect(manila.shares.list({ nmae: name } as never)).rejects.toBeInstanceOf(ValidationError);
  });

  it('resizes, then deletes and waits', async () => {
    expect((await manila.shares.resize(shareId, 1, FAST)).size).toBe(1);
    await manila.shares.deleteAndWait(shareId, FAST);
    expect(await manila.shares.deleteIfExists(shareId)).toBe(false);
  });
});

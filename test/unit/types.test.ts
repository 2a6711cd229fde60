// What a consumer sees in the types: named models, the lookup by method,
// pages and the typed escape hatch. Checked by the type checker (`npm run
// typecheck` covers this file); the runtime part only proves the names exist.
import { describe, expect, expectTypeOf, it } from 'vitest';
import type {
  AccessRule,
  ApiPromise,
  ExportLocation,
  ExportLocationSummary,
  ManilaClient,
  ManilaTypes,
  Message,
  Page,
  PagePromise,
  Share,
  ShareCreate,
  ShareSummary,
  ShareType,
  Snapshot,
  SnapshotSummary,
} from '../../src/index.js';
import { pinned } from './support/manila-mock.js';

describe('named types', () => {
  it('name what the methods answer', () => {
    expectTypeOf<ManilaClient['shares']['show']>().returns.toEqualTypeOf<ApiPromise<Share>>();
    expectTypeOf<ManilaClient['shares']['create']>().parameter(0).toEqualTypeOf<ShareCreate>();
    expectTypeOf<ManilaClient['shares']['list']>().returns.toEqualTypeOf<PagePromise<ShareSummary>>();
    expectTypeOf<ManilaClient['snapshots']['listDetail']>().returns.toEqualTypeOf<PagePromise<Snapshot>>();
    expectTypeOf<ManilaClient['snapshots']['list']>().returns.toEqualTypeOf<PagePromise<SnapshotSummary>>();
    expectTypeOf<ManilaClient['shareTypes']['show']>().returns.toEqualTypeOf<ApiPromise<ShareType>>();
    expectTypeOf<ManilaClient['accessRules']['show']>().returns.toEqualTypeOf<ApiPromise<AccessRule>>();
    expectTypeOf<ManilaClient['exportLocations']['show']>().returns.toEqualTypeOf<ApiPromise<ExportLocation>>();
    expectTypeOf<ManilaClient['exportLocations']['list']>().returns.toEqualTypeOf<PagePromise<ExportLocationSummary>>();
    expectTypeOf<ManilaClient['messages']['show']>().returns.toEqualTypeOf<ApiPromise<Message>>();
    expectTypeOf<ManilaClient['waitFor']['share']>().returns.toEqualTypeOf<Promise<Share>>();
    expectTypeOf<ManilaClient['waitFor']['accessRule']>().returns.toEqualTypeOf<Promise<AccessRule>>();
  });

  it('look up inputs and outputs by group and method', () => {
    expectTypeOf<ManilaTypes['shares']['create']['input']>().toEqualTypeOf<ShareCreate>();
    expectTypeOf<ManilaTypes['shares']['create']['output']>().toEqualTypeOf<Share>();
    expectTypeOf<ManilaTypes['shares']['list']['output']>().toEqualTypeOf<Page<ShareSummary>>();
    expectTypeOf<ManilaTypes['shares']['list']['item']>().toEqualTypeOf<ShareSummary>();
    expectTypeOf<ManilaTypes['shares']['list']['input']['name~']>().toEqualTypeOf<string | undefined>();
  });

  it('type the escape hatch from the spec\'s paths', () => {
    const m = pinned('2.99');
    const show = () => m.request('GET /shares/{share_id}', { params: { path: { share_id: 'x' } } });
    expectTypeOf<Awaited<ReturnType<typeof show>>['share']>().toEqualTypeOf<Share>();
    // @ts-expect-error the path id is required
    void (() => m.request('GET /shares/{share_id}', { params: {} }));
    // @ts-expect-error the body must be an action of the spec
    void (() => m.request('POST /shares/{share_id}/action', { params: { path: { share_id: 'x' } }, body: { explode: null } }));
    expect(typeof m.request).toBe('function');
  });

  it('refuse wrong calls', () => {
    const m = pinned('2.99');
    // @ts-expect-error a misspelt filter
    void (() => m.shares.list({ nmae: 'web' }));
    // @ts-expect-error a method without input takes options, not fields
    void (() => m.shares.show('id', { name: 'x' }));
    // @ts-expect-error the waiter option is `until`
    void (() => m.waitFor.share('id', { status: 'error' }));
    expect(typeof m.shares.list).toBe('function');
  });
});

// One ordinary scenario on the real test bed (`npm run bench -- --bed`):
// create a 1 GiB share with metadata, extend it, snapshot it, grant access,
// set metadata, list by name, delete everything: eight waits. manila-sdk's
// waiters against python-manilaclient with the one-second poll loop its
// users write, alternately, counting the requests each sends to Manila.
import { existsSync } from 'node:fs';
import type * as Sdk from '../src/index.js';
import { runPython } from './python.js';

async function sdkScenario(sdk: typeof Sdk, cloudsYaml: string): Promise<{ ms: number; requests: number }> {
  let requests = 0;
  const counting = (req: Request) => {
    if (new URL(req.url).port === '8786') requests++;
    return fetch(req);
  };
  process.env.OS_CLIENT_CONFIG_FILE = cloudsYaml;
  const manila = await sdk.connect('testbed', {}, { fetch: counting, env: { OS_CLIENT_CONFIG_FILE: cloudsYaml } });
  await manila.microversion();
  requests = 0;
  const started = performance.now();
  const name = `benchsdk-${Date.now()}`;
  const share = await manila.shares.create({ share_proto: 'NFS', size: 1, name, metadata: { purpose: 'bench' } });
  await manila.waitFor.share(share.id);
  await manila.shares.extend(share.id, { new_size: 2 });
  await manila.waitFor.share(share.id);
  const snap = await manila.snapshots.create({ share_id: share.id, name });
  await manila.waitFor.snapshot(snap.id);
  const rule = await manila.shares.allowAccess(share.id, { access_type: 'ip', access_to: '10.9.0.0/24', access_level: 'rw' });
  await manila.waitFor.accessRule(rule.id, { shareId: share.id });
  await manila.shareMetadata.merge(share.id, { tier: 'gold' });
  const found = await manila.shares.list({ name });
  if (found.items.length !== 1) throw new Error('the share is not listed by name');
  await manila.snapshots.delete(snap.id);
  await manila.waitFor.snapshotDeleted(snap.id);
  await manila.shares.delete(share.id);
  await manila.waitFor.shareDeleted(share.id);
  return { ms: performance.now() - started, requests };
}

export async function bedScenario(root: string, sdk: typeof Sdk, python: string | undefined, out: (line?: string) => void): Promise<void> {
  const cloudsYaml = `${process.env.MANILA_TESTBED_STATE ?? `${root}.testbed`}/clouds.yaml`;
  if (!existsSync(cloudsYaml)) throw new Error(`no test bed: start it with npm run testbed:up (looked for ${cloudsYaml})`);
  const runs = 3;
  const sdkRuns: Array<{ ms: number; requests: number }> = [];
  const py: Array<{ ms: number; requests: number }> = [];
  for (let i = 0; i < runs; i++) {
    sdkRuns.push(await sdkScenario(sdk, cloudsYaml));
    if (python) py.push(runPython(python, ['scenario', cloudsYaml, 'testbed']));
  }
  const med = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  out(`## A scenario on the real test bed (8 waits; median of ${runs}, run alternately)`);
  out();
  out('| client | wall ms | requests to Manila |');
  out('| --- | ---: | ---: |');
  out(`| manila-sdk waiters | ${med(sdkRuns.map((r) => r.ms)).toFixed(0)} | ${med(sdkRuns.map((r) => r.requests))} |`);
  if (py.length) {
    out(`| python-manilaclient, 1 s poll loop | ${med(py.map((r) => r.ms)).toFixed(0)} | ${med(py.map((r) => r.requests))} |`);
    out();
    out(`manila-sdk is ${(med(py.map((r) => r.ms)) / med(sdkRuns.map((r) => r.ms))).toFixed(1)}× faster end to end.`);
  }
  out();
}

#!/usr/bin/env bash
# Proves the published package works for a consumer: builds and packs it,
# installs the tarball where only its runtime dependencies are reachable,
# imports it with plain Node (no tsx) and type-checks a consumer against the
# shipped declarations (a wrong call must be a type error).
set -euo pipefail
cd "$(dirname "$0")/.."
REPO=$PWD
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

npm pack --silent --pack-destination "$work" >/dev/null   # prepack builds dist/
tarball=$(ls "$work"/manila-sdk-*.tgz)
consumer=$work/consumer
mkdir -p "$consumer/node_modules/@types"
tar -xzf "$tarball" -C "$work"
mv "$work/package" "$consumer/node_modules/manila-sdk"

# Only what package.json declares as runtime dependencies, plus Node's types
# for the type check; a stray import of a dev dependency fails below.
for dep in $(node -p "Object.keys(require('./package.json').dependencies).join(' ')"); do
  ln -s "$REPO/node_modules/$dep" "$consumer/node_modules/$dep"
done
ln -s "$REPO/node_modules/@types/node" "$consumer/node_modules/@types/node"
ln -s "$REPO/node_modules/typescript" "$consumer/node_modules/typescript"

cat >"$consumer/package.json" <<'JSON'
{ "name": "consumer", "private": true, "type": "module" }
JSON

cat >"$consumer/run.mjs" <<'JS'
import { createManilaClient, loadCloud, MAX_KNOWN_VERSION, MicroversionError } from 'manila-sdk';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
const spec = createRequire(import.meta.url)('manila-sdk/openapi.json');
const manila = createManilaClient({ endpoint: 'http://127.0.0.1:9/v2', token: 't', microversion: '2.40' });
const err = await manila.shares.restore('x').catch((e) => e);
if (!(err instanceof MicroversionError)) throw new Error(`expected a MicroversionError, got ${err}`);
if (typeof loadCloud !== 'function' || spec.info.version !== MAX_KNOWN_VERSION) throw new Error('exports are incomplete');
console.log(`package ok: manila-sdk imports with plain node, knows microversions up to ${MAX_KNOWN_VERSION}`);
JS
(cd "$consumer" && node run.mjs)

# What `import 'manila-sdk'` loads at once: the entry and what it imports
# statically. clouds.yaml support (with js-yaml), the Keystone login, the
# waiters and openapi-fetch must not be among them: they load on first use.
cat >"$consumer/static-graph.mjs" <<'JS'
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
const root = 'node_modules/manila-sdk/dist';
const seen = new Set();
const visit = (file) => {
  if (seen.has(file)) return;
  seen.add(file);
  const text = readFileSync(file, 'utf8');
  // Static imports only (`from "x"`, `import "x"`, minified or not), not import().
  for (const m of text.matchAll(/(?:\bfrom|\bimport)\s*["']([^"']+)["']/g)) {
    const spec = m[1];
    if (spec.startsWith('.')) visit(join(dirname(file), spec));
    else seen.add(spec);
  }
};
const entry = join(root, 'index.js');
visit(entry);
const loaded = [...seen].map((f) => f.replace(`${root}/`, ''));
const lazy = loaded.filter((f) => /js-yaml|openapi-fetch|clouds|keystone-login|waiters/.test(f));
if (lazy.length) throw new Error(`import 'manila-sdk' loads at once what should wait for first use: ${lazy.join(', ')}`);
if (loaded.length !== 1) throw new Error(`import 'manila-sdk' should load one module, it loads ${loaded.join(', ')}`);
// The lazy modules are there, imported with import(): not finding them means this check went blind.
const dynamic = [...readFileSync(entry, 'utf8').matchAll(/\bimport\(\s*["']([^"']+)["']\s*\)/g)].map((m) => m[1]);
for (const want of ['./chunks/clouds.js', './chunks/keystone-login.js', './chunks/waiters.js', 'openapi-fetch']) {
  if (!dynamic.includes(want)) throw new Error(`the entry does not import ${want} on demand (it does: ${dynamic.join(', ')})`);
  if (want.startsWith('.') && !existsSync(join(root, want))) throw new Error(`${want} is not in the package`);
}
console.log(`package ok: import 'manila-sdk' loads ${loaded.join(', ')} alone; clouds.yaml, js-yaml, the Keystone login, the waiters and openapi-fetch wait for first use`);
JS
(cd "$consumer" && node static-graph.mjs)

# The lazy modules work from the package and share the entry's classes: a
# cloud read from clouds.yaml logs in to a loopback Keystone, a waiter polls
# a loopback Manila, and the errors lazy modules throw are the classes the
# user imported.
cat >"$consumer/lazy.mjs" <<'JS'
import { createServer } from 'node:http';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CloudConfigError, KeystoneAuth, UnauthorizedError, WaitFailedError, createManilaClient, loadCloud } from 'manila-sdk';
const reads = { good: 0, bad: 0 };
const server = createServer((req, res) => {
  req.resume();
  req.on('end', () => {
    const share = /^\/v2\/shares\/(good|bad)$/.exec(req.url)?.[1];
    if (share) {
      // `good` is available on its second read, `bad` goes to error.
      const status = share === 'bad' ? 'error' : ++reads.good > 1 ? 'available' : 'creating';
      reads[share] += share === 'bad' ? 1 : 0;
      res.writeHead(200, { 'Content-Type': 'application/json' });
      return res.end(JSON.stringify({ share: { id: share, status } }));
    }
    res.writeHead(401, { 'Content-Type': 'application/json', 'X-Openstack-Request-Id': 'req-lazy' });
    res.end(JSON.stringify({ error: { code: 401, title: 'Unauthorized', message: 'The request you have made requires authentication.' } }));
  });
});
await new Promise((r) => server.listen(0, '127.0.0.1', r));
const dir = mkdtempSync(join(tmpdir(), 'clouds-'));
writeFileSync(join(dir, 'clouds.yaml'), `clouds:\n  here:\n    auth:\n      auth_url: http://127.0.0.1:${server.address().port}/v3\n      username: u\n      password: p\n      project_name: p\n      user_domain_name: Default\n      project_domain_name: Default\n`);
try {
  const options = await loadCloud('here', { searchPath: [dir], env: {} });
  if (!(options.auth instanceof KeystoneAuth)) throw new Error('loadCloud did not give a KeystoneAuth');
  const refused = await options.auth.getToken().catch((e) => e);
  if (!(refused instanceof UnauthorizedError) || refused.requestId !== 'req-lazy') throw new Error(`expected the loopback Keystone's 401 as an UnauthorizedError, got ${refused}`);
  const missing = await loadCloud('elsewhere', { searchPath: [dir], env: {} }).catch((e) => e);
  if (!(missing instanceof CloudConfigError)) throw new Error(`expected a CloudConfigError, got ${missing}`);
  const manila = createManilaClient({ endpoint: `http://127.0.0.1:${server.address().port}/v2`, token: 't', microversion: '2.99' });
  const ready = await manila.waitFor.share('good', { minDelayMs: 100, maxDelayMs: 100 });
  if (ready.status !== 'available' || reads.good !== 2) throw new Error(`the waiter gave ${JSON.stringify(ready)} after ${reads.good} reads`);
  const failed = await manila.waitFor.share('bad', { minDelayMs: 100, maxDelayMs: 100 }).catch((e) => e);
  if (!(failed instanceof WaitFailedError) || reads.bad !== 1) throw new Error(`expected a WaitFailedError after one read, got ${failed}`);
} finally {
  server.close();
}
console.log('package ok: clouds.yaml (with js-yaml), the Keystone login and the waiters load on demand and throw the classes the user imported');
JS
(cd "$consumer" && node lazy.mjs)

cat >"$consumer/consumer.ts" <<'TS'
import { createManilaClient, type ManilaClient, type ManilaTypes, type Page, type Share, type ShareSummary } from 'manila-sdk';
const manila: ManilaClient = createManilaClient({ endpoint: 'http://127.0.0.1:9/v2', token: 't' });
export async function typed(): Promise<string> {
  const share: Share = await manila.shares.create({ share_proto: 'NFS', size: 1 });
  await manila.shares.extend(share.id, { new_size: 2 });
  // @ts-expect-error new_size is a number
  await manila.shares.extend(share.id, { new_size: 'two' });
  // @ts-expect-error no such method
  await manila.shares.explode(share.id);
  // @ts-expect-error no such filter
  await manila.shares.list({ nmae: 'web' });
  const page: Page<ShareSummary> = await manila.shares.list({ name: 'web' });
  const input: ManilaTypes['shares']['create']['input'] = { share_proto: 'NFS', size: 1 };
  const { response } = await manila.shares.show(share.id).withResponse();
  const raw = await manila.request('GET /shares/{share_id}', { params: { path: { share_id: share.id } } });
  return `${page.items[0]?.id}${input.size}${response.requestId}${raw.share.id}`;
}
TS
cat >"$consumer/tsconfig.json" <<'JSON'
{ "compilerOptions": { "strict": true, "module": "NodeNext", "moduleResolution": "NodeNext", "target": "ES2022",
  "lib": ["ES2023", "DOM"], "types": ["node"], "noEmit": true }, "files": ["consumer.ts"] }
JSON
(cd "$consumer" && node node_modules/typescript/bin/tsc -p tsconfig.json)
echo "package ok: the shipped declarations type-check a consumer and reject a wrong call"

// Vitest global setup: the contract checks read dist/openapi.json, which a
// fresh clone does not have. Bundle the spec when the bundle is missing or
// older than any spec file, so `npx vitest run` works without a prior build.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../', import.meta.url));

export default function setup(): void {
  const bundle = `${root}dist/openapi.json`;
  const newestSpec = Math.max(...readdirSync(`${root}spec`).filter((f) => f.endsWith('.yaml')).map((f) => statSync(`${root}spec/${f}`).mtimeMs));
  if (existsSync(bundle) && statSync(bundle).mtimeMs >= newestSpec) return;
  execFileSync(process.execPath, [`${root}node_modules/@redocly/cli/bin/cli.js`, 'bundle', '--config', 'redocly.yaml', 'spec/openapi.yaml', '--ext', 'json', '-o', 'dist/openapi.json'], {
    cwd: root,
    stdio: 'ignore',
  });
}

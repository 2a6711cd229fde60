// Builds the JavaScript of the published package: src/index.ts bundled into
// dist/index.js, so `import 'manila-sdk'` loads one module instead of some
// twenty-five (module loading was most of the import time). What a client
// only needs on demand stays in chunks of its own, loaded on first use:
// clouds.yaml support (and js-yaml), the Keystone login, and openapi-fetch
// for the escape hatch. Declarations come from tsc (tsconfig.build.json).
import { build } from 'esbuild';
import { rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
rmSync(`${root}dist/chunks`, { recursive: true, force: true });
await build({
  absWorkingDir: root,
  entryPoints: ['src/index.ts'],
  outdir: 'dist',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  sourcemap: true,
  chunkNames: 'chunks/[name]-[hash]',
  // The runtime dependencies stay the consumer's own modules.
  external: ['openapi-fetch', 'js-yaml'],
  // Less text to read at import; names stay, so stack traces still read.
  minifyWhitespace: true,
  minifySyntax: true,
  logLevel: 'warning',
});

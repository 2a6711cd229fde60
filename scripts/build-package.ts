// Builds the JavaScript of the published package. `import 'manila-sdk'`
// loads one module, dist/index.js, holding everything a client needs; each
// extra module an import waits for costs about a millisecond in Node's
// loader, which was a third of the import. What a client only needs on
// demand is a module of its own in dist/chunks, loaded on first use:
// clouds.yaml support (with js-yaml), the Keystone login and the waiters;
// openapi-fetch, for the escape hatch, is imported the same way.
//
// A lazy module shares the entry's classes and state (an error it throws
// must be `instanceof` the class the user imported): it imports them from
// dist/index.js, through one object the entry exports for that purpose,
// `__internal`, which the declarations leave out. Declarations come from
// tsc (tsconfig.build.json).
import { build, type BuildOptions, type Plugin } from 'esbuild';
import { rmSync } from 'node:fs';
import { basename, dirname, relative, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const src = (p: string) => resolve(root, 'src', p);
/** Modules loaded on first use (the source imports each with import()). */
const lazyFiles = new Set(['handwritten/clouds.ts', 'handwritten/keystone-login.ts', 'handwritten/waiters.ts'].map(src));
const chunkOf = (file: string) => `./chunks/${basename(file, '.ts')}.js`;
const shared = {
  // The runtime dependencies stay the consumer's own modules.
  external: ['openapi-fetch', 'js-yaml'],
  absWorkingDir: root,
  bundle: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  sourcemap: true,
  // Less text to read at import; names stay, so stack traces still read.
  minifyWhitespace: true,
  minifySyntax: true,
  logLevel: 'warning',
} satisfies BuildOptions;

/** A lazy module's import, by the file it resolves to. */
const resolveFrom = (importer: string, path: string) => resolve(dirname(importer), path.replace(/\.js$/, '.ts'));

/** In the entry: the lazy modules stay separate files, imported from dist/chunks. */
const lazyImports: Plugin = {
  name: 'lazy-imports',
  setup(b) {
    b.onResolve({ filter: /^\.\// }, (args) => {
      const file = resolveFrom(args.importer, args.path);
      if (!lazyFiles.has(file)) return undefined;
      if (args.kind !== 'dynamic-import') throw new Error(`${relative(root, args.importer)} imports ${args.path} statically; it must stay a lazy import()`);
      return { path: chunkOf(file), external: true };
    });
  },
};

// 1. What the entry holds: a lazy module's import of one of these is shared.
const eager = await build({ ...shared, entryPoints: ['src/index.ts'], write: false, outdir: 'dist', metafile: true, plugins: [lazyImports] });
const eagerFiles = new Set(Object.keys(eager.metafile.inputs).map((f) => resolve(root, f)));

// 2. The lazy modules, noting which of those they use.
const sharedUsed = new Map<string, string[]>(); // file -> the names it exports
const keyOf = (file: string) => relative(src('.'), file).replace(/\.ts$/, '').replace(/[^A-Za-z0-9]+/g, '_');
const fromEntry: Plugin = {
  name: 'from-entry',
  setup(b) {
    b.onResolve({ filter: /^\.\.?\// }, (args) => {
      if (args.kind === 'entry-point') return undefined;
      if (args.namespace === 'from-entry') return { path: '../index.js', external: true };
      const file = resolveFrom(args.importer, args.path);
      if (lazyFiles.has(file)) throw new Error(`${relative(root, args.importer)} imports the lazy module ${args.path}`);
      if (!eagerFiles.has(file)) return undefined; // only this lazy module's: bundled into it
      return { path: file, namespace: 'from-entry' };
    });
    b.onLoad({ filter: /.*/, namespace: 'from-entry' }, async (args) => {
      // Values, not live bindings: the entry has finished evaluating before any lazy module loads.
      const names = Object.keys(await import(pathToFileURL(args.path).href)).filter((n) => n !== 'default');
      sharedUsed.set(args.path, names);
      return { contents: `import { __internal } from '../index.js';\nexport const { ${names.join(', ')} } = __internal.${keyOf(args.path)};\n`, loader: 'js' };
    });
  },
};
rmSync(`${root}dist/chunks`, { recursive: true, force: true });
await build({ ...shared, entryPoints: [...lazyFiles], outdir: 'dist/chunks', external: [...shared.external, '../index.js'], plugins: [fromEntry] });

// 3. The entry, exporting what the lazy modules use: a plain object of
// values, not namespace objects, whose one accessor per name cost a tenth
// of the import to define.
const imports = [...sharedUsed].map(([file], i) => `import * as m${i} from ${JSON.stringify(file)};`);
const members = [...sharedUsed].map(([file, names], i) => `  ${keyOf(file)}: { ${names.map((n) => `${n}: m${i}.${n}`).join(', ')} },`);
const internal = `${imports.join('\n')}\nexport const __internal = {\n${members.join('\n')}\n};\n`;
await build({
  ...shared,
  stdin: {
    contents: `export * from './src/index.ts';\nexport { __internal } from 'internal:lazy-modules';\n`,
    resolveDir: root,
    sourcefile: 'entry.js',
    loader: 'ts',
  },
  outfile: 'dist/index.js',
  plugins: [
    lazyImports,
    {
      name: 'internal',
      setup(b) {
        b.onResolve({ filter: /^internal:lazy-modules$/ }, () => ({ path: 'lazy-modules', namespace: 'internal' }));
        b.onLoad({ filter: /.*/, namespace: 'internal' }, () => ({ contents: internal, resolveDir: root, loader: 'js' }));
      },
    },
  ],
});

// The SDK reference: TypeDoc over the package's entry point (src/index.ts),
// each generated method with its Manila operation, microversion range,
// errors (@throws) and the spec's description, as codegen writes them.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Application, Converter, LogLevel, OptionDefaults, TSConfigReader } from 'typedoc';

/**
 * openapi-typescript's route- and operation-level types. They mirror the
 * spec route by route (30 MB of TypeDoc pages); the API reference shows the
 * same facts, so they are left out here. `components` (the schemas) stays.
 */
const LEFT_OUT = ['paths', 'operations'];

const README = `# manila-sdk: the SDK reference

Everything the package exports. Start with {@link createManilaClient} (or {@link connect} and {@link loadCloud}),
which answers a {@link ManilaClient}. Its generated groups are the \`*Api\` interfaces ({@link SharesApi},
{@link SnapshotsApi}, ...): each method says which Manila operation it calls, its microversion range, what it
throws, and what the spec says about it. The waiters are {@link GeneratedWaiters}; every error class derives
from {@link ManilaError}. Input and output types by method name: {@link ManilaTypes}.

The raw \`paths\` and \`operations\` types of openapi-typescript are exported too but not shown here: the API
reference documents the same routes.
`;

export async function buildSdkReference(opts: { root: string; out: string }): Promise<void> {
  const work = mkdtempSync(join(tmpdir(), 'manila-typedoc-'));
  try {
    const readme = join(work, 'README.md');
    writeFileSync(readme, README);
    const app = await Application.bootstrapWithPlugins(
      {
        entryPoints: [join(opts.root, 'src/index.ts')],
        tsconfig: join(opts.root, 'tsconfig.build.json'),
        readme,
        name: 'manila-sdk',
        // No links into a source host this build cannot know.
        disableSources: true,
        excludePrivate: true,
        excludeInternal: true,
        favicon: join(opts.root, 'site/favicon.svg'),
        // openapi-typescript writes @description and @constant; show them rather than warn.
        blockTags: [...OptionDefaults.blockTags, '@description'],
        modifierTags: [...OptionDefaults.modifierTags, '@constant'],
        validation: { notExported: false, invalidLink: true, rewrittenLink: true, notDocumented: false, unusedMergeModuleWith: true },
        treatValidationWarningsAsErrors: true,
        logLevel: LogLevel.Warn,
      },
      [new TSConfigReader()],
    );
    // Removed before TypeDoc groups the exports, so no list still names them.
    const missing = new Set(LEFT_OUT);
    app.converter.on(Converter.EVENT_RESOLVE_BEGIN, (context) => {
      for (const name of LEFT_OUT) {
        const r = context.project.getChildByName(name);
        if (r) {
          context.project.removeReflection(r);
          missing.delete(name);
        }
      }
    });
    const project = await app.convert();
    if (!project) throw new Error('TypeDoc could not convert src/index.ts');
    if (missing.size) throw new Error(`TypeDoc: expected exports named ${[...missing].join(', ')} to leave out`);
    app.validate(project);
    if (app.logger.hasErrors()) throw new Error('TypeDoc reported errors (above)');
    await app.generateDocs(project, opts.out);
    if (app.logger.hasErrors()) throw new Error('TypeDoc reported errors (above)');
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

import { defineConfig } from 'vitest/config';

// The functional project needs a running test bed (npm run test:functional
// starts one); it runs when asked for by name, so a bare `npx vitest run`
// on a fresh clone runs the unit tests and passes.
const functional = /(^|[\s=])functional(\s|$)/.test(process.argv.join(' ')) || process.env.MANILA_FUNCTIONAL === '1';
// The docs project needs a built site/ and Chromium (npm run test:docs); likewise by name only.
const docs = /(^|[\s=])docs(\s|$)/.test(process.argv.join(' ')) || process.env.MANILA_DOCS === '1';

export default defineConfig({
  test: {
    globalSetup: ['test/support/bundle-spec.ts'],
    projects: [
      {
        test: {
          name: 'unit',
          include: ['test/unit/**/*.test.ts'],
          setupFiles: ['test/unit/setup.ts'],
        },
      },
      {
        // Loopback servers that misbehave. Separate processes: some tests
        // collect garbage mid-call, one measures memory.
        test: {
          name: 'faults',
          include: ['test/faults/**/*.test.ts'],
          pool: 'forks',
          testTimeout: 60_000,
        },
      },
      ...(functional
        ? [
            {
              test: {
                name: 'functional',
                include: ['test/functional/**/*.test.ts'],
                setupFiles: ['test/functional/setup.ts'],
                testTimeout: 120_000,
                hookTimeout: 120_000,
              },
            },
          ]
        : []),
      ...(docs
        ? [
            {
              test: {
                name: 'docs',
                include: ['test/docs/**/*.test.ts'],
                testTimeout: 120_000,
                hookTimeout: 60_000,
              },
            },
          ]
        : []),
    ],
  },
});

import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts', 'test/**/*.test.tsx', 'emails/**/*.test.tsx'],
    globalSetup: ['test/helpers/global-setup.ts'],
    reporters: ['default', './test/helpers/exit-code-reporter.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // Each file gets its own database cloned from a migrated template.
    fileParallelism: true,
    maxWorkers: 2,
  },
  oxc: { jsx: { runtime: 'automatic', importSource: 'hono/jsx' } },
});

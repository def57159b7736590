import { defineConfig } from 'vitest/config';

// Workspace packages (core, and the server for contract tests) resolve to their `src/`
// through the `source` export condition, so no build is needed to run the tests.
const conditions = ['source', 'node', 'import', 'module', 'default'];

export default defineConfig({
  ssr: { resolve: { conditions } },
  resolve: { conditions },
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    typecheck: {
      enabled: true,
      include: ['src/**/*.test-d.ts'],
      tsconfig: './tsconfig.test.json',
    },
    // Contract tests boot a PGlite database per file; give them room on a 2-core machine.
    testTimeout: 30_000,
    hookTimeout: 120_000,
  },
});

import { defineConfig } from 'vitest/config';

// Workspace packages (core, and the server for contract tests) resolve to their `src/`
// through the `source` export condition, so no build is needed to run the tests. `import` is
// left out on purpose: it would also reach the CommonJS `require` calls of externalised
// packages and make the server's `pg` load `pg-pool`'s ESM build.
const conditions = ['@waygate/source', 'node', 'module'];

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

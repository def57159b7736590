import { defineConfig } from 'vitest/config';

// Workspace packages resolve to their `src/` through the `source` export condition. Only
// conditions Node does not apply on its own are listed: an explicit `import` here also reaches
// CommonJS `require` calls of externalised packages and made `pg` load `pg-pool`'s ESM build.
const conditions = ['@waygate/source', 'node', 'module'];

export default defineConfig({
  ssr: { resolve: { conditions } },
  resolve: { conditions },
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    // Prints the "PostgreSQL runs SKIPPED" notice once per run (not once per file).
    globalSetup: ['test/support/global-setup.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});

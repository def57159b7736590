import { defineConfig } from 'vitest/config';

// Workspace packages resolve to their `src/` through the `source` export condition.
const conditions = ['@waygate/source', 'node', 'import', 'module', 'default'];

export default defineConfig({
  ssr: { resolve: { conditions } },
  resolve: { conditions },
  test: { include: ['src/**/*.test.ts'] },
});

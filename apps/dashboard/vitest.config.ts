import { defineConfig } from 'vitest/config';

// The e2e suite imports the server from source (the `source` export condition) and drives a
// real Chromium: one file at a time, one worker, generous timeouts (2 shared cores).
const conditions = ['@waygate/source', 'node', 'import', 'module', 'default'];

export default defineConfig({
  ssr: { resolve: { conditions } },
  resolve: { conditions },
  test: {
    include: ['e2e/**/*.e2e.test.ts'],
    environment: 'node',
    fileParallelism: false,
    maxWorkers: 1,
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});

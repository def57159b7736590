import react from '@vitejs/plugin-react';
import { defineConfig } from 'vitest/config';

const conditions = ['@waygate/source', 'browser', 'import', 'module', 'default'];

// Rendering benchmarks in jsdom: figures are printed, never asserted.
export default defineConfig({
  plugins: [react()],
  resolve: { conditions },
  ssr: { resolve: { conditions: ['@waygate/source', 'node', 'import', 'module', 'default'] } },
  test: {
    environment: 'jsdom',
    include: ['bench/**/*.bench.tsx'],
    benchmark: { include: ['bench/**/*.bench.tsx'] },
  },
});

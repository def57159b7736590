import { defineConfig } from 'tsup';

export default defineConfig({
  entry: ['src/index.ts'],
  format: ['esm', 'cjs'],
  dts: true,
  clean: true,
  sourcemap: true,
  target: 'es2022',
  // The published bundle must run in browsers and edge runtimes: no Node built-ins.
  platform: 'neutral',
  external: ['@waygate/health-core', 'ky', 'zod'],
});

import { defineConfig, type Options } from 'tsup';

const shared: Options = {
  // Two entries over shared chunks, so an error thrown by one is `instanceof` the other's class.
  entry: ['src/index.ts', 'src/unvalidated.ts'],
  dts: true,
  sourcemap: true,
  target: 'es2022',
  splitting: true,
  // The published bundle must run in browsers and edge runtimes: no Node built-ins.
  platform: 'neutral',
};

export default defineConfig([
  { ...shared, format: 'esm', clean: true, external: ['@waygate/health-core', 'ky', 'zod'] },
  {
    ...shared,
    format: 'cjs',
    // ky ships ESM only; a CommonJS consumer on Node < 20.19 (no require(esm)) could not load
    // it, so the CJS build carries its own copy.
    external: ['@waygate/health-core', 'zod'],
    noExternal: ['ky'],
  },
]);

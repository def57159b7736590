import { defineConfig } from 'tsup';

export default defineConfig({
  // `probe-worker` is started as a worker thread by src/outbound/probe-pool.ts, which looks for it
  // next to itself in dist/ (dist/probe-worker.js).
  entry: {
    index: 'src/index.ts',
    cli: 'src/cli.ts',
    'probe-worker': 'src/outbound/probe-worker.ts',
  },
  format: ['esm'],
  dts: { entry: 'src/index.ts' },
  clean: true,
  sourcemap: true,
  target: 'node20',
});

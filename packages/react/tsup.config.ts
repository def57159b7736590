import { copyFile, readFile, writeFile } from 'node:fs/promises';
import { defineConfig } from 'tsup';

// Entries whose every export is a client reference for React Server Components. `query` is
// left out on purpose: its key factories and queryOptions are plain functions a Server
// Component calls to prefetch.
const CLIENT_ENTRIES = ['index', 'charts'];

export default defineConfig({
  entry: { index: 'src/index.ts', charts: 'src/charts.ts', query: 'src/query.ts' },
  format: ['esm', 'cjs'],
  dts: true,
  clean: true,
  sourcemap: true,
  target: 'es2022',
  // Shared chunks keep one React context across the entries (also for CJS).
  splitting: true,
  external: ['react', 'react-dom', '@tanstack/react-query', 'recharts'],
  async onSuccess() {
    await copyFile('src/styles.css', 'dist/styles.css');
    // Bundlers drop module-level directives, so the directive is written into the client
    // entries after the build, as their first statement (before CJS's "use strict"). Shared
    // chunks stay unmarked: a Server Component importing `./query` must not get a client
    // reference, and a client entry's imports are client code anyway.
    for (const entry of CLIENT_ENTRIES) {
      for (const extension of ['js', 'cjs']) {
        const file = `dist/${entry}.${extension}`;
        const code = await readFile(file, 'utf8');
        if (!code.startsWith("'use client';")) await writeFile(file, `'use client';\n${code}`);
      }
    }
  },
});

import { copyFile, readdir, readFile, writeFile } from 'node:fs/promises';
import { defineConfig } from 'tsup';

export default defineConfig({
  entry: { index: 'src/index.ts', charts: 'src/charts.ts' },
  format: ['esm', 'cjs'],
  dts: true,
  clean: true,
  sourcemap: true,
  target: 'es2022',
  // Shared chunks keep one React context across the two entries (also for CJS).
  splitting: true,
  external: ['react', 'react-dom', '@tanstack/react-query', '@radix-ui/react-tooltip', 'recharts'],
  // Bundlers drop module-level directives; React Server Components need it on every output file.
  banner: { js: "'use client';" },
  async onSuccess() {
    await copyFile('src/styles.css', 'dist/styles.css');
    // CJS output starts with "use strict" and helpers, which push the banner out of the directive
    // prologue; put the directive first so CJS consumers see it too.
    for (const file of await readdir('dist')) {
      if (!file.endsWith('.cjs')) continue;
      const code = await readFile(`dist/${file}`, 'utf8');
      if (code.startsWith("'use client';")) continue;
      await writeFile(`dist/${file}`, `'use client';${code}`);
    }
  },
});

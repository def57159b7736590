import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// Workspace packages are bundled from their `src/` (the `source` export condition), so the
// dashboard builds without building the libraries first and always matches them.
const conditions = ['source', 'module', 'browser', 'development|production'];

// `pnpm dev` talks to a server on this address through Vite's proxy (same origin, no CORS).
const apiTarget = process.env.WAYGATE_API_URL ?? 'http://127.0.0.1:3000';

export default defineConfig({
  plugins: [react()],
  resolve: { conditions },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: true,
  },
  server: {
    proxy: { '/api': { target: apiTarget, changeOrigin: true } },
  },
});

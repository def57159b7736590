import react from '@vitejs/plugin-react';
import { defineConfig, loadEnv, type Plugin } from 'vite';

// Workspace packages are bundled from their `src/` (the `source` export condition), so the
// dashboard builds without building the libraries first and always matches them.
const conditions = ['@waygate/source', 'module', 'browser', 'development|production'];

// `pnpm dev` talks to a server on this address through Vite's proxy (same origin, no CORS).
const apiTarget = process.env.WAYGATE_API_URL ?? 'http://127.0.0.1:3000';

/**
 * The built page carries its Content-Security-Policy as a `<meta>`, so a dashboard hosted anywhere
 * is covered. It matches the header the server sends with the dashboard (apps/server
 * `dashboardCsp`, checked by the e2e suite) minus `frame-ancestors`, which only works as a header.
 * A build with `VITE_WAYGATE_API_URL` adds that origin to `connect-src`; the server reads it from
 * here and adds it to its header too. Builds only: the dev server needs inline scripts for HMR.
 */
function contentSecurityPolicy(apiUrl: string | undefined): Plugin {
  const connect = ["'self'"];
  if (apiUrl) {
    let url: URL;
    try {
      url = new URL(apiUrl);
    } catch {
      throw new Error(`VITE_WAYGATE_API_URL must be an absolute http(s) URL, got "${apiUrl}"`);
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') {
      throw new Error(`VITE_WAYGATE_API_URL must be an http(s) URL, got "${apiUrl}"`);
    }
    connect.push(url.origin);
  }
  const policy = [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self'",
    "font-src 'self'",
    `connect-src ${connect.join(' ')}`,
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
  ].join('; ');
  const meta = `<meta http-equiv="Content-Security-Policy" content="${policy}" />`;
  return {
    name: 'waygate-content-security-policy',
    apply: 'build',
    // Right after `<meta charset>`: a CSP <meta> governs only what comes after it.
    transformIndexHtml: {
      order: 'pre',
      handler(html) {
        const charset = /<meta charset="[^"]*"\s*\/?>/i;
        if (!charset.test(html))
          throw new Error('index.html needs a <meta charset> first in <head>');
        return html.replace(charset, (tag) => `${tag}\n    ${meta}`);
      },
    },
  };
}

export default defineConfig(({ mode }) => {
  const env = loadEnv(mode, process.cwd(), 'VITE_');
  return {
    plugins: [react(), contentSecurityPolicy(env.VITE_WAYGATE_API_URL || undefined)],
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
  };
});

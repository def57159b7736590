import { existsSync, statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { extname, join, normalize, resolve, sep } from 'node:path';
import type { MiddlewareHandler } from 'hono';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.map': 'application/json',
  '.txt': 'text/plain; charset=utf-8',
};

/**
 * The Content-Security-Policy of everything `serveSpa` sends (the dashboard's HTML in particular):
 * scripts, styles, images and fonts from this origin only (no inline script or style, no eval),
 * API calls to this origin plus `connectOrigins`, no plugins, no `<base>`, never framed.
 */
export function dashboardCsp(connectOrigins: readonly string[] = []): string {
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self'",
    "font-src 'self'",
    `connect-src ${["'self'", ...connectOrigins].join(' ')}`,
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
}

const CSP_META = /<meta\s[^>]*http-equiv\s*=\s*["']?Content-Security-Policy["']?[^>]*>/i;

/**
 * The extra API origins a built page declares in its own CSP `<meta>` (the dashboard's build adds
 * the origin of `VITE_WAYGATE_API_URL` there): only plain http(s) origins are taken, so the page
 * can widen `connect-src` and nothing else.
 */
export function declaredConnectOrigins(html: string): string[] {
  const meta = CSP_META.exec(html)?.[0];
  const content = meta && /\scontent\s*=\s*(?:"([^"]*)"|'([^']*)')/i.exec(meta);
  const policy = (content ? (content[1] ?? content[2] ?? '') : '')
    .replace(/&(#39|#x27|apos);/gi, "'")
    .replace(/&(#34|#x22|quot);/gi, '"')
    .replace(/&amp;/gi, '&');
  const directive = policy
    .split(';')
    .map((part) => part.trim().split(/\s+/))
    .find(([name]) => name?.toLowerCase() === 'connect-src');
  const origins: string[] = [];
  for (const source of directive?.slice(1) ?? []) {
    if (!/^https?:\/\/[^\s'";,*]+$/i.test(source)) continue;
    try {
      const { origin } = new URL(source);
      if (origin !== 'null' && !origins.includes(origin)) origins.push(origin);
    } catch {
      // not a URL: ignored
    }
  }
  return origins;
}

/**
 * Serves a built single-page app from `dir` for GET/HEAD outside `/api`: existing files as they
 * are (hashed assets cached for a year), any other path gets `index.html` (client-side routing).
 */
export function serveSpa(dir: string): MiddlewareHandler {
  const root = resolve(dir);
  return async (c, next) => {
    if ((c.req.method !== 'GET' && c.req.method !== 'HEAD') || c.req.path.startsWith('/api/')) {
      return next();
    }
    let relative: string;
    try {
      relative = normalize(decodeURIComponent(c.req.path)).replace(/^([/\\])+/, '');
    } catch {
      return next();
    }
    const candidate = resolve(root, relative);
    // Refuse anything that escapes the directory (../ tricks).
    if (candidate !== root && !candidate.startsWith(root + sep)) return next();
    let file = candidate;
    if (!existsSync(file) || statSync(file).isDirectory()) {
      if (extname(relative)) return next(); // a missing asset is a real 404
      file = join(root, 'index.html');
      if (!existsSync(file)) return next();
    }
    const body = await readFile(file);
    const type = TYPES[extname(file)] ?? 'application/octet-stream';
    const immutable = relative.startsWith('assets/');
    const html = extname(file) === '.html';
    return c.body(body, 200, {
      'Content-Type': type,
      'Cache-Control': immutable ? 'public, max-age=31536000, immutable' : 'no-cache',
      // On every file (an SVG opened directly is a document too); HTML may add API origins.
      'Content-Security-Policy': dashboardCsp(
        html ? declaredConnectOrigins(body.toString('utf8')) : [],
      ),
    });
  };
}

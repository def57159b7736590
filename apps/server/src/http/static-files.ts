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
    return c.body(body, 200, {
      'Content-Type': type,
      'Cache-Control': immutable ? 'public, max-age=31536000, immutable' : 'no-cache',
    });
  };
}

import { chmodSync, existsSync, unlinkSync } from 'node:fs';
import { createServer, request, type Server } from 'node:http';
import { join, resolve } from 'node:path';
import type { Database } from './db/database';
import type { Logger } from './logger';
import { type CreatedTenant, createTenant } from './services/tenants';

export const ADMIN_SOCKET = 'admin.sock';
// sun_path is 108 bytes on Linux (104 on macOS).
const MAX_SOCKET_PATH = 100;

export function adminSocketPath(dataDir: string): string {
  return join(resolve(dataDir), ADMIN_SOCKET);
}

/**
 * A local admin channel for the embedded database: PGlite allows one process per data
 * directory, so while `serve` holds it, `tenant create` asks the server over a unix socket in the
 * data directory (owner-only permissions; nothing listens on the network).
 */
export async function startAdminChannel(
  dataDir: string,
  db: Database,
  logger: Logger,
): Promise<{ close(): Promise<void> } | null> {
  const path = adminSocketPath(dataDir);
  if (path.length > MAX_SOCKET_PATH) {
    logger.warn(
      { path },
      'data directory path too long for the admin socket; tenant create needs the server stopped',
    );
    return null;
  }
  // A socket left by a crashed server (we hold the data-dir lock, so it is not live).
  if (existsSync(path)) unlinkSync(path);
  const server: Server = createServer(async (req, res) => {
    const send = (status: number, body: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    if (req.method !== 'POST' || req.url !== '/tenants') return send(404, { error: 'not found' });
    let raw = '';
    for await (const chunk of req) {
      raw += chunk;
      if (raw.length > 4096) return send(413, { error: 'too large' });
    }
    try {
      const { name } = JSON.parse(raw || '{}') as { name?: unknown };
      if (typeof name !== 'string' || !name.trim() || name.length > 200) {
        return send(400, { error: 'name must be a non-empty string of at most 200 characters' });
      }
      const tenant = await createTenant(db, name.trim());
      logger.info({ tenantId: tenant.tenantId }, 'tenant created over the admin channel');
      return send(201, tenant);
    } catch {
      return send(500, { error: 'could not create the tenant' });
    }
  });
  await new Promise<void>((resolvePromise, reject) => {
    server.once('error', reject);
    server.listen(path, () => resolvePromise());
  });
  chmodSync(path, 0o600);
  return {
    close: () =>
      new Promise<void>((resolvePromise) => {
        server.close(() => resolvePromise());
        server.closeAllConnections();
      }),
  };
}

/** Client side: asks the running server to create a tenant. */
export function createTenantViaAdminChannel(dataDir: string, name: string): Promise<CreatedTenant> {
  return new Promise((resolvePromise, reject) => {
    const req = request(
      {
        socketPath: adminSocketPath(dataDir),
        path: '/tenants',
        method: 'POST',
        headers: { 'content-type': 'application/json' },
      },
      (res) => {
        let raw = '';
        res.setEncoding('utf8');
        res.on('data', (chunk) => {
          raw += chunk;
        });
        res.on('end', () => {
          try {
            const body = JSON.parse(raw) as CreatedTenant & { error?: string };
            if (res.statusCode === 201) resolvePromise(body);
            else reject(new Error(body.error ?? `admin channel answered ${res.statusCode}`));
          } catch {
            reject(new Error('unexpected answer from the admin channel'));
          }
        });
      },
    );
    req.on('error', (error) =>
      reject(new Error(`cannot reach the running server's admin channel: ${error.message}`)),
    );
    req.end(JSON.stringify({ name }));
  });
}

import { chmodSync, existsSync, unlinkSync } from 'node:fs';
import { createServer, request, type Server } from 'node:http';
import { join, resolve } from 'node:path';
import type { Database } from './db/database';
import type { Logger } from './logger';
import {
  type ApiKeyInfo,
  type CreatedApiKey,
  createApiKey,
  listApiKeys,
  type RevokedApiKey,
  revokeApiKey,
  UnknownIdError,
} from './services/api-keys';
import { type CreatedTenant, createTenant } from './services/tenants';

export const ADMIN_SOCKET = 'admin.sock';
// sun_path is 108 bytes on Linux (104 on macOS).
const MAX_SOCKET_PATH = 100;

export function adminSocketPath(dataDir: string): string {
  return join(resolve(dataDir), ADMIN_SOCKET);
}

/** The administrative operations of the CLI, on a database or through a running server. */
export interface AdminOperations {
  createTenant(name: string): Promise<CreatedTenant>;
  createApiKey(tenantId: string): Promise<CreatedApiKey>;
  listApiKeys(tenantId: string): Promise<ApiKeyInfo[]>;
  revokeApiKey(keyId: string): Promise<RevokedApiKey>;
}

export function databaseOperations(db: Database): AdminOperations {
  return {
    createTenant: (name) => createTenant(db, name),
    createApiKey: (tenantId) => createApiKey(db, tenantId),
    listApiKeys: (tenantId) => listApiKeys(db, tenantId),
    revokeApiKey: (keyId) => revokeApiKey(db, keyId),
  };
}

class BadRequest extends Error {}

function stringField(body: Record<string, unknown>, field: string, max = 200): string {
  const value = body[field];
  if (typeof value !== 'string' || !value.trim() || value.length > max) {
    throw new BadRequest(`${field} must be a non-empty string of at most ${max} characters`);
  }
  return value.trim();
}

/**
 * A local admin channel for the embedded database: PGlite allows one process per data
 * directory, so while `serve` holds it, `tenant create` and `key create | list | revoke` ask the
 * server over a unix socket in the data directory (owner-only permissions; nothing listens on
 * the network). A key revoked here is refused by the server's next request.
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
      'data directory path too long for the admin socket; tenant and key commands need the server stopped',
    );
    return null;
  }
  // A socket left by a crashed server (we hold the data-dir lock, so it is not live).
  if (existsSync(path)) unlinkSync(path);
  const ops = databaseOperations(db);
  const routes: Record<string, (body: Record<string, unknown>) => Promise<[number, unknown]>> = {
    'POST /tenants': async (body) => {
      const tenant = await ops.createTenant(stringField(body, 'name'));
      logger.info({ tenantId: tenant.tenantId }, 'tenant created over the admin channel');
      return [201, tenant];
    },
    'POST /keys': async (body) => {
      const key = await ops.createApiKey(stringField(body, 'tenantId'));
      logger.info({ keyId: key.keyId }, 'API key created over the admin channel');
      return [201, key];
    },
    'POST /keys/list': async (body) => [200, await ops.listApiKeys(stringField(body, 'tenantId'))],
    'POST /keys/revoke': async (body) => {
      const revoked = await ops.revokeApiKey(stringField(body, 'keyId'));
      logger.info({ keyId: revoked.keyId }, 'API key revoked over the admin channel');
      return [200, revoked];
    },
  };
  const server: Server = createServer(async (req, res) => {
    const send = (status: number, body: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    const route = routes[`${req.method} ${req.url}`];
    if (!route) return send(404, { error: 'not found' });
    let raw = '';
    for await (const chunk of req) {
      raw += chunk;
      if (raw.length > 4096) return send(413, { error: 'too large' });
    }
    try {
      const body = JSON.parse(raw || '{}') as unknown;
      if (typeof body !== 'object' || body === null) throw new BadRequest('expected an object');
      const [status, answer] = await route(body as Record<string, unknown>);
      return send(status, answer);
    } catch (error) {
      if (error instanceof UnknownIdError)
        return send(404, { error: error.message, unknown: true });
      if (error instanceof BadRequest || error instanceof SyntaxError) {
        return send(400, { error: error.message });
      }
      logger.error({ err: error }, 'admin channel request failed');
      return send(500, { error: 'the server could not do that' });
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

/** Client side: one request to the running server's admin channel. */
function adminRequest<T>(dataDir: string, path: string, body: unknown): Promise<T> {
  return new Promise((resolvePromise, reject) => {
    const req = request(
      {
        socketPath: adminSocketPath(dataDir),
        path,
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
          let answer: T & { error?: string; unknown?: boolean };
          try {
            answer = JSON.parse(raw);
          } catch {
            return reject(new Error('unexpected answer from the admin channel'));
          }
          const status = res.statusCode ?? 0;
          if (status >= 200 && status < 300) return resolvePromise(answer);
          if (answer.unknown) return reject(new UnknownIdError(String(answer.error)));
          if (status === 404 && answer.error === 'not found') {
            // A server from before this command existed.
            return reject(
              new Error('the running server does not support this command; restart it first'),
            );
          }
          reject(new Error(answer.error ?? `admin channel answered ${status}`));
        });
      },
    );
    req.on('error', (error) =>
      reject(new Error(`cannot reach the running server's admin channel: ${error.message}`)),
    );
    req.end(JSON.stringify(body));
  });
}

/** The admin operations, performed by the server that holds the embedded database. */
export function adminChannelOperations(dataDir: string): AdminOperations {
  return {
    createTenant: (name) => adminRequest(dataDir, '/tenants', { name }),
    createApiKey: (tenantId) => adminRequest(dataDir, '/keys', { tenantId }),
    listApiKeys: (tenantId) => adminRequest(dataDir, '/keys/list', { tenantId }),
    revokeApiKey: (keyId) => adminRequest(dataDir, '/keys/revoke', { keyId }),
  };
}

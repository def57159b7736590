import type { MiddlewareHandler } from 'hono';
import type { Database } from '../db/database';
import { AppError } from '../errors';
import { findTenantByApiKey } from '../services/tenants';
import type { AppEnv } from './app-env';

export function bearerToken(header: string | undefined): string | null {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header ?? '');
  return match?.[1] ?? null;
}

/** Tenant API key as `Authorization: Bearer …`; sets `tenantId` (uuid) for the routes. */
export function tenantAuth(db: Database): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const token = bearerToken(c.req.header('authorization'));
    const tenantId = token ? await findTenantByApiKey(db, token) : null;
    if (!tenantId) {
      throw new AppError(
        'UNAUTHORIZED',
        'Missing or invalid API key (Authorization: Bearer <key>)',
        undefined,
        {
          'WWW-Authenticate': 'Bearer',
        },
      );
    }
    c.set('tenantId', tenantId);
    await next();
  };
}

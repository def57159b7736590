import { createHash, timingSafeEqual } from 'node:crypto';
import { type Context, Hono } from 'hono';
import { MIN_CRON_SECRET_LENGTH } from '../config';
import { AppError } from '../errors';
import type { AppEnv } from '../http/app-env';
import { bearerToken } from '../http/auth';
import { AuthFailureThrottle, authFailureThrottle } from '../http/auth-throttle';
import type { RouteDeps } from './route-deps';

/** Constant-time comparison of two strings of any length (both are hashed to 32 bytes first). */
export function secretsEqual(given: string, expected: string): boolean {
  const a = createHash('sha256').update(given).digest();
  const b = createHash('sha256').update(expected).digest();
  return timingSafeEqual(a, b);
}

/**
 * `POST /internal/health-checks` (and GET, for Vercel Cron): the cron entry point. Disabled (503 ENDPOINT_DISABLED) while
 * CRON_SECRET is unset or shorter than 16 characters; a missing or wrong bearer is 401. The
 * sweep itself is injected (`runSweep`) by the scheduler.
 */
export function internalRoutes({ config, runSweep, logger }: RouteDeps) {
  const sweep = async (c: Context<AppEnv>) => {
    const secret = config.cronSecret;
    if (!secret || secret.length < MIN_CRON_SECRET_LENGTH) {
      throw new AppError(
        503,
        'ENDPOINT_DISABLED',
        `The cron endpoint is disabled: set CRON_SECRET (at least ${MIN_CRON_SECRET_LENGTH} characters)`,
      );
    }
    const token = bearerToken(c.req.header('authorization'));
    if (!token || !secretsEqual(token, secret)) {
      throw new AppError(401, 'UNAUTHORIZED', 'Missing or invalid cron secret', undefined, {
        'WWW-Authenticate': 'Bearer',
      });
    }
    if (!runSweep) {
      throw new AppError(
        503,
        'ENDPOINT_DISABLED',
        'No scheduler is configured in this server to run a sweep',
      );
    }
    const summary = await runSweep();
    logger.info({ summary }, 'cron sweep');
    return c.json({ success: true, data: summary });
  };
  // Failed authentication is throttled per client address for all of /api/v1: this router is
  // mounted there first (before the tenant-key middleware), so its `*` middleware wraps both the
  // cron secret check below and every tenant-key check after it. It only looks at the outcome
  // (401 → one failure), so a valid key or secret is never refused.
  const throttle = new AuthFailureThrottle({ limit: config.authFailureLimit, logger });
  // Vercel Cron calls its paths with GET (and the same Bearer CRON_SECRET); both run a sweep.
  return new Hono<AppEnv>()
    .use('*', authFailureThrottle(throttle, config.trustProxy ?? false))
    .post('/internal/health-checks', sweep)
    .get('/internal/health-checks', sweep);
}

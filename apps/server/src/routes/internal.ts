import { createHash, timingSafeEqual } from 'node:crypto';
import { createRoute } from '@hono/zod-openapi';
import { SweepSummary, successEnvelope } from '@waygate/health-core';
import { MIN_CRON_SECRET_LENGTH } from '../config';
import { AppError } from '../errors';
import type { AppEnv } from '../http/app-env';
import { bearerToken } from '../http/auth';
import { AuthFailureThrottle, authFailureThrottle } from '../http/auth-throttle';
import {
  apiRouter,
  errorResponses,
  jsonResponse,
  openApiRoute,
  SECURITY,
} from '../http/openapi-route';
import type { RouteDeps } from './route-deps';

/** Constant-time comparison of two strings of any length (both are hashed to 32 bytes first). */
export function secretsEqual(given: string, expected: string): boolean {
  const a = createHash('sha256').update(given).digest();
  const b = createHash('sha256').update(expected).digest();
  return timingSafeEqual(a, b);
}

const sweepRoute = {
  path: '/internal/health-checks',
  tags: ['Internal'],
  security: SECURITY.cronSecret,
  responses: {
    200: jsonResponse(successEnvelope(SweepSummary), 'What the sweep did'),
    ...errorResponses(401, 429, 503),
  },
};

const runSweepRoute = createRoute({
  ...sweepRoute,
  operationId: 'runSweep',
  method: 'post',
  summary: 'Cron: run one sweep (Bearer CRON_SECRET)',
});

// Vercel Cron calls its paths with GET (and the same Bearer CRON_SECRET); both run a sweep.
const runSweepByGetRoute = createRoute({
  ...sweepRoute,
  operationId: 'runSweepByGet',
  method: 'get',
  summary: 'Cron: run one sweep, for schedulers that only send GET (Vercel Cron)',
});

/**
 * `POST /internal/health-checks` (and GET, for Vercel Cron): the cron entry point. Disabled (503
 * ENDPOINT_DISABLED) while CRON_SECRET is unset or shorter than 16 characters; a missing or wrong
 * bearer is 401. The sweep itself is injected (`runSweep`) by the scheduler.
 */
export function internalRoutes({ config, runSweep, logger }: RouteDeps) {
  const sweep = async (authorization: string | undefined): Promise<SweepSummary> => {
    const secret = config.cronSecret;
    if (!secret || secret.length < MIN_CRON_SECRET_LENGTH) {
      throw new AppError(
        'ENDPOINT_DISABLED',
        `The cron endpoint is disabled: set CRON_SECRET (at least ${MIN_CRON_SECRET_LENGTH} characters)`,
      );
    }
    const token = bearerToken(authorization);
    if (!token || !secretsEqual(token, secret)) {
      throw new AppError('UNAUTHORIZED', 'Missing or invalid cron secret', undefined, {
        'WWW-Authenticate': 'Bearer',
      });
    }
    if (!runSweep) {
      throw new AppError(
        'ENDPOINT_DISABLED',
        'No scheduler is configured in this server to run a sweep',
      );
    }
    const summary = await runSweep();
    logger.info({ summary }, 'cron sweep');
    return summary;
  };
  // Failed authentication is throttled per client address for all of /api/v1: this router is
  // mounted there first (before the tenant-key middleware), so its `*` middleware wraps both the
  // cron secret check above and every tenant-key check after it. It only looks at the outcome
  // (401 → one failure), so a valid key or secret is never refused.
  const throttle = new AuthFailureThrottle({ limit: config.authFailureLimit, logger });
  const app = apiRouter<AppEnv>();
  app.use('*', authFailureThrottle(throttle, config.trustProxy ?? false));
  for (const route of [runSweepRoute, runSweepByGetRoute]) {
    openApiRoute(app, route, async (c) => {
      const data = await sweep(c.req.header('authorization'));
      return c.json({ success: true as const, data }, 200);
    });
  }
  return app;
}

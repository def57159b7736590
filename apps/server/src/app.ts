import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import type { OpenAPIHono } from '@hono/zod-openapi';
import type { SweepSummary } from '@waygate/health-core';
import { cors } from 'hono/cors';
import type { Config } from './config';
import type { CredentialCipher } from './crypto/credential-cipher';
import type { Database } from './db/database';
import type { AppEnv } from './http/app-env';
import { tenantAuth } from './http/auth';
import { createErrorHandler, notFoundHandler } from './http/error-handler';
import { apiRouter } from './http/openapi-route';
import { serveSpa } from './http/static-files';
import type { Logger } from './logger';
import { serveOpenApiDocument } from './openapi';
import type { ResolveAll } from './outbound/guarded-lookup';
import type { Prober } from './outbound/prober';
import { badgeTokenRoutes, publicBadgeRoutes } from './routes/badges';
import { connectionRoutes } from './routes/connections';
import { healthRoutes } from './routes/health';
import { integrationRoutes } from './routes/integrations';
import { internalRoutes } from './routes/internal';
import { maintenanceWindowRoutes } from './routes/maintenance-windows';
import { metricsRoutes } from './routes/metrics';
import { notificationChannelRoutes } from './routes/notification-channels';
import { reportRoutes } from './routes/reports';
import type { RouteDeps } from './routes/route-deps';
import { systemRoutes } from './routes/system';
import { webhookRoutes } from './routes/webhooks';

export interface AppDeps {
  db: Database;
  cipher: CredentialCipher;
  prober: Pick<Prober, 'probe'>;
  config: Config;
  logger: Logger;
  /** The clock for every timestamp the API writes or compares (tests pin it). */
  clock?: () => Date;
  /** One scheduled sweep, behind `POST /api/v1/internal/health-checks` (from the scheduler). */
  runSweep?: () => Promise<SweepSummary>;
  /** Test-only DNS for the webhook URL guard (a hostname that resolves to a private address). */
  webhookResolveAll?: ResolveAll;
  /** True once the process is shutting down: readiness answers 503 from then on. */
  isDraining?: () => boolean;
  /** A built single-page app served at `/` with fallback to its index.html. */
  staticDir?: string | null;
}

/**
 * Builds the HTTP app from its dependencies; no side effects (tests call `app.request`). Every
 * route is a `createRoute` object mounted with `openApiRoute` (http/openapi-route.ts), so
 * `/api/v1/openapi.json` is generated from this app's own route table.
 */
export function createApp(deps: AppDeps): OpenAPIHono<AppEnv> {
  const routeDeps: RouteDeps = {
    db: deps.db,
    cipher: deps.cipher,
    prober: deps.prober,
    config: deps.config,
    logger: deps.logger,
    now: deps.clock ?? (() => new Date()),
    runSweep: deps.runSweep,
  };
  const app = apiRouter();
  app.onError(createErrorHandler(deps.logger));
  // One access line per request: method, path (no query string, no headers), status, duration,
  // and a request id echoed as X-Request-Id so a client's error can be matched to this line.
  app.use('*', async (c, next) => {
    const started = performance.now();
    const given = c.req.header('x-request-id');
    const requestId = given && /^[\w.-]{1,64}$/.test(given) ? given : randomUUID();
    await next();
    c.res.headers.set('X-Request-Id', requestId);
    // On every response, errors and static files included (README "Security"); the dashboard's
    // files add a Content-Security-Policy (http/static-files.ts).
    c.res.headers.set('X-Content-Type-Options', 'nosniff');
    c.res.headers.set('Referrer-Policy', 'no-referrer');
    deps.logger.info(
      {
        requestId,
        method: c.req.method,
        path: c.req.path,
        status: c.res.status,
        ms: Math.round(performance.now() - started),
      },
      'request',
    );
  });
  app.notFound(notFoundHandler);

  app.route('/', systemRoutes({ db: deps.db, isDraining: deps.isDraining }));
  app.route('/', metricsRoutes({ token: deps.config.metricsToken }));
  app.route('/', publicBadgeRoutes(routeDeps));
  serveOpenApiDocument(app);

  // Browser apps on other origins (WAYGATE_CORS_ORIGINS): preflights are answered here, before
  // authentication (a preflight carries no key); no cookies are ever used, so no credentials.
  const corsOrigins = deps.config.corsOrigins ?? [];
  if (corsOrigins.length > 0) {
    app.use(
      '/api/v1/*',
      cors({
        origin: corsOrigins[0] === '*' ? '*' : corsOrigins,
        allowMethods: ['GET', 'POST', 'PATCH', 'DELETE'],
        allowHeaders: ['Authorization', 'Content-Type', 'X-Request-Id'],
        exposeHeaders: ['X-Request-Id', 'Retry-After'],
        maxAge: 600,
      }),
    );
  }

  // The cron route authenticates with CRON_SECRET, not with a tenant key: mount it first.
  app.route('/api/v1', internalRoutes(routeDeps));
  app.use('/api/v1/*', tenantAuth(deps.db));
  app.route('/api/v1', integrationRoutes(routeDeps));
  app.route('/api/v1', connectionRoutes(routeDeps));
  app.route('/api/v1', healthRoutes(routeDeps));
  app.route('/api/v1', webhookRoutes(routeDeps, { resolveAll: deps.webhookResolveAll }));
  app.route(
    '/api/v1',
    notificationChannelRoutes(routeDeps, { resolveAll: deps.webhookResolveAll }),
  );
  app.route('/api/v1', maintenanceWindowRoutes(routeDeps));
  app.route('/api/v1', badgeTokenRoutes(routeDeps));
  app.route('/api/v1', reportRoutes(routeDeps));

  if (deps.staticDir) app.use('*', serveSpa(deps.staticDir));
  return app;
}

import { createHash } from 'node:crypto';
import { createRoute } from '@hono/zod-openapi';
import { BadgeToken, BadgeUptimeQuery, ErrorEnvelope, successEnvelope } from '@waygate/health-core';
import type { Context } from 'hono';
import { z } from 'zod';
import { UNKNOWN_BADGE } from '../badges/badge-content';
import { statusBadge, uptimeBadge } from '../badges/badge-data';
import {
  type BadgeTarget,
  createBadgeToken,
  resolveBadgeToken,
  revokeBadgeToken,
} from '../badges/badge-tokens';
import { badgeUrls, publicOrigin } from '../badges/public-origin';
import { type BadgeContent, renderBadge } from '../badges/render-badge';
import type { AppEnv } from '../http/app-env';
import {
  apiRouter,
  errorResponses,
  jsonBody,
  jsonResponse,
  openApiRoute,
  SECURITY,
} from '../http/openapi-route';
import type { RouteDeps } from './route-deps';

const IdParam = z.object({ id: z.string() });
const TokenIdParam = z.object({ id: z.string(), tokenId: z.string() });
const NoBody = jsonBody(z.strictObject({}), { required: false });
const tags = ['Badges'];

function tokenRoutes(kind: BadgeTarget['kind']) {
  const Kind = kind === 'connection' ? 'Connection' : 'Integration';
  const base = kind === 'connection' ? '/connections' : '/integrations';
  return {
    create: createRoute({
      operationId: `create${Kind}BadgeToken`,
      method: 'post',
      path: `${base}/{id}/badge-tokens`,
      summary: `Create a public badge token for a${kind === 'integration' ? 'n' : ''} ${kind} (the token is shown once)`,
      tags,
      security: SECURITY.apiKey,
      request: { params: IdParam, body: NoBody },
      responses: {
        201: jsonResponse(successEnvelope(BadgeToken), 'Created'),
        ...errorResponses(400, 401, 404, 413, 415),
      },
    }),
    revoke: createRoute({
      operationId: `revoke${Kind}BadgeToken`,
      method: 'delete',
      path: `${base}/{id}/badge-tokens/{tokenId}`,
      summary: `Revoke a badge token of a${kind === 'integration' ? 'n' : ''} ${kind}: its badges answer "not found" from then on`,
      tags,
      security: SECURITY.apiKey,
      request: { params: TokenIdParam },
      responses: { 204: { description: 'Revoked' }, ...errorResponses(401, 404) },
    }),
  };
}

/** `POST /{connections|integrations}/:id/badge-tokens` and `DELETE …/badge-tokens/:tokenId`. */
export function badgeTokenRoutes(deps: RouteDeps) {
  const { db, now } = deps;
  const app = apiRouter();
  for (const kind of ['connection', 'integration'] as const) {
    const routes = tokenRoutes(kind);
    openApiRoute(app, routes.create, async (c) => {
      const created = await createBadgeToken(
        db,
        c.var.tenantId,
        kind,
        c.req.valid('param').id,
        now(),
      );
      const origin = publicOrigin(
        c.req.url,
        (n) => c.req.header(n),
        deps.config.trustProxy ?? false,
      );
      const data = { ...created, ...badgeUrls(origin, created.token) };
      return c.json({ success: true as const, data }, 201);
    });
    openApiRoute(app, routes.revoke, async (c) => {
      const { id, tokenId } = c.req.valid('param');
      await revokeBadgeToken(db, c.var.tenantId, kind, id, tokenId);
      return c.body(null, 204);
    });
  }
  return app;
}

const TokenParam = z.object({ token: z.string() });
const svgContent = { 'image/svg+xml': { schema: z.string() } };
const publicResponses = {
  200: {
    description: 'The badge (SVG); ETag, Cache-Control: public, max-age=60',
    content: svgContent,
  },
  304: { description: 'Not modified (If-None-Match matched the ETag)' },
  404: {
    description: 'The same "not found" badge for any unusable token (malformed, unknown, revoked)',
    content: svgContent,
  },
} as const;

const statusBadgeRoute = createRoute({
  operationId: 'getStatusBadge',
  method: 'get',
  path: '/badges/{token}/status.svg',
  summary: 'Status badge: the name and its current status, nothing else',
  tags,
  security: SECURITY.public,
  request: { params: TokenParam },
  responses: publicResponses,
});

const uptimeBadgeRoute = createRoute({
  operationId: 'getUptimeBadge',
  method: 'get',
  path: '/badges/{token}/uptime.svg',
  summary: 'Uptime badge over 24h, 7d or 30d (from the hourly rollups)',
  tags,
  security: SECURITY.public,
  request: { params: TokenParam, query: BadgeUptimeQuery },
  responses: {
    ...publicResponses,
    400: jsonResponse(ErrorEnvelope, 'window is not 24h, 7d or 30d (VALIDATION_ERROR)'),
  },
});

/** A badge caches briefly: it is a glance at a live status, and proxies such as camo honour it. */
const CACHE_CONTROL = 'public, max-age=60';
/** The SVG may be opened on its own: it gets no power to run or load anything. */
const SVG_CSP = "default-src 'none'; style-src 'unsafe-inline'";

function svgResponse(c: Context<AppEnv>, content: BadgeContent | null): Response {
  if (!content) {
    // One answer for every unusable token, so a badge URL tells nobody whether a token existed.
    return c.body(renderBadge(UNKNOWN_BADGE), 404, {
      'Content-Type': 'image/svg+xml; charset=utf-8',
      'Cache-Control': 'no-store',
      'Content-Security-Policy': SVG_CSP,
    });
  }
  const svg = renderBadge(content);
  const etag = `"${createHash('sha256').update(svg).digest('base64url').slice(0, 27)}"`;
  const headers = {
    ETag: etag,
    'Cache-Control': CACHE_CONTROL,
    'Content-Security-Policy': SVG_CSP,
  };
  const match = c.req.header('if-none-match');
  if (match?.split(',').some((tag) => tag.trim().replace(/^W\//, '') === etag)) {
    return c.body(null, 304, headers);
  }
  return c.body(svg, 200, { ...headers, 'Content-Type': 'image/svg+xml; charset=utf-8' });
}

/** `GET /badges/:token/status.svg` and `/badges/:token/uptime.svg?window=…`: public, no key. */
export function publicBadgeRoutes(deps: RouteDeps) {
  const { db, now } = deps;
  const app = apiRouter();
  openApiRoute(app, statusBadgeRoute, async (c) => {
    const resolved = await resolveBadgeToken(db, c.req.valid('param').token);
    return svgResponse(c, resolved && (await statusBadge(db, resolved, now()))) as never;
  });
  openApiRoute(app, uptimeBadgeRoute, async (c) => {
    const { window } = c.req.valid('query');
    const resolved = await resolveBadgeToken(db, c.req.valid('param').token);
    return svgResponse(c, resolved && (await uptimeBadge(db, resolved, window, now()))) as never;
  });
  return app;
}

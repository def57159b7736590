import { existsSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { serve } from '@hono/node-server';
import { createHealthClient, type HealthClient } from '@waygate/health-client';
import type { Action, Connection, Integration } from '@waygate/health-core';
import { createApp, createTestServer, type TestServer } from '@waygate/health-server';
import {
  type SandboxUpstream,
  startSandboxUpstream,
} from '../../../server/src/demo/sandbox-upstream';

export const DIST_DIR = fileURLToPath(new URL('../../dist', import.meta.url));

/** The seeded tenant: one connection per status, and one whose history mixes all three. */
export interface Seeded {
  integration: Integration;
  actions: { me: Action; slow: Action; tickets: Action; flaky: Action };
  healthy: Connection;
  degraded: Connection;
  unhealthy: Connection;
  flapping: Connection;
  neverChecked: Connection;
}

export interface TestStack {
  /** The dashboard and the API, same origin: `http://127.0.0.1:<port>`. */
  url: string;
  apiKey: string;
  /** The SDK as the tests' own hands on the API (arranging state, checking what the UI did). */
  client: HealthClient;
  seeded: Seeded;
  sandbox: SandboxUpstream;
  server: TestServer;
  stop: () => Promise<void>;
}

export interface BareStack {
  url: string;
  apiKey: string;
  /** Public tenant id (`ten_…`). */
  tenantId: string;
  sandbox: SandboxUpstream;
  server: TestServer;
  stop: () => Promise<void>;
}

/**
 * The real server on PGlite serving the built dashboard (what `waygate-health serve` does), a
 * loopback upstream and an empty tenant.
 */
export async function startTestStackBare(): Promise<BareStack> {
  if (!existsSync(`${DIST_DIR}/index.html`)) {
    throw new Error(
      `No built dashboard in ${DIST_DIR}: run \`pnpm --filter @waygate/health-dashboard build\``,
    );
  }
  // /slow must be over the 2 s degraded threshold; the check timeout stays above it.
  const sandbox = await startSandboxUpstream({ slowMs: 2_100, hangMs: 30_000 });
  const server = await createTestServer({
    config: { checkTimeoutMs: 5_000, manualCheckLimit: 30 },
  });
  const app = createApp({ ...server.deps, staticDir: DIST_DIR });
  const httpServer = await new Promise<ReturnType<typeof serve>>((resolve) => {
    const s = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(s));
  });
  const { port } = httpServer.address() as AddressInfo;
  const { apiKey, tenantId } = await server.createTenant('E2E tenant');
  return {
    url: `http://127.0.0.1:${port}`,
    apiKey,
    tenantId,
    sandbox,
    server,
    stop: async () => {
      await new Promise<void>((resolve) => httpServer.close(() => resolve()));
      await server.close();
      await sandbox.stop();
    },
  };
}

/** The bare stack plus a tenant seeded through the public API with one connection per status. */
export async function startTestStack(): Promise<TestStack> {
  const bare = await startTestStackBare();
  const client = createHealthClient({ baseUrl: bare.url, apiKey: bare.apiKey, retry: 0 });
  const seeded = await seed(client, bare.sandbox.url);
  return {
    url: bare.url,
    apiKey: bare.apiKey,
    client,
    seeded,
    sandbox: bare.sandbox,
    server: bare.server,
    stop: bare.stop,
  };
}

async function seed(client: HealthClient, sandboxUrl: string): Promise<Seeded> {
  const integration = await client.integrations.create({
    name: 'Acme CRM',
    baseUrl: `${sandboxUrl}/acme`,
    authType: 'bearer',
  });
  const action = (name: string, path: string, tags: string[] = []) =>
    client.actions.create(integration.id, { name, method: 'GET', path, tags });
  const actions = {
    me: await action('Get current user', '/me', ['health-check']),
    slow: await action('Export report', '/slow'),
    tickets: await action('List tickets', '/tickets'),
    flaky: await action('Search contacts', '/flaky'),
  };
  const connection = (name: string, testAction?: Action) =>
    client.connections.create({
      integrationId: integration.id,
      name,
      credentials: { type: 'bearer', token: `token-${name}` },
      ...(testAction ? { healthCheckTestActionId: testAction.id } : {}),
    });
  const healthy = await connection('Production');
  const degraded = await connection('Reporting', actions.slow);
  const unhealthy = await connection('Helpdesk', actions.tickets);
  const flapping = await connection('EU region', actions.flaky);
  const neverChecked = await connection('Sandbox');

  await Promise.all([
    client.healthChecks.trigger(healthy.id),
    client.healthChecks.trigger(degraded.id),
    client.healthChecks.trigger(unhealthy.id),
  ]);
  // Success, failure, success, failure: a history with healthy, unhealthy and degraded checks.
  for (let i = 0; i < 4; i += 1) await client.healthChecks.trigger(flapping.id);

  return { integration, actions, healthy, degraded, unhealthy, flapping, neverChecked };
}

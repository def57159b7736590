import { detectFlapping, type HealthCheck } from '@waygate/health-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestServer, type TestServer } from '../testing/test-server';
import { createDemoApi } from './demo-api';
import { type SandboxUpstream, startSandboxUpstream } from './sandbox-upstream';
import { type DemoHandle, startDemo } from './start-demo';

// Short delays keep the suite quick; the ratios are the demo's: slow > 2 s, hang > timeout.
const SLOW_MS = 2_100;
// A wide margin between slow and the timeout: a loaded CI machine adds latency.
const TIMEOUT_MS = 6_000;

// Every server test runs on PGlite and, when DATABASE_URL is set, on that PostgreSQL too.
const databases: ('pglite' | 'postgres')[] = process.env.DATABASE_URL
  ? ['pglite', 'postgres']
  : ['pglite'];

describe.each(databases)('startDemo on %s', (database) => {
  let server: TestServer;
  let sandbox: SandboxUpstream;
  let demo: DemoHandle;
  let apiKey: string;

  beforeAll(async () => {
    sandbox = await startSandboxUpstream({ slowMs: SLOW_MS, hangMs: 20_000 });
    server = await createTestServer({
      database,
      config: { checkTimeoutMs: TIMEOUT_MS, manualCheckLimit: 20 },
    });
    await server.listen();
    ({ apiKey } = await server.createTenant('Demo'));
    demo = await startDemo({ apiUrl: server.baseUrl, apiKey, sandbox });
  }, 60_000);

  afterAll(async () => {
    await demo?.stop();
    await server?.close();
    await sandbox?.stop();
  });

  const check = (connectionId: string) =>
    createDemoApi({ apiUrl: server.baseUrl, apiKey }).post<HealthCheck>(
      `/connections/${connectionId}/health-checks`,
      undefined,
    );

  const byScenario = (scenario: string) => {
    const connection = demo.seeded.connections.find((c) => c.scenario === scenario);
    if (!connection) throw new Error(`no ${scenario} connection`);
    return connection;
  };

  it('seeds three integrations and one connection per scenario', () => {
    expect(demo.seeded.reused).toBe(false);
    expect(demo.seeded.integrations.map((i) => i.name)).toEqual([
      'Acme CRM',
      'Globex Billing',
      'Initech Helpdesk',
    ]);
    expect(demo.seeded.connections.map((c) => c.scenario).sort()).toEqual(
      [
        'credential_expired',
        'credential_expiring',
        'failing',
        'flapping',
        'healthy',
        'slow',
        'timing_out',
      ].sort(),
    );
    // Every demo integration is checked every minute, so states move while someone watches.
    for (const integration of demo.seeded.integrations) {
      expect(integration.healthCheckConfig).toMatchObject({ enabled: true, intervalMinutes: 1 });
    }
  });

  it('gives each scenario the health status it is there to show', async () => {
    const results = await Promise.all(
      ['healthy', 'slow', 'credential_expiring', 'credential_expired', 'failing', 'timing_out'].map(
        async (scenario) => [scenario, await check(byScenario(scenario).id)] as const,
      ),
    );
    const got = Object.fromEntries(results);
    expect(got.healthy).toMatchObject({ status: 'healthy', testActionSuccess: true });
    expect(got.slow).toMatchObject({ status: 'degraded', testActionSuccess: true });
    expect(got.slow!.testActionLatencyMs).toBeGreaterThan(2000);
    expect(got.credential_expiring).toMatchObject({
      status: 'degraded',
      credentialStatus: 'expiring',
    });
    // Expired credentials: recorded without calling the upstream at all.
    expect(got.credential_expired).toMatchObject({
      status: 'unhealthy',
      credentialStatus: 'expired',
    });
    expect(got.credential_expired!.testActionSuccess).toBeUndefined();
    expect(got.failing).toMatchObject({ status: 'unhealthy', testActionStatusCode: 500 });
    expect(got.timing_out).toMatchObject({ status: 'unhealthy' });
    expect((got.timing_out!.testActionError ?? got.timing_out!.error)?.code).toBe('TIMEOUT');
  });

  it('flaps: the status changes on every check, and core calls it flapping after six', async () => {
    const flapping = byScenario('flapping').id;
    const statuses: string[] = [];
    for (let i = 0; i < 6; i += 1) statuses.push((await check(flapping)).status);
    // Fast, then slow (> 2 s): healthy and degraded in turn. Nothing fails, so core's
    // "3 failures in the last hour" rule never pins it unhealthy and it keeps flapping.
    expect(statuses).toEqual(['healthy', 'degraded', 'healthy', 'degraded', 'healthy', 'degraded']);
    // The history the dashboard's timeline reads, judged by the rule its "Flapping" label uses.
    const history = await createDemoApi({ apiUrl: server.baseUrl, apiKey }).page<HealthCheck>(
      `/connections/${flapping}/health-checks?limit=100`,
    );
    expect(detectFlapping(history.data)).toMatchObject({
      flapping: true,
      checks: 6,
      stateChanges: 5,
    });
    // A steady connection is not flapping, failing or not.
    const failing = await createDemoApi({ apiUrl: server.baseUrl, apiKey }).page<HealthCheck>(
      `/connections/${byScenario('failing').id}/health-checks?limit=100`,
    );
    expect(detectFlapping(failing.data).flapping).toBe(false);
  });

  it('is idempotent: a restart on the same tenant updates instead of duplicating', async () => {
    const again = await startDemo({ apiUrl: server.baseUrl, apiKey, sandbox });
    try {
      expect(again.seeded.reused).toBe(true);
      expect(again.seeded.connections.map((c) => c.id).sort()).toEqual(
        demo.seeded.connections.map((c) => c.id).sort(),
      );
      const page = await createDemoApi({ apiUrl: server.baseUrl, apiKey }).page(
        '/connections?limit=100',
      );
      expect(page.data).toHaveLength(7);
    } finally {
      await again.stop();
    }
  });
});

import {
  analyzeFailurePatterns,
  type Connection,
  detectFlapping,
  type HealthCheck,
  type HealthEvent,
} from '@waygate/health-core';
import { expect, it } from 'vitest';
import { backfillDemoHistory } from '../src/demo/backfill-history';
import { createDemoApi, type DemoPage } from '../src/demo/demo-api';
import { seedDemoTenant } from '../src/demo/demo-tenant';
import { describeEachDatabase } from './support/databases';

const NOW = new Date();
const HOUR = 3_600_000;

describeEachDatabase('serve --demo: a week of backfilled history', ({ server }) => {
  // 2,352 rows through recordChecks (336 statements): ~15 s alone on PGlite, more on a loaded machine.
  it('fills every demo connection with 7 days of checks; the flapping one flaps, incidents show', {
    timeout: 120_000,
  }, async () => {
    const url = await server().listen();
    const { apiKey } = await server().createTenant('Demo');
    // No sandbox needed: nothing is checked live here (the test server runs no scheduler).
    const seeded = await seedDemoTenant({ apiUrl: url, apiKey, sandboxUrl: 'http://127.0.0.1:9' });
    const result = await backfillDemoHistory(server().db, {
      connections: seeded.connections,
      now: NOW,
    });
    // 7 days every 30 minutes = 336 checks for each of the 7 connections: a few thousand rows.
    expect(result.checks).toBe(7 * 336);
    expect(result.events).toBeGreaterThan(7);

    // In-process requests: the backfill can idle the loopback socket past its keep-alive.
    const inProcess = ((input: string, init?: RequestInit) =>
      server().app.request(input, init)) as unknown as typeof fetch;
    const api = createDemoApi({ apiUrl: url, apiKey, fetch: inProcess });
    const history = async (scenario: string) => {
      const connection = seeded.connections.find((c) => c.scenario === scenario)!;
      const checks: HealthCheck[] = [];
      let cursor: string | null = null;
      do {
        const page: DemoPage<HealthCheck> = await api.page<HealthCheck>(
          `/connections/${connection.id}/health-checks?limit=100${cursor ? `&cursor=${cursor}` : ''}`,
        );
        checks.push(...page.data);
        cursor = page.pagination.hasMore ? page.pagination.cursor : null;
      } while (cursor);
      return { connection, checks };
    };

    // Served by the public API like live checks: a week back, newest one interval ago.
    const healthy = await history('healthy');
    expect(healthy.checks).toHaveLength(336);
    const times = healthy.checks.map((c) => Date.parse(c.createdAt));
    expect(Math.max(...times)).toBe(NOW.getTime() - HOUR / 2);
    expect(Math.min(...times)).toBe(NOW.getTime() - 7 * 24 * HOUR);
    // Mostly healthy with a short mid-week incident, and a latency series with some spread.
    const healthyPatterns = analyzeFailurePatterns(healthy.checks);
    expect(healthyPatterns.failuresByErrorCode).toEqual({ HTTP_5XX: 2 });
    expect(new Set(healthy.checks.map((c) => c.latencyMs)).size).toBeGreaterThan(20);

    // The flapping connection changes state on every check of its last two days.
    const flapping = await history('flapping');
    const lastTwoDays = analyzeFailurePatterns(flapping.checks, {
      now: NOW,
      windowMs: 48 * HOUR,
    });
    expect(lastTwoDays.flappingScore).toBe(1);
    // Healthy and degraded in turn (never a failure), so the first screen's "Flapping" label
    // is there before any live check, by the rule the label uses.
    expect(new Set(flapping.checks.slice(0, 96).map((c) => c.status))).toEqual(
      new Set(['healthy', 'degraded']),
    );
    expect(detectFlapping(flapping.checks)).toMatchObject({ flapping: true, checks: 12 });
    expect(analyzeFailurePatterns(flapping.checks).flappingScore).toBeLessThan(0.5);

    // Expired a day ago: healthy before, no outbound call after, as the seeded credential says.
    const expired = await history('credential_expired');
    const newest = expired.checks[0]!;
    expect(newest).toMatchObject({
      status: 'unhealthy',
      credentialStatus: 'expired',
      error: { code: 'CREDENTIALS_EXPIRED' },
    });
    expect(newest.testActionId).toBeUndefined();
    expect(expired.checks.at(-1)).toMatchObject({ status: 'healthy', testActionSuccess: true });

    // Status follows core's rule: the slow connection is degraded when over 2 s, never unhealthy.
    const slow = await history('slow');
    for (const check of slow.checks) {
      expect(check.status).toBe(check.testActionLatencyMs! > 2000 ? 'degraded' : 'healthy');
    }

    // The connection rows carry the newest backfilled state, and the changes are events.
    const failing = await api.get<Connection>(
      `/connections/${seeded.connections.find((c) => c.scenario === 'failing')!.id}`,
    );
    expect(failing).toMatchObject({ healthStatus: 'unhealthy' });
    expect(Date.parse(failing.lastHealthCheckAt!)).toBe(NOW.getTime() - HOUR / 2);
    const events = await api.page<HealthEvent>(
      `/health-events?connectionId=${flapping.connection.id}&limit=100`,
    );
    expect(events.data.length).toBeGreaterThanOrEqual(90);
  });
});

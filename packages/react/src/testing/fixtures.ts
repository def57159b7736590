import type {
  CheckError,
  ConnectionDetail,
  HealthCheck,
  HealthCheckStatus,
  HealthEvent,
  HealthSummary,
  HealthSummaryConnection,
  LatencySeries,
  Uptime,
} from '@waygate/health-core';

// Deterministic sample data for stories, tests and the benchmark (never shipped in dist).

/** Small seeded PRNG so every run draws the same "random" history. */
function mulberry32(seed: number) {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const ERRORS: CheckError[] = [
  { code: 'HTTP_5XX', message: 'GET /users/me answered 503 Service Unavailable', statusCode: 503 },
  { code: 'TIMEOUT', message: 'No response within 10000 ms' },
  { code: 'UNAUTHORIZED', message: 'GET /users/me answered 401 Unauthorized', statusCode: 401 },
];

export interface CheckHistoryOptions {
  count: number;
  now?: number;
  intervalMinutes?: number;
  connectionId?: string;
  seed?: number;
  /** Share of unhealthy / degraded checks. */
  unhealthyRate?: number;
  degradedRate?: number;
}

/** Newest first, like the API: `count` checks every `intervalMinutes` back from `now`. */
export function makeCheckHistory({
  count,
  now = Date.now(),
  intervalMinutes = 15,
  connectionId = 'conn_prodslack',
  seed = 7,
  unhealthyRate = 0.04,
  degradedRate = 0.08,
}: CheckHistoryOptions): HealthCheck[] {
  const random = mulberry32(seed);
  const checks: HealthCheck[] = [];
  for (let i = 0; i < count; i++) {
    const roll = random();
    const status: HealthCheckStatus =
      roll < unhealthyRate
        ? 'unhealthy'
        : roll < unhealthyRate + degradedRate
          ? 'degraded'
          : 'healthy';
    checks.push(
      makeCheck(status, {
        id: `hc_${seed}x${i}`,
        connectionId,
        createdAt: new Date(now - i * intervalMinutes * 60_000).toISOString(),
        latencyMs:
          status === 'degraded'
            ? 2100 + Math.round(random() * 900)
            : 80 + Math.round(random() * 220),
        checkType: i % 40 === 3 ? 'manual' : 'scheduled',
        errorIndex: Math.floor(random() * ERRORS.length),
      }),
    );
  }
  return checks;
}

/**
 * Newest first: `count` checks of which the newest `flapping` alternate healthy and `other`
 * (degraded by default) and the rest are healthy: a connection that started flapping lately.
 */
export function makeFlappingHistory({
  count = 48,
  flapping = 12,
  other = 'degraded',
  now = Date.now(),
  intervalMinutes = 15,
}: {
  count?: number;
  flapping?: number;
  other?: HealthCheckStatus;
  now?: number;
  intervalMinutes?: number;
} = {}): HealthCheck[] {
  return Array.from({ length: count }, (_, i) => {
    const status: HealthCheckStatus = i < flapping && i % 2 === 1 ? other : 'healthy';
    return makeCheck(status, {
      id: `hc_flap${i}`,
      createdAt: new Date(now - i * intervalMinutes * 60_000).toISOString(),
    });
  });
}

export function makeCheck(
  status: HealthCheckStatus,
  overrides: Partial<HealthCheck> & { errorIndex?: number } = {},
): HealthCheck {
  const { errorIndex = 0, ...rest } = overrides;
  const latencyMs = rest.latencyMs ?? (status === 'degraded' ? 2400 : 145);
  const base: HealthCheck = {
    id: 'hc_sample1',
    connectionId: 'conn_prodslack',
    tenantId: 'ten_demo',
    status,
    checkType: 'scheduled',
    credentialStatus: 'active',
    testActionId: 'act_usersme',
    testActionSuccess: status !== 'unhealthy',
    testActionLatencyMs: Math.max(0, latencyMs - 11),
    testActionStatusCode: 200,
    circuitBreakerStatus: 'closed',
    latencyMs,
    createdAt: new Date().toISOString(),
  };
  if (status === 'unhealthy') {
    const error = ERRORS[errorIndex % ERRORS.length]!;
    base.testActionStatusCode = error.statusCode;
    base.error = error;
    if (base.testActionStatusCode === undefined) delete base.testActionStatusCode;
  }
  return { ...base, ...rest };
}

export function makeConnectionDetail(
  status: HealthCheckStatus | 'never',
  overrides: Partial<ConnectionDetail> = {},
  now = Date.now(),
): ConnectionDetail {
  const checked = status !== 'never';
  const health: HealthCheckStatus = checked ? status : 'healthy';
  const reasons: ConnectionDetail['healthReasons'] =
    status === 'degraded'
      ? ['credential_expiring', 'latency_high']
      : status === 'unhealthy'
        ? ['test_action_failed', 'recent_failures_exceeded']
        : [];
  const lastCheckAt = new Date(now - 4 * 60_000).toISOString();
  return {
    id: 'conn_prodslack',
    integrationId: 'int_slack',
    integrationName: 'Slack',
    name: 'Production Slack',
    status: 'active',
    credentialType: 'oauth2',
    credentialStatus: status === 'degraded' ? 'expiring' : 'active',
    ...(status === 'degraded'
      ? { credentialExpiresAt: new Date(now + 40 * 60_000).toISOString() }
      : {}),
    healthStatus: health,
    healthReasons: reasons,
    ...(checked ? { lastHealthCheckAt: lastCheckAt, lastHealthCheckId: 'hc_7x0' } : {}),
    circuitBreakerStatus: status === 'unhealthy' ? 'half_open' : 'closed',
    consecutiveFailures: status === 'unhealthy' ? 3 : 0,
    createdAt: '2026-01-01T09:00:00Z',
    updatedAt: lastCheckAt,
    healthSummary: {
      status: health,
      reasons,
      uptimeLast24h: checked ? (status === 'unhealthy' ? 87.5 : 99.31) : null,
      uptimeLast7d: checked ? (status === 'unhealthy' ? 95.24 : 99.85) : null,
      testAction: {
        id: 'act_usersme',
        name: 'Get current user',
        method: 'GET',
        path: '/users/me',
        rule: 'health_check_tag',
      },
    },
    lastHealthCheck: checked ? makeCheck(health, { createdAt: lastCheckAt }) : null,
    ...overrides,
  };
}

const NAMES = ['Slack', 'GitHub', 'Stripe', 'Salesforce', 'HubSpot', 'Jira', 'Zendesk', 'Notion'];

/**
 * A tenant summary of `connectionCount` connections, the last `neverChecked` of them never
 * checked (no check time; counted in `neverChecked`, in no status); `inMaintenance` of them
 * inside a maintenance window now (a count beside the statuses, like the API's).
 */
export function makeSummary(
  connectionCount = 15,
  now = Date.now(),
  neverChecked = 0,
  inMaintenance = 0,
): HealthSummary {
  const connections: HealthSummaryConnection[] = [];
  const checkedCount = Math.max(0, connectionCount - neverChecked);
  for (let i = 0; i < connectionCount; i++) {
    const checked = i < checkedCount;
    const status: HealthCheckStatus = !checked
      ? 'healthy'
      : i % 9 === 1
        ? 'unhealthy'
        : i % 6 === 2
          ? 'degraded'
          : 'healthy';
    const integrationName = NAMES[i % NAMES.length]!;
    connections.push({
      id: `conn_c${i}`,
      name: `${i % 2 ? 'Staging' : 'Production'} ${integrationName} ${Math.floor(i / NAMES.length) + 1}`,
      integrationName,
      healthStatus: status,
      lastCheckAt: checked ? new Date(now - (i + 1) * 60_000).toISOString() : null,
      ...(status === 'unhealthy' ? { error: 'Credentials expired' } : {}),
      ...(status === 'degraded' ? { error: 'Test action is slow' } : {}),
    });
  }
  const count = (status: HealthCheckStatus) =>
    connections.filter((c) => c.lastCheckAt && c.healthStatus === status).length;
  const severity = { unhealthy: 0, degraded: 1, healthy: 2 };
  // Like the API: worst first, never-checked connections last (a stable sort keeps them there).
  connections.sort((a, b) => severity[a.healthStatus] - severity[b.healthStatus]);
  return {
    totalConnections: connectionCount,
    healthy: count('healthy'),
    degraded: count('degraded'),
    unhealthy: count('unhealthy'),
    neverChecked: connectionCount - checkedCount,
    lastCheckAt: checkedCount ? new Date(now - 60_000).toISOString() : null,
    uptimeLast24h: checkedCount ? 98.5 : null,
    ...(inMaintenance > 0 ? { inMaintenance } : {}),
    connections,
  };
}

export function makeEvents(now = Date.now()): HealthEvent[] {
  return [
    {
      id: 'evt_3',
      connectionId: 'conn_c1',
      connectionName: 'Staging GitHub 1',
      healthCheckId: 'hc_a3',
      fromStatus: 'healthy',
      toStatus: 'unhealthy',
      reasons: ['credential_expired'],
      createdAt: new Date(now - 12 * 60_000).toISOString(),
    },
    {
      id: 'evt_2',
      connectionId: 'conn_c2',
      connectionName: 'Production Stripe 1',
      fromStatus: 'healthy',
      toStatus: 'degraded',
      reasons: ['latency_high'],
      createdAt: new Date(now - 3 * 3600_000).toISOString(),
    },
    {
      id: 'evt_1',
      connectionId: 'conn_c0',
      connectionName: 'Production Slack 1',
      fromStatus: null,
      toStatus: 'healthy',
      reasons: [],
      createdAt: new Date(now - 26 * 3600_000).toISOString(),
    },
  ];
}

export function makeUptime(
  window: Uptime['window'],
  healthy: number,
  degraded: number,
  unhealthy: number,
): Uptime {
  const total = healthy + degraded + unhealthy;
  const hours = window === '24h' ? 24 : window === '7d' ? 168 : 720;
  const to = new Date();
  return {
    connectionId: 'conn_prodslack',
    window,
    from: new Date(to.getTime() - hours * 3600_000).toISOString(),
    to: to.toISOString(),
    uptimePercent: total ? Math.round(((healthy + degraded) / total) * 10_000) / 100 : null,
    totalChecks: total,
    healthy,
    degraded,
    unhealthy,
  };
}

export function makeLatencySeries(hours = 24, now = Date.now(), seed = 3): LatencySeries {
  const random = mulberry32(seed);
  const start = Math.floor(now / 3600_000) * 3600_000;
  return {
    connectionId: 'conn_prodslack',
    bucket: 'hour',
    window: '24h',
    points: Array.from({ length: hours }, (_, i) => {
      const p50 = 120 + Math.round(random() * 60) + (i > 15 && i < 19 ? 400 : 0);
      return {
        bucketStart: new Date(start - (hours - 1 - i) * 3600_000).toISOString(),
        count: 4,
        min: p50 - 40,
        max: p50 * 3,
        mean: p50 + 30,
        p50,
        p95: p50 * 2 + Math.round(random() * 200),
      };
    }),
  };
}

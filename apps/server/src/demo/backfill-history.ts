import {
  type CheckError,
  type CredentialStatus,
  determineHealthStatus,
  type HealthCheck,
} from '@waygate/health-core';
import type { Database } from '../db/database';
import { ensureHealthCheckPartitions } from '../db/partitions';
import { fromPublicId, newUuid, toPublicId } from '../ids';
import { type RecordableCheck, recordChecks } from '../runner/record-checks';
import type { DemoScenario } from './demo-tenant';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

export interface BackfillOptions {
  /** The seeded demo connections (public ids) and what each one shows. */
  connections: readonly { id: string; scenario: DemoScenario }[];
  /** The newest backfilled check is one interval before this. */
  now?: Date;
  /** How far back the history reaches; default 7 days. */
  days?: number;
  /** Spacing of the backfilled checks; default 30 minutes (336 checks per connection a week). */
  intervalMinutes?: number;
  /** What a hanging upstream costs a check (the server's check timeout). */
  checkTimeoutMs?: number;
}

export interface BackfillResult {
  /** health_checks rows written. */
  checks: number;
  /** Status changes recorded on the way (health_events rows). */
  events: number;
}

/** What one past check of a scenario did: the inputs a real check would have measured. */
interface PastCheck {
  credentialStatus: CredentialStatus;
  credentialExpiresAt?: string;
  /** Absent: no outbound call was made (credential problem). */
  call?: { latencyMs: number; statusCode?: number; error?: CheckError };
}

/**
 * A week of history for the demo connections, so the first screen looks like real use: uptime
 * bars, latency charts and timelines already filled, a few incidents, the flapping connection
 * flapping. Written through `recordChecks` (the runner's own write path: check rows, connection
 * state, status-change events, roll-up queue), oldest first, one statement per time step with
 * one check per connection. Each check's status and reasons come from core's
 * `determineHealthStatus`, as a live check's do.
 */
export async function backfillDemoHistory(
  db: Database,
  options: BackfillOptions,
): Promise<BackfillResult> {
  const now = options.now ?? new Date();
  const days = options.days ?? 7;
  const interval = (options.intervalMinutes ?? 30) * MINUTE;
  const timeoutMs = options.checkTimeoutMs ?? 10_000;
  const steps = Math.floor((days * DAY) / interval);
  if (steps <= 0 || options.connections.length === 0) return { checks: 0, events: 0 };
  // Daily partitions for the whole week (the server creates only yesterday to the day after
  // tomorrow at start); rows outside every partition would land in the default one.
  await ensureHealthCheckPartitions(db, now, { daysBack: days + 1 });

  const uuids = options.connections.map((c) => fromPublicId('connection', c.id));
  if (uuids.some((uuid) => uuid === null)) throw new Error('backfill: not a connection id');
  // The test action each check used: the connection's own, else its integration's tagged one.
  const { rows } = await db.query<{ id: string; tenant_id: string; action_id: string | null }>(
    `SELECT c.id, c.tenant_id,
            COALESCE(c.health_check_test_action_id,
              (SELECT a.id FROM actions a
                WHERE a.integration_id = c.integration_id AND 'health-check' = ANY (a.tags)
                ORDER BY a.created_at, a.id LIMIT 1)) AS action_id
       FROM connections c WHERE c.id = ANY ($1::uuid[])`,
    [uuids],
  );
  const byId = new Map(rows.map((row) => [row.id, row]));
  const targets = options.connections.flatMap((connection, index) => {
    const row = byId.get(uuids[index]!);
    return row ? [{ ...row, scenario: connection.scenario }] : [];
  });

  let checks = 0;
  let events = 0;
  for (let step = steps; step >= 1; step--) {
    const at = new Date(now.getTime() - step * interval);
    const batch = targets.map((target) => {
      const past = pastCheck(target.scenario, now.getTime() - at.getTime(), step, {
        at,
        now,
        timeoutMs,
      });
      return outcome(target, at, past);
    });
    const result = await recordChecks(db, batch);
    checks += result.written.length;
    events += result.events;
  }
  return { checks, events };
}

/**
 * Deterministic noise in [0, 1) from a step number and a salt, so a demo looks the same on every
 * start and a test can rely on its shape.
 */
function noise(step: number, salt: number): number {
  const x = Math.sin(step * 12.9898 + salt * 78.233) * 43_758.5453;
  return x - Math.floor(x);
}

/** Business-hours load: latency a bit higher by day (UTC) than at night. */
function daily(at: Date): number {
  return 1 + 0.25 * Math.sin(((at.getUTCHours() - 8) / 24) * 2 * Math.PI);
}

const ok = (latencyMs: number): PastCheck['call'] => ({
  latencyMs: Math.round(latencyMs),
  statusCode: 200,
});

/** What a check of `scenario` found `ago` ms before now: the history behind today's state. */
function pastCheck(
  scenario: DemoScenario,
  ago: number,
  step: number,
  context: { at: Date; now: Date; timeoutMs: number },
): PastCheck {
  const active = { credentialStatus: 'active' as const };
  const base = 110 * daily(context.at) + 60 * noise(step, 1);
  switch (scenario) {
    case 'healthy':
      // One short provider incident mid-week: an uptime bar that is not perfectly flat.
      if (ago > 3 * DAY && ago <= 3 * DAY + HOUR) return { ...active, call: http(503, base) };
      return { ...active, call: ok(base) };
    case 'slow':
      // Usually slower than the 2 s limit; fast enough at quiet times now and then.
      return { ...active, call: ok(1_700 + 1_100 * noise(step, 2) * daily(context.at)) };
    case 'flapping':
      // Steady for most of the week, then alternating fast and slow (> 2 s: degraded) as the
      // sandbox's /flaky does, so the history and the live checks flap the same way.
      if (ago <= 2 * DAY) {
        return { ...active, call: step % 2 === 0 ? ok(base) : ok(2_400 + 400 * noise(step, 4)) };
      }
      return { ...active, call: ok(base) };
    case 'credential_expiring':
      return { ...active, call: ok(base + 40) };
    case 'credential_expired': {
      // The seeded credential expired a day ago (demo-tenant.ts): healthy before, then no call.
      const expiredAt = new Date(context.now.getTime() - DAY);
      if (context.at < expiredAt) return { ...active, call: ok(base) };
      return { credentialStatus: 'expired', credentialExpiresAt: expiredAt.toISOString() };
    }
    case 'failing':
      // Broke six hours ago with server errors.
      return { ...active, call: ago <= 6 * HOUR ? http(500, base) : ok(base) };
    case 'timing_out':
      // An occasional timeout during the week, then hanging for the last twelve hours.
      if (ago <= 12 * HOUR || noise(step, 3) < 0.04) {
        return {
          ...active,
          call: {
            latencyMs: context.timeoutMs,
            error: { code: 'TIMEOUT', message: `No response within ${context.timeoutMs} ms` },
          },
        };
      }
      return { ...active, call: ok(base + 200) };
  }
}

function http(statusCode: number, latencyMs: number): PastCheck['call'] {
  return {
    latencyMs: Math.round(latencyMs),
    statusCode,
    error: {
      code: statusCode >= 500 ? 'HTTP_5XX' : 'HTTP_4XX',
      message: `HTTP ${statusCode}`,
      statusCode,
    },
  };
}

const CREDENTIAL_ERRORS: Partial<Record<CredentialStatus, CheckError>> = {
  expired: { code: 'CREDENTIALS_EXPIRED', message: 'Credentials expired' },
};

function outcome(
  target: { id: string; tenant_id: string; action_id: string | null },
  at: Date,
  past: PastCheck,
): RecordableCheck {
  const call = past.call;
  const success = !!call && !call.error;
  const { status, reasons } = determineHealthStatus({
    credentialStatus: past.credentialStatus,
    testAction: call ? { executed: true, success, latencyMs: call.latencyMs } : { executed: false },
    circuitBreakerStatus: 'closed',
    recentFailures: 0,
  });
  const checkUuid = newUuid(at);
  const error = call?.error ?? CREDENTIAL_ERRORS[past.credentialStatus];
  const check: HealthCheck = {
    id: toPublicId('healthCheck', checkUuid),
    connectionId: toPublicId('connection', target.id),
    tenantId: toPublicId('tenant', target.tenant_id),
    status,
    checkType: 'scheduled',
    credentialStatus: past.credentialStatus,
    ...(past.credentialExpiresAt ? { credentialExpiresAt: past.credentialExpiresAt } : {}),
    ...(call && target.action_id
      ? {
          testActionId: toPublicId('action', target.action_id),
          testActionSuccess: success,
          testActionLatencyMs: call.latencyMs,
          ...(call.statusCode ? { testActionStatusCode: call.statusCode } : {}),
        }
      : {}),
    circuitBreakerStatus: 'closed',
    latencyMs: call ? call.latencyMs + 3 : 1,
    ...(error ? { error } : {}),
    createdAt: at.toISOString(),
  };
  return {
    tenantId: target.tenant_id,
    connectionId: target.id,
    checkUuid,
    testActionUuid: call ? target.action_id : null,
    check,
    reasons,
    breaker: { status: 'closed', consecutiveFailures: 0, openedAt: null },
    recentFailureTimes: [],
    credentialUnreadable: false,
    outboundCalls: call ? 1 : 0,
  };
}

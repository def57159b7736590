import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';

/**
 * The process's Prometheus metrics (prom-client): one registry per process, as Prometheus scrapes
 * a process. Every label takes values from a fixed set (never a tenant, connection or host), so
 * the number of series stays bounded however many connections the server checks; a value outside
 * the set is counted as `other` instead of opening a new series.
 */
export const metricsRegistry = new Registry();

// Process metrics (CPU, memory, event-loop lag, GC, handles) under prom-client's standard names,
// which the usual Node.js dashboards already read.
collectDefaultMetrics({ register: metricsRegistry });

const CHECK_STATUSES = ['healthy', 'degraded', 'unhealthy'] as const;
const CHECK_TYPES = ['scheduled', 'manual'] as const;
export const DELIVERY_KINDS = ['webhook', 'notification'] as const;
export const DELIVERY_OUTCOMES = ['delivered', 'retrying', 'failed'] as const;
/** A stored attempt status (webhooks, notifications) as the `outcome` label. */
export const DELIVERY_OUTCOME = {
  succeeded: 'delivered',
  pending: 'retrying',
  failed: 'failed',
} as const satisfies Record<string, (typeof DELIVERY_OUTCOMES)[number]>;

function bounded<T extends string>(allowed: readonly T[], value: string): T | 'other' {
  return (allowed as readonly string[]).includes(value) ? (value as T) : 'other';
}

const checksTotal = new Counter({
  name: 'waygate_checks_total',
  help: 'Health checks completed, by resulting status and check type (scheduled or manual).',
  labelNames: ['status', 'check_type'] as const,
  registers: [metricsRegistry],
});

const checkLatency = new Histogram({
  name: 'waygate_check_latency_seconds',
  help: "Latency of each check's test action (the call to the upstream API), in seconds.",
  buckets: [0.025, 0.05, 0.1, 0.25, 0.5, 1, 2, 2.5, 5, 10, 30],
  registers: [metricsRegistry],
});

const schedulerLag = new Histogram({
  name: 'waygate_scheduler_lag_seconds',
  help: 'How late a scheduled check started against its slot (due → started), in seconds.',
  buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 900],
  registers: [metricsRegistry],
});

const hostPauses = new Counter({
  name: 'waygate_host_pauses_total',
  help: "Pauses of a tenant's checks to one host after the host answered 429.",
  registers: [metricsRegistry],
});

const deliveries = new Counter({
  name: 'waygate_deliveries_total',
  help: 'Outbound deliveries (webhooks, notifications) by outcome of the attempt.',
  labelNames: ['kind', 'outcome'] as const,
  registers: [metricsRegistry],
});

const dbErrors = new Counter({
  name: 'waygate_db_errors_total',
  help: 'Database statements that failed (SQL errors, lost or refused connections).',
  registers: [metricsRegistry],
});

/** What a running check pipeline exposes to the gauges (its fair dispatcher). */
export interface PipelineGaugeSource {
  readonly queued: number;
  readonly inFlight: number;
}

const pipelines = new Set<PipelineGaugeSource>();

// Gauges read their sources at scrape time: nothing to keep in step on the hot path.
new Gauge({
  name: 'waygate_claim_queue_depth',
  help: 'Checks claimed by this process and waiting to start.',
  registers: [metricsRegistry],
  collect() {
    let sum = 0;
    for (const p of pipelines) sum += p.queued;
    this.set(sum);
  },
});

new Gauge({
  name: 'waygate_checks_in_flight',
  help: 'Scheduled checks running now in this process.',
  registers: [metricsRegistry],
  collect() {
    let sum = 0;
    for (const p of pipelines) sum += p.inFlight;
    this.set(sum);
  },
});

/** The part of a `pg.Pool` the pool gauge reads. */
export interface PoolGaugeSource {
  readonly totalCount: number;
  readonly idleCount: number;
  readonly waitingCount: number;
}

const pools = new Set<PoolGaugeSource>();

new Gauge({
  name: 'waygate_db_pool_connections',
  help: 'PostgreSQL pool: open connections (total), idle ones, and queries waiting for one.',
  labelNames: ['state'] as const,
  registers: [metricsRegistry],
  collect() {
    let total = 0;
    let idle = 0;
    let waiting = 0;
    for (const p of pools) {
      total += p.totalCount;
      idle += p.idleCount;
      waiting += p.waitingCount;
    }
    this.set({ state: 'total' }, total);
    this.set({ state: 'idle' }, idle);
    this.set({ state: 'waiting' }, waiting);
  },
});

// The label children, looked up once: `inc(labels)` hashes its label object on every call,
// which was most of the per-check cost (bench/ecosystem.ts).
const checkCounters = new Map<string, ReturnType<typeof checksTotal.labels>>();
function checkCounter(status: string, checkType: string) {
  const key = `${status}|${checkType}`;
  let child = checkCounters.get(key);
  if (!child) {
    child = checksTotal.labels({
      status: bounded(CHECK_STATUSES, status),
      check_type: bounded(CHECK_TYPES, checkType),
    });
    // Unknown values all map to `other`: the map stays as small as the label sets.
    if (checkCounters.size < 64) checkCounters.set(key, child);
  }
  return child;
}

/** Counts one finished check (scheduled or manual) and its test-action latency. */
export function countCheck(check: { status: string; checkType: string; latencyMs: number }): void {
  checkCounter(check.status, check.checkType).inc();
  if (Number.isFinite(check.latencyMs) && check.latencyMs >= 0) {
    checkLatency.observe(check.latencyMs / 1000);
  }
}

/** Records how late a check started against its slot; null (no slot) is not recorded. */
export function observeSchedulerLag(lagMs: number | null): void {
  if (lagMs === null || !Number.isFinite(lagMs)) return;
  // A check started early (clock skew between replicas) counts as on time.
  schedulerLag.observe(Math.max(0, lagMs) / 1000);
}

export function countHostPause(): void {
  hostPauses.inc();
}

export function countDelivery(
  kind: (typeof DELIVERY_KINDS)[number],
  outcome: (typeof DELIVERY_OUTCOMES)[number],
): void {
  deliveries.inc({
    kind: bounded(DELIVERY_KINDS, kind),
    outcome: bounded(DELIVERY_OUTCOMES, outcome),
  });
}

export function countDbError(): void {
  dbErrors.inc();
}

/** Adds a pipeline's queue and in-flight counts to the gauges; call the result when it stops. */
export function trackPipeline(source: PipelineGaugeSource): () => void {
  pipelines.add(source);
  return () => pipelines.delete(source);
}

/** Adds a PostgreSQL pool to the pool gauge; call the result when the pool ends. */
export function trackPool(pool: PoolGaugeSource): () => void {
  pools.add(pool);
  return () => pools.delete(pool);
}

/** The exposition text and its content type, as `/metrics` answers. */
export async function renderMetrics(): Promise<{ body: string; contentType: string }> {
  return { body: await metricsRegistry.metrics(), contentType: metricsRegistry.contentType };
}

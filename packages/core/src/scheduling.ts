import type { ConnectionStatus, IntegrationStatus } from './schemas/enums';
import type { HealthCheckConfig } from './schemas/health-check-config';
import {
  DEFAULT_HEALTH_CHECK_CONFIG,
  MAX_INTERVAL_MINUTES,
  MIN_INTERVAL_MINUTES,
} from './schemas/health-check-config';

const MINUTE_MS = 60_000;

/** A connection checked by hand within this long is skipped by the scheduler (spec: 5 minutes). */
export const MANUAL_CHECK_SKIP_MS = 300_000;

/**
 * 53-bit string hash (cyrb53). Deterministic across processes and replicas, which is what keeps a
 * connection's phase stable; `Math.random()` would reshuffle it on every restart.
 */
function hash53(text: string): number {
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ ch, 2654435761);
    h2 = Math.imul(h2 ^ ch, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return 4294967296 * (2097151 & h2) + (h1 >>> 0);
}

/**
 * Where inside each interval this connection fires, in whole ms in `[0, intervalMs)`. A 53-bit
 * hash modulo an interval of at most a week (6.05e8 ms) is uniform to within 1e-7, so thousands
 * of connections spread evenly instead of firing in the same second.
 */
export function jitterOffsetMs(connectionId: string, intervalMs: number): number {
  const interval = Math.floor(intervalMs);
  if (!Number.isFinite(interval) || interval <= 1) return 0;
  return hash53(connectionId) % interval;
}

/** Interval in minutes, clamped to the schema's bounds (a bad value must not stop checks). */
export function intervalMsFromMinutes(intervalMinutes: number): number {
  const minutes = Number.isFinite(intervalMinutes)
    ? Math.min(MAX_INTERVAL_MINUTES, Math.max(MIN_INTERVAL_MINUTES, intervalMinutes))
    : DEFAULT_HEALTH_CHECK_CONFIG.intervalMinutes;
  return Math.round(minutes * MINUTE_MS);
}

/**
 * The smallest t > after with (t − offset) a multiple of the interval, counted from the Unix
 * epoch: each connection keeps the same phase forever, whenever its last check really ran.
 */
export function nextCheckAt(connectionId: string, intervalMinutes: number, after: Date): Date {
  const interval = intervalMsFromMinutes(intervalMinutes);
  const offset = jitterOffsetMs(connectionId, interval);
  const afterMs = after.getTime();
  const k = Math.floor((afterMs - offset) / interval) + 1;
  return new Date(k * interval + offset);
}

export type DueReason =
  | 'due'
  | 'integration_draft'
  | 'checks_disabled'
  | 'connection_disabled'
  | 'recent_manual_check'
  | 'not_due_yet';

export interface DueInput {
  integrationStatus: IntegrationStatus;
  config: HealthCheckConfig;
  connectionStatus: ConnectionStatus;
  lastCheckAt: Date | null;
  lastManualCheckAt: Date | null;
  now: Date;
}

/**
 * Whether a scheduled check should run now, and why not when it should not. Reasons are tested in
 * a fixed order, most permanent first, so the answer tells the operator what to change.
 */
export function isDue(input: DueInput): { due: boolean; reason: DueReason } {
  if (input.integrationStatus !== 'active') return { due: false, reason: 'integration_draft' };
  if (!input.config.enabled) return { due: false, reason: 'checks_disabled' };
  if (input.connectionStatus !== 'active') return { due: false, reason: 'connection_disabled' };
  const now = input.now.getTime();
  if (input.lastManualCheckAt) {
    const since = now - input.lastManualCheckAt.getTime();
    // NaN (unreadable date) fails this test and so does not block the schedule.
    if (since < MANUAL_CHECK_SKIP_MS) return { due: false, reason: 'recent_manual_check' };
  }
  if (!input.lastCheckAt) return { due: true, reason: 'due' };
  const last = input.lastCheckAt.getTime();
  if (!Number.isFinite(last)) return { due: true, reason: 'due' };
  const interval = intervalMsFromMinutes(input.config.intervalMinutes);
  return now - last >= interval
    ? { due: true, reason: 'due' }
    : { due: false, reason: 'not_due_yet' };
}

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
 * The numbers a scheduler's SQL needs to run these rules itself: they are passed to the claim as
 * parameters (never written as SQL literals), and a parity test holds SQL and this module equal.
 */
export const SCHEDULE_RULES = Object.freeze({
  manualCheckSkipMs: MANUAL_CHECK_SKIP_MS,
  minIntervalMinutes: MIN_INTERVAL_MINUTES,
  maxIntervalMinutes: MAX_INTERVAL_MINUTES,
  defaultIntervalMinutes: DEFAULT_HEALTH_CHECK_CONFIG.intervalMinutes,
});

/**
 * 53-bit string hash (cyrb53), for ids that are not UUIDs. Deterministic across processes and
 * replicas, which is what keeps a connection's phase stable.
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

const UUID = /^[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}$/i;

/**
 * A connection's phase seed: the last 48 bits of its UUID, which are random in every id the
 * server makes (the first 48 are its creation time). SQL reads the same bits
 * (`('x' || right(id, 12))::bit(48)::bigint`), so the database can place a connection on its grid
 * without calling back into JavaScript. Other strings (tests, foreign ids) are hashed instead.
 */
export function phaseSeed(connectionId: string): number {
  return UUID.test(connectionId)
    ? Number.parseInt(connectionId.slice(-12), 16)
    : hash53(connectionId);
}

/**
 * Where inside each interval this connection fires, in whole ms in `[0, intervalMs)`. 48 random
 * bits modulo an interval of at most a week (6.05e8 ms) are uniform to within 1e-6, so thousands
 * of connections spread evenly instead of firing in the same second.
 */
export function jitterOffsetMs(connectionId: string, intervalMs: number): number {
  const interval = Math.floor(intervalMs);
  if (!Number.isFinite(interval) || interval <= 1) return 0;
  return phaseSeed(connectionId) % interval;
}

/** Interval in minutes, clamped to the schema's bounds (a bad value must not stop checks). */
export function intervalMsFromMinutes(intervalMinutes: number): number {
  const minutes = Number.isFinite(intervalMinutes)
    ? Math.min(MAX_INTERVAL_MINUTES, Math.max(MIN_INTERVAL_MINUTES, Math.trunc(intervalMinutes)))
    : DEFAULT_HEALTH_CHECK_CONFIG.intervalMinutes;
  return minutes * MINUTE_MS;
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

export interface ClaimSlotInput {
  connectionId: string;
  intervalMinutes: number;
  /** When the scheduler claims the connection. */
  now: Date;
  /** The slot it was due at; null for a connection never scheduled (new, or edited). */
  dueAt: Date | null;
}

/**
 * Where a claimed connection's next check goes.
 * - Due at a slot: the first slot after that slot (or after now, when the claim is late by
 *   more than an interval). A claim that is a little late keeps the cadence and never skips a
 *   slot, so a 1-minute connection is checked 60 times an hour.
 * - Never scheduled (new or edited, checked off its grid): the first slot at least half an
 *   interval away, so it is not checked again seconds later.
 */
export function slotAfterClaim(input: ClaimSlotInput): Date {
  const interval = intervalMsFromMinutes(input.intervalMinutes);
  const now = input.now.getTime();
  const after = input.dueAt === null ? now + interval / 2 : Math.max(now, input.dueAt.getTime());
  return nextCheckAt(input.connectionId, input.intervalMinutes, new Date(after));
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
  config: Pick<HealthCheckConfig, 'enabled'>;
  connectionStatus: ConnectionStatus;
  /** The connection's next slot; null means "due now" (never scheduled, or edited). */
  nextCheckAt: Date | null;
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
  if (input.nextCheckAt && input.nextCheckAt.getTime() > now) {
    return { due: false, reason: 'not_due_yet' };
  }
  return { due: true, reason: 'due' };
}

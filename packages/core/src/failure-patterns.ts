import { toTime } from './sanitize';
import type { HealthCheckStatus } from './schemas/enums';

export interface PatternCheck {
  status: HealthCheckStatus;
  createdAt: string | Date;
  error?: { code: string } | null;
  testActionError?: { code: string } | null;
}

export interface FailurePatternOptions {
  /** Only checks in `(now - windowMs, now]` are analysed. */
  windowMs?: number;
  /** End of the window; defaults to the newest check's time. */
  now?: Date;
}

export interface FailurePatterns {
  /** How many checks were analysed (those with a readable time, inside the window). */
  checks: number;
  /** The newest check's status and how many checks in a row (newest backwards) share it. */
  currentStreak: { status: HealthCheckStatus | null; length: number };
  longestUnhealthyStreak: number;
  /** Unhealthy checks per error code (`UNKNOWN` when the check recorded none). */
  failuresByErrorCode: Record<string, number>;
  /** Unhealthy checks per UTC hour of day, index 0..23. */
  failuresByHourOfDay: number[];
  /** Adjacent checks whose status differs. */
  stateChanges: number;
  /** stateChanges ÷ (checks − 1): 0 is perfectly stable, 1 changes state on every check. */
  flappingScore: number;
}

/** The code a failure is filed under: the check's own error, else the test action's. */
export const UNKNOWN_ERROR_CODE = 'UNKNOWN';

/**
 * Patterns over a connection's history, in time order whatever the input order. A "failure" is an
 * unhealthy check: degraded checks still answered, so they are not failures here either.
 */
export function analyzeFailurePatterns(
  checks: readonly PatternCheck[],
  options: FailurePatternOptions = {},
): FailurePatterns {
  const timed = checks
    .map((check) => ({ check, at: toTime(check.createdAt) }))
    .filter((x): x is { check: PatternCheck; at: number } => x.at !== null)
    .sort((a, b) => a.at - b.at);
  let inWindow = timed;
  if (options.windowMs !== undefined || options.now !== undefined) {
    const end = options.now?.getTime() ?? timed[timed.length - 1]?.at ?? 0;
    const start =
      options.windowMs !== undefined ? end - options.windowMs : Number.NEGATIVE_INFINITY;
    inWindow = timed.filter((x) => x.at > start && x.at <= end);
  }

  const failuresByErrorCode: Record<string, number> = {};
  const failuresByHourOfDay = Array.from({ length: 24 }, () => 0);
  let longestUnhealthyStreak = 0;
  let run = 0;
  let stateChanges = 0;
  let previous: HealthCheckStatus | null = null;
  for (const { check, at } of inWindow) {
    if (previous !== null && check.status !== previous) stateChanges++;
    previous = check.status;
    if (check.status === 'unhealthy') {
      run++;
      longestUnhealthyStreak = Math.max(longestUnhealthyStreak, run);
      const code = check.error?.code ?? check.testActionError?.code ?? UNKNOWN_ERROR_CODE;
      failuresByErrorCode[code] = (failuresByErrorCode[code] ?? 0) + 1;
      const hour = new Date(at).getUTCHours();
      failuresByHourOfDay[hour] = (failuresByHourOfDay[hour] ?? 0) + 1;
    } else {
      run = 0;
    }
  }

  let length = 0;
  for (let i = inWindow.length - 1; i >= 0 && inWindow[i]?.check.status === previous; i--) length++;

  return {
    checks: inWindow.length,
    currentStreak: { status: previous, length },
    longestUnhealthyStreak,
    failuresByErrorCode,
    failuresByHourOfDay,
    stateChanges,
    flappingScore: inWindow.length < 2 ? 0 : stateChanges / (inWindow.length - 1),
  };
}

/**
 * When a connection counts as flapping: over its newest `lastChecks` checks, at least
 * `minChecks` of them, the share of adjacent pairs whose status differs (`flappingScore`) is
 * `threshold` or more. 12 checks with 6 or more state changes flap; 5 do not. A connection that
 * fails steadily is unhealthy, not flapping (score 0).
 */
export interface FlappingRule {
  lastChecks: number;
  minChecks: number;
  threshold: number;
}

export const FLAPPING_RULE: Readonly<FlappingRule> = Object.freeze({
  lastChecks: 12,
  minChecks: 6,
  threshold: 0.5,
});

/** The one flapping test, for patterns already computed (`checks` and `flappingScore`). */
export function isFlapping(
  patterns: Pick<FailurePatterns, 'checks' | 'flappingScore'>,
  rule: Partial<FlappingRule> = {},
): boolean {
  const minChecks = Math.max(2, rule.minChecks ?? FLAPPING_RULE.minChecks);
  const threshold = rule.threshold ?? FLAPPING_RULE.threshold;
  return patterns.checks >= minChecks && patterns.flappingScore >= threshold;
}

export interface FlappingResult {
  flapping: boolean;
  /** Checks looked at: the newest `lastChecks` (fewer when the history is shorter). */
  checks: number;
  /** Status changes between those checks. */
  stateChanges: number;
  flappingScore: number;
}

/**
 * Applies `FLAPPING_RULE` to a connection's history (any order): the newest `lastChecks` checks
 * are analysed with `analyzeFailurePatterns` and judged by `isFlapping`. What a UI needs to
 * label a connection "Flapping" and say why ("changed state 7 times in the last 12 checks").
 */
export function detectFlapping(
  checks: readonly PatternCheck[],
  rule: Partial<FlappingRule> = {},
): FlappingResult {
  const lastChecks = Math.max(2, Math.floor(rule.lastChecks ?? FLAPPING_RULE.lastChecks));
  const newest = checks
    .map((check) => ({ check, at: toTime(check.createdAt) }))
    .filter((x): x is { check: PatternCheck; at: number } => x.at !== null)
    .sort((a, b) => b.at - a.at)
    .slice(0, lastChecks)
    .map((x) => x.check);
  const patterns = analyzeFailurePatterns(newest);
  return {
    flapping: isFlapping(patterns, rule),
    checks: patterns.checks,
    stateChanges: patterns.stateChanges,
    flappingScore: patterns.flappingScore,
  };
}

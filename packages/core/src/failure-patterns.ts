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
    currentStreak: { status: previous, length },
    longestUnhealthyStreak,
    failuresByErrorCode,
    failuresByHourOfDay,
    stateChanges,
    flappingScore: inWindow.length < 2 ? 0 : stateChanges / (inWindow.length - 1),
  };
}

import { describe, expect, it } from 'vitest';
import * as core from './index';

// The names other packages code against (README "Reference"): a rename must fail here first.
const API = [
  'DEFAULT_CREDENTIAL_POLICY',
  'evaluateCredential',
  'selectTestAction',
  'requiredParameters',
  'DEFAULT_HEALTH_STATUS_POLICY',
  'determineHealthStatus',
  'pruneRecentFailures',
  'DEFAULT_BREAKER_POLICY',
  'INITIAL_BREAKER_STATE',
  'breakerBeforeCheck',
  'breakerAllowsCall',
  'breakerAfterResult',
  'uptimeFromChecks',
  'uptimeFromBuckets',
  'latencyStats',
  'createLatencySketch',
  'addToLatencySketch',
  'mergeLatencySketches',
  'latencySketchStats',
  'analyzeFailurePatterns',
  'FLAPPING_RULE',
  'isFlapping',
  'detectFlapping',
  'jitterOffsetMs',
  'nextCheckAt',
  'MANUAL_CHECK_SKIP_MS',
  'isDue',
  'slotAfterClaim',
  'SCHEDULE_RULES',
  'suggestResolution',
  'describeReason',
  'describeCheckError',
  'API_ERROR_STATUS',
  'statusOfErrorCode',
  'codeForStatus',
  'pageFields',
  'PageQuery',
  'SummaryQuery',
  'UptimeQuery',
] as const;

describe('package entry', () => {
  it.each(API)('exports %s', (name) => {
    // biome-ignore lint/performance/noDynamicNamespaceImportAccess: the test enumerates the API on purpose
    expect(core[name]).toBeDefined();
  });

  it('keeps internal helpers private', () => {
    expect('toTime' in core).toBe(false);
    expect('sanePositive' in core).toBe(false);
  });
});

import { performance } from 'node:perf_hooks';
import {
  type BreakerPolicy,
  type BreakerState,
  breakerAfterResult,
  breakerAllowsCall,
  breakerBeforeCheck,
  type CheckError,
  type CredentialEvaluation,
  type CredentialPolicy,
  type CredentialStatus,
  type CredentialsInput,
  DEFAULT_HEALTH_STATUS_POLICY,
  determineHealthStatus,
  evaluateCredential,
  type HealthCheck,
  type HealthCheckType,
  type HealthReason,
  type HealthStatusPolicy,
  pruneRecentFailures,
  selectTestAction,
} from '@waygate/health-core';
import { type CredentialCipher, connectionCredentialAad } from '../crypto/credential-cipher';
import { newUuid, toPublicId } from '../ids';
import { buildTestRequest } from '../outbound/build-test-request';
import type { Prober } from '../outbound/prober';
import { type CheckAction, type CheckContext, credentialSnapshot } from './check-context';

export interface ExecuteCheckDeps {
  cipher: CredentialCipher;
  prober: Pick<Prober, 'probe'>;
  now: () => Date;
  /** Per-request timeout for the test action (WAYGATE_CHECK_TIMEOUT_MS). */
  timeoutMs?: number;
  credentialPolicy?: Partial<CredentialPolicy>;
  healthPolicy?: Partial<HealthStatusPolicy>;
  breakerPolicy?: Partial<BreakerPolicy>;
  signal?: AbortSignal;
}

/** The result of one check, ready for `recordChecks`: nothing has been written yet. */
export interface CheckOutcome {
  tenantId: string;
  connectionId: string;
  /** uuid of the health check row. */
  checkUuid: string;
  testActionUuid: string | null;
  /** The check in the API's shape (public ids, fields without value omitted). */
  check: HealthCheck;
  reasons: HealthReason[];
  breaker: BreakerState;
  recentFailureTimes: string[];
  /** Stored credentials could not be decrypted: flag the connection for re-authentication. */
  credentialUnreadable: boolean;
  /** 0 or 1: a check never retries. */
  outboundCalls: 0 | 1;
  retryAfterMs?: number;
}

const CREDENTIAL_ERRORS: Partial<Record<CredentialStatus, CheckError>> = {
  expired: { code: 'CREDENTIALS_EXPIRED', message: 'Credentials expired' },
  missing: {
    code: 'CREDENTIALS_MISSING',
    message: 'No credentials are stored for this connection',
  },
  needs_reauth: {
    code: 'CREDENTIALS_NEEDS_REAUTH',
    message: 'Credentials must be re-entered before the connection can be tested',
  },
};

const MAX_MESSAGE = 500;

/** Belt and braces: an error message must never carry a credential, whatever produced it. */
function scrub(error: CheckError, secrets: readonly string[]): CheckError {
  let message = error.message;
  for (const secret of secrets) {
    if (secret.length >= 4) message = message.split(secret).join('[redacted]');
  }
  // NUL cannot be stored in a PostgreSQL text column.
  return { ...error, message: message.replaceAll('\u0000', '').slice(0, MAX_MESSAGE) };
}

function secretsOf(credentials: CredentialsInput | null): string[] {
  if (!credentials) return [];
  switch (credentials.type) {
    case 'bearer':
      return [credentials.token];
    case 'api_key':
      return [credentials.key, encodeURIComponent(credentials.key)];
    case 'basic':
      return [
        credentials.password,
        Buffer.from(`${credentials.username}:${credentials.password}`).toString('base64'),
      ];
    case 'oauth2':
      return [
        credentials.accessToken,
        ...(credentials.refreshToken ? [credentials.refreshToken] : []),
      ];
  }
}

type TestActionResult =
  | { executed: false }
  | {
      executed: true;
      success: boolean;
      latencyMs: number;
      statusCode?: number;
      error?: CheckError;
    };

/** Step 1's answer: what the credential allows, and the secrets when a call will be made. */
interface ResolvedCredential {
  /** The evaluation, turned into `needs_reauth` when the stored ciphertext cannot be opened. */
  evaluation: CredentialEvaluation;
  /** The one flag the later steps read: the test action may be called with this credential. */
  usable: boolean;
  /** Decrypted credentials (null for `authType: none`, or when no call will be made). */
  secrets: CredentialsInput | null;
  /** The ciphertext could not be opened: the connection is flagged for re-authentication. */
  unreadable: boolean;
}

/** Step 2's answer. */
interface TestActionCall {
  testAction: TestActionResult;
  /** The check's error: the credential's, the open breaker's or the test action's (scrubbed). */
  error: CheckError | undefined;
  breaker: BreakerState;
  outboundCalls: 0 | 1;
  retryAfterMs?: number;
}

const isUsable = (status: CredentialStatus) => status === 'active' || status === 'expiring';

/**
 * Step 1: evaluates the stored credential facts and decrypts only when a call will be made.
 * Credentials of another kind than the integration expects cannot authenticate: missing.
 */
function resolveCredential(
  context: CheckContext,
  now: Date,
  deps: ExecuteCheckDeps,
): ResolvedCredential {
  let snapshot = credentialSnapshot(context);
  if (snapshot && snapshot.type !== 'none' && snapshot.type !== context.integration.authType) {
    snapshot = null;
  }
  const evaluation = evaluateCredential(snapshot, now, deps.credentialPolicy);
  const ciphertext = context.connection.credentialsCiphertext;
  if (!isUsable(evaluation.status) || snapshot?.type === 'none' || !ciphertext) {
    return { evaluation, usable: isUsable(evaluation.status), secrets: null, unreadable: false };
  }
  try {
    const aad = connectionCredentialAad(context.tenantId, context.connectionId);
    return {
      evaluation,
      usable: true,
      secrets: deps.cipher.decrypt(ciphertext, aad),
      unreadable: false,
    };
  } catch {
    // Tampered, truncated or re-keyed ciphertext: nothing usable, and nothing to leak.
    return {
      evaluation: { status: 'needs_reauth', expiresAt: evaluation.expiresAt },
      usable: false,
      secrets: null,
      unreadable: true,
    };
  }
}

/**
 * Step 2: at most one outbound request — none when the credential is unusable, the breaker is
 * open or there is no test action to call.
 */
async function callTestAction(
  context: CheckContext,
  action: CheckAction | null,
  credential: ResolvedCredential,
  breakerBefore: BreakerState,
  now: Date,
  deps: ExecuteCheckDeps,
): Promise<TestActionCall> {
  const notCalled = (error: CheckError | undefined): TestActionCall => ({
    testAction: { executed: false },
    error,
    breaker: breakerBefore,
    outboundCalls: 0,
  });
  if (!credential.usable) return notCalled(CREDENTIAL_ERRORS[credential.evaluation.status]);
  if (!breakerAllowsCall(breakerBefore)) {
    return notCalled({
      code: 'CIRCUIT_OPEN',
      message: 'Circuit breaker is open; the test action was not called',
    });
  }
  if (!action) return notCalled(CREDENTIAL_ERRORS[credential.evaluation.status]);

  let request: ReturnType<typeof buildTestRequest>;
  try {
    request = buildTestRequest({
      baseUrl: context.integration.baseUrl,
      action,
      authType: context.integration.authType,
      apiKeyPlacement: context.integration.apiKeyPlacement ?? undefined,
      credentials: credential.secrets,
    });
  } catch (cause) {
    const message = cause instanceof Error ? cause.message : 'The test action cannot be called';
    const failure: CheckError = { code: 'INVALID_URL', message };
    const testAction: TestActionResult = {
      executed: true,
      success: false,
      latencyMs: 0,
      error: failure,
    };
    return { ...notCalled(undefined), testAction, error: scrubbed(testAction, credential) };
  }
  const result = await deps.prober.probe({
    url: request.url,
    method: request.method,
    headers: request.headers,
    ...(deps.timeoutMs ? { timeoutMs: deps.timeoutMs } : {}),
    ...(deps.signal ? { signal: deps.signal } : {}),
  });
  const failure = result.success
    ? undefined
    : (result.error ?? {
        code: (result.statusCode ?? 500) >= 500 ? 'HTTP_5XX' : 'HTTP_4XX',
        message: `Test action answered HTTP ${result.statusCode ?? 'error'}`,
        ...(result.statusCode ? { statusCode: result.statusCode } : {}),
      });
  const testAction: TestActionResult = {
    executed: true,
    success: result.success,
    latencyMs: Math.max(0, Math.round(result.latencyMs)),
    ...(result.statusCode ? { statusCode: result.statusCode } : {}),
    ...(failure ? { error: failure } : {}),
  };
  return {
    testAction,
    error: failure
      ? scrubbed(testAction, credential)
      : CREDENTIAL_ERRORS[credential.evaluation.status],
    breaker: breakerAfterResult(breakerBefore, result.success, now, deps.breakerPolicy),
    outboundCalls: 1,
    ...(result.retryAfterMs !== undefined ? { retryAfterMs: result.retryAfterMs } : {}),
  };
}

/** The test action's error without secrets; the stored row keeps one status code, the response's. */
function scrubbed(
  testAction: TestActionResult,
  credential: ResolvedCredential,
): CheckError | undefined {
  if (!testAction.executed || !testAction.error) return undefined;
  const { statusCode: _ignored, ...rest } = scrub(testAction.error, secretsOf(credential.secrets));
  return testAction.statusCode ? { ...rest, statusCode: testAction.statusCode } : rest;
}

/** Step 3: the status from core's rules and the outcome `recordChecks` writes. */
function buildOutcome(
  context: CheckContext,
  checkType: HealthCheckType,
  action: CheckAction | null,
  credential: ResolvedCredential,
  call: TestActionCall,
  timing: { now: Date; started: number; healthPolicy: HealthStatusPolicy },
): CheckOutcome {
  const { now, healthPolicy } = timing;
  const { testAction, error, breaker, outboundCalls } = call;
  const failed = testAction.executed && !testAction.success;
  const recentFailureTimes = pruneRecentFailures(
    failed
      ? [...context.connection.recentFailureTimes, now]
      : context.connection.recentFailureTimes,
    now,
    healthPolicy.recentWindowMs,
  );
  const { status, reasons } = determineHealthStatus(
    {
      credentialStatus: credential.evaluation.status,
      testAction: testAction.executed
        ? { executed: true, success: testAction.success, latencyMs: testAction.latencyMs }
        : { executed: false },
      circuitBreakerStatus: breaker.status,
      recentFailures: recentFailureTimes.length,
      latencyBaselineMs: context.latencyBaselineMs ?? null,
    },
    { ...healthPolicy, latencyBaseline: context.integration.healthCheckConfig.latencyBaseline },
  );
  const checkUuid = newUuid(now);
  const testActionUuid = testAction.executed && action ? action.uuid : null;
  const check: HealthCheck = {
    id: toPublicId('healthCheck', checkUuid),
    connectionId: toPublicId('connection', context.connectionId),
    tenantId: toPublicId('tenant', context.tenantId),
    status,
    checkType,
    credentialStatus: credential.evaluation.status,
    credentialExpiresAt: credential.evaluation.expiresAt ?? undefined,
    testActionId: testActionUuid && action ? action.id : undefined,
    testActionSuccess: testAction.executed ? testAction.success : undefined,
    testActionLatencyMs:
      testAction.executed && outboundCalls === 1 ? testAction.latencyMs : undefined,
    testActionStatusCode: testAction.executed ? testAction.statusCode : undefined,
    testActionError: testAction.executed && error && failed ? error : undefined,
    circuitBreakerStatus: breaker.status,
    latencyMs: Math.max(0, Math.round(performance.now() - timing.started)),
    error,
    createdAt: now.toISOString(),
  };
  return {
    tenantId: context.tenantId,
    connectionId: context.connectionId,
    checkUuid,
    testActionUuid,
    check,
    reasons,
    breaker,
    recentFailureTimes,
    credentialUnreadable: credential.unreadable,
    outboundCalls,
    ...(call.retryAfterMs !== undefined ? { retryAfterMs: call.retryAfterMs } : {}),
  };
}

/**
 * Computes one check from a loaded context in three steps: resolve the credential → call the test
 * action (at most one outbound request, unless the breaker is open) → build the outcome. It
 * performs no database writes (so a scheduler can run many and record them in one statement) and
 * never throws for a bad connection: every problem becomes part of the result.
 */
export async function executeCheck(
  context: CheckContext,
  checkType: HealthCheckType,
  deps: ExecuteCheckDeps,
): Promise<CheckOutcome> {
  const started = performance.now();
  const now = deps.now();
  const healthPolicy = { ...DEFAULT_HEALTH_STATUS_POLICY, ...deps.healthPolicy };
  const credential = resolveCredential(context, now, deps);
  const breakerBefore = breakerBeforeCheck(context.connection.breaker, now, deps.breakerPolicy);
  const selection = selectTestAction<CheckAction>(context.actions, {
    connectionTestActionId: context.connection.healthCheckTestActionId,
    integrationTestActionId: context.integration.healthCheckConfig.testActionId ?? null,
  });
  const action = selection.action && !selection.skipped ? selection.action : null;
  const call = await callTestAction(context, action, credential, breakerBefore, now, deps);
  credential.secrets = null;
  return buildOutcome(context, checkType, action, credential, call, { now, started, healthPolicy });
}

import { performance } from 'node:perf_hooks';
import {
  type BreakerPolicy,
  type BreakerState,
  breakerAfterResult,
  breakerAllowsCall,
  breakerBeforeCheck,
  type CheckError,
  type CredentialPolicy,
  type CredentialStatus,
  type CredentialsInput,
  DEFAULT_HEALTH_STATUS_POLICY,
  determineHealthStatus,
  evaluateCredential,
  type HealthCheck,
  type HealthCheckStatus,
  type HealthCheckType,
  type HealthReason,
  type HealthStatusPolicy,
  pruneRecentFailures,
  selectTestAction,
} from '@waygate/health-core';
import type { CredentialCipher } from '../crypto/credential-cipher';
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
  /** The connection's status before this check; null when it was never checked. */
  previousStatus: HealthCheckStatus | null;
  breaker: BreakerState;
  recentFailureTimes: string[];
  /** Stored credentials could not be decrypted: flag the connection for re-authentication. */
  credentialUnreadable: boolean;
  /** 0 or 1: a check never retries. */
  outboundCalls: 0 | 1;
  /** Host of the test action, for per-host limits and 429 back-off. */
  upstreamHost?: string;
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

function hostOf(url: string): string | undefined {
  try {
    return new URL(url).host;
  } catch {
    return undefined;
  }
}

/**
 * Computes one check from a loaded context: credential evaluation → breaker → test action
 * selection → at most one outbound request → status. It performs no database writes (so a
 * scheduler can run many and record them in one statement) and never throws for a bad
 * connection: every problem becomes part of the result.
 */
export async function executeCheck(
  context: CheckContext,
  checkType: HealthCheckType,
  deps: ExecuteCheckDeps,
): Promise<CheckOutcome> {
  const started = performance.now();
  const now = deps.now();
  const healthPolicy = { ...DEFAULT_HEALTH_STATUS_POLICY, ...deps.healthPolicy };
  const aad = `${toPublicId('tenant', context.tenantId)}:${toPublicId('connection', context.connectionId)}`;

  // 1. Credentials: evaluate the stored facts, then decrypt only when a call will be made.
  let snapshot = credentialSnapshot(context);
  let credentials: CredentialsInput | null = null;
  let credentialUnreadable = false;
  if (snapshot && snapshot.type !== 'none' && snapshot.type !== context.integration.authType) {
    // Credentials of another kind than the integration expects cannot authenticate: missing.
    snapshot = null;
  }
  let credential = evaluateCredential(snapshot, now, deps.credentialPolicy);
  const canCall = credential.status === 'active' || credential.status === 'expiring';
  if (canCall && snapshot?.type !== 'none' && context.connection.credentialsCiphertext) {
    try {
      credentials = deps.cipher.decrypt(context.connection.credentialsCiphertext, aad);
    } catch {
      // Tampered, truncated or re-keyed ciphertext: nothing usable, and nothing to leak.
      credentialUnreadable = true;
      credential = { status: 'needs_reauth', expiresAt: credential.expiresAt };
    }
  }

  // 2. Breaker.
  let breaker = breakerBeforeCheck(context.connection.breaker, now, deps.breakerPolicy);

  // 3. Test action.
  const selection = selectTestAction<CheckAction>(context.actions, {
    connectionTestActionId: context.connection.healthCheckTestActionId,
    integrationTestActionId: context.integration.healthCheckConfig.testActionId ?? null,
  });
  const action = selection.action && !selection.skipped ? selection.action : null;

  let error: CheckError | undefined = CREDENTIAL_ERRORS[credential.status];
  let testAction:
    | { executed: false }
    | {
        executed: true;
        success: boolean;
        latencyMs: number;
        statusCode?: number;
        error?: CheckError;
      } = {
    executed: false,
  };
  let outboundCalls: 0 | 1 = 0;
  let upstreamHost: string | undefined;
  let retryAfterMs: number | undefined;
  const credentialOk = credential.status === 'active' || credential.status === 'expiring';

  if (credentialOk && !breakerAllowsCall(breaker)) {
    error = {
      code: 'CIRCUIT_OPEN',
      message: 'Circuit breaker is open; the test action was not called',
    };
  } else if (credentialOk && action) {
    // 4. At most one outbound request.
    let request: ReturnType<typeof buildTestRequest> | null = null;
    try {
      request = buildTestRequest({
        baseUrl: context.integration.baseUrl,
        action,
        authType: context.integration.authType,
        apiKeyPlacement: context.integration.apiKeyPlacement ?? undefined,
        credentials,
      });
    } catch (cause) {
      const message = cause instanceof Error ? cause.message : 'The test action cannot be called';
      const failure: CheckError = { code: 'INVALID_URL', message };
      testAction = { executed: true, success: false, latencyMs: 0, error: failure };
    }
    if (request) {
      upstreamHost = hostOf(request.url);
      outboundCalls = 1;
      const result = await deps.prober.probe({
        url: request.url,
        method: request.method,
        headers: request.headers,
        ...(deps.timeoutMs ? { timeoutMs: deps.timeoutMs } : {}),
        ...(deps.signal ? { signal: deps.signal } : {}),
      });
      retryAfterMs = result.retryAfterMs;
      const failure = result.success
        ? undefined
        : (result.error ?? {
            code: (result.statusCode ?? 500) >= 500 ? 'HTTP_5XX' : 'HTTP_4XX',
            message: `Test action answered HTTP ${result.statusCode ?? 'error'}`,
            ...(result.statusCode ? { statusCode: result.statusCode } : {}),
          });
      testAction = {
        executed: true,
        success: result.success,
        latencyMs: Math.max(0, Math.round(result.latencyMs)),
        ...(result.statusCode ? { statusCode: result.statusCode } : {}),
        ...(failure ? { error: failure } : {}),
      };
      breaker = breakerAfterResult(breaker, result.success, now, deps.breakerPolicy);
    }
    if (testAction.executed && testAction.error) {
      // The stored row keeps one status code column: the error's statusCode is the response's.
      const { statusCode: _ignored, ...rest } = scrub(testAction.error, secretsOf(credentials));
      const statusCode = testAction.statusCode;
      error = statusCode ? { ...rest, statusCode } : rest;
    }
  }
  credentials = null;

  // 5. Status.
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
      credentialStatus: credential.status,
      testAction: testAction.executed
        ? { executed: true, success: testAction.success, latencyMs: testAction.latencyMs }
        : { executed: false },
      circuitBreakerStatus: breaker.status,
      recentFailures: recentFailureTimes.length,
    },
    healthPolicy,
  );

  const checkUuid = newUuid(now);
  const testActionUuid = testAction.executed && action ? action.uuid : null;
  const check: HealthCheck = {
    id: toPublicId('healthCheck', checkUuid),
    connectionId: toPublicId('connection', context.connectionId),
    tenantId: toPublicId('tenant', context.tenantId),
    status,
    checkType,
    credentialStatus: credential.status,
    credentialExpiresAt: credential.expiresAt ?? undefined,
    testActionId: testActionUuid && action ? action.id : undefined,
    testActionSuccess: testAction.executed ? testAction.success : undefined,
    testActionLatencyMs:
      testAction.executed && outboundCalls === 1 ? testAction.latencyMs : undefined,
    testActionStatusCode: testAction.executed ? testAction.statusCode : undefined,
    testActionError: testAction.executed && error && failed ? error : undefined,
    circuitBreakerStatus: breaker.status,
    latencyMs: Math.max(0, Math.round(performance.now() - started)),
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
    previousStatus: context.connection.lastHealthCheckAt ? context.connection.healthStatus : null,
    breaker,
    recentFailureTimes,
    credentialUnreadable,
    outboundCalls,
    ...(upstreamHost ? { upstreamHost } : {}),
    ...(retryAfterMs !== undefined ? { retryAfterMs } : {}),
  };
}

import type { CheckError, CheckErrorCode } from '@waygate/health-core';

const DNS_CODES = new Set(['ENOTFOUND', 'EAI_AGAIN', 'EAI_NONAME', 'EAI_FAIL', 'EAI_NODATA']);
const RESET_CODES = new Set([
  'ECONNRESET',
  'EPIPE',
  'ECONNABORTED',
  'UND_ERR_SOCKET',
  'UND_ERR_CLOSED',
]);
const TIMEOUT_CODES = new Set([
  'ETIMEDOUT',
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_HEADERS_TIMEOUT',
  'UND_ERR_BODY_TIMEOUT',
]);
// OpenSSL verification results Node reports as `code` (the rest start with ERR_TLS_/ERR_SSL_).
const TLS_CODES = new Set([
  'EPROTO',
  'CERT_HAS_EXPIRED',
  'CERT_NOT_YET_VALID',
  'CERT_REVOKED',
  'CERT_UNTRUSTED',
  'CERT_REJECTED',
  'CERT_SIGNATURE_FAILURE',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'HOSTNAME_MISMATCH',
]);

const MESSAGES: Record<CheckErrorCode, string> = {
  TIMEOUT: 'timed out',
  DNS_ERROR: 'host name could not be resolved',
  CONNECTION_REFUSED: 'connection refused',
  CONNECTION_RESET: 'connection reset or closed by the server',
  TLS_ERROR: 'TLS handshake or certificate verification failed',
  NETWORK_ERROR: 'network error',
  HTTP_4XX: 'client error response',
  HTTP_5XX: 'server error response',
  UNAUTHORIZED: 'credentials were rejected',
  RATE_LIMITED: 'rate limited',
  TOO_MANY_REDIRECTS: 'too many redirects',
  SSRF_BLOCKED: 'destination refused by the outbound guard (private or reserved address)',
  INVALID_URL: 'invalid URL',
  CREDENTIALS_EXPIRED: 'credentials expired',
  CREDENTIALS_MISSING: 'credentials missing',
  CREDENTIALS_NEEDS_REAUTH: 'credentials need re-authorisation',
  CIRCUIT_OPEN: 'circuit breaker open',
  TEST_ACTION_SKIPPED: 'test action skipped',
};

function codesOf(error: unknown): string[] {
  const codes: string[] = [];
  let current: unknown = error;
  // undici and net sometimes wrap the cause (AggregateError for happy eyeballs, `cause` chains).
  for (let depth = 0; depth < 5 && current instanceof Error; depth += 1) {
    const code = (current as NodeJS.ErrnoException).code;
    if (typeof code === 'string') codes.push(code);
    if (current instanceof AggregateError) {
      for (const inner of current.errors) codes.push(...codesOf(inner));
    }
    current = current.cause;
  }
  return codes;
}

function codeFor(codes: readonly string[]): CheckErrorCode {
  if (codes.includes('ERR_SSRF_BLOCKED')) return 'SSRF_BLOCKED';
  if (codes.some((code) => TIMEOUT_CODES.has(code))) return 'TIMEOUT';
  if (codes.some((code) => DNS_CODES.has(code))) return 'DNS_ERROR';
  if (codes.includes('ECONNREFUSED')) return 'CONNECTION_REFUSED';
  if (
    codes.some(
      (code) =>
        TLS_CODES.has(code) ||
        code.startsWith('ERR_TLS_') ||
        code.startsWith('ERR_SSL_') ||
        code.startsWith('ERR_OSSL_'),
    )
  ) {
    return 'TLS_ERROR';
  }
  if (codes.some((code) => RESET_CODES.has(code))) return 'CONNECTION_RESET';
  return 'NETWORK_ERROR';
}

/**
 * A check error with a message built from the code and the host only. The raw error message is
 * never copied: undici and OpenSSL messages can quote URLs (and so query-string API keys) or
 * header names and values.
 */
export function checkError(code: CheckErrorCode, host: string, detail?: string): CheckError {
  const message = `${MESSAGES[code]}${detail ? ` (${detail})` : ''} [${host}]`;
  return { code, message: message.slice(0, 500) };
}

/** Maps a thrown network error to a normalised check error. */
export function classifyNetworkError(error: unknown, host: string): CheckError {
  const codes = codesOf(error);
  const code = codeFor(codes);
  // The system code is a safe, useful detail (e.g. EAI_AGAIN vs ENOTFOUND); only codes that look
  // like identifiers are echoed.
  const detail = codes.find((candidate) => /^[A-Z][A-Z0-9_]{1,40}$/.test(candidate));
  return checkError(code, host, code === 'SSRF_BLOCKED' ? undefined : detail);
}

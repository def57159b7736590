import { describe, expect, it } from 'vitest';
import {
  describeCheckError,
  describeReason,
  SUGGESTED_RESOLUTIONS,
  suggestResolution,
} from './resolution';
import { CheckErrorCode, HealthReason } from './schemas/enums';

describe('suggestResolution', () => {
  it('has a suggestion for every error code', () => {
    for (const code of CheckErrorCode.options) {
      expect(suggestResolution({ code })).toBe(SUGGESTED_RESOLUTIONS[code]);
      expect(SUGGESTED_RESOLUTIONS[code].length).toBeGreaterThan(20);
    }
  });

  it('says what to do for the common failures', () => {
    expect(suggestResolution({ code: 'CREDENTIALS_EXPIRED' })).toMatch(/reconnect/i);
    expect(suggestResolution({ code: 'HTTP_4XX', statusCode: 401 })).toMatch(/re-authorise/i);
    expect(suggestResolution({ code: 'HTTP_4XX', statusCode: 403 })).toMatch(/scopes/i);
    expect(suggestResolution({ code: 'HTTP_4XX', statusCode: 429 })).toMatch(/frequency/i);
    expect(suggestResolution({ code: 'TIMEOUT' })).toMatch(/in time/i);
    expect(suggestResolution({ code: 'DNS_ERROR' })).toMatch(/host name/i);
    expect(suggestResolution({ code: 'TLS_ERROR' })).toMatch(/certificate/i);
    expect(suggestResolution({ code: 'SSRF_BLOCKED' })).toMatch(/private/i);
    // The operator's way out, by the variable's exact name (the server's config parity-tests it).
    expect(suggestResolution({ code: 'SSRF_BLOCKED' })).toContain('WAYGATE_OUTBOUND_ALLOW');
    expect(suggestResolution({ code: 'HTTP_5XX', statusCode: 503 })).toMatch(/provider/i);
  });

  it('falls back on the status code for unknown codes, else null', () => {
    expect(suggestResolution({ code: 'SOMETHING_NEW', statusCode: 502 })).toBe(
      SUGGESTED_RESOLUTIONS.HTTP_5XX,
    );
    expect(suggestResolution({ code: 'SOMETHING_NEW', statusCode: 404 })).toBe(
      SUGGESTED_RESOLUTIONS.HTTP_4XX,
    );
    expect(suggestResolution({ code: 'SOMETHING_NEW' })).toBeNull();
    expect(suggestResolution({ code: 'toString' })).toBeNull();
    expect(suggestResolution(null)).toBeNull();
    expect(suggestResolution(undefined)).toBeNull();
  });
});

describe('describeReason / describeCheckError', () => {
  it('labels every reason distinctly', () => {
    const labels = HealthReason.options.map(describeReason);
    expect(new Set(labels).size).toBe(labels.length);
    expect(describeReason('credential_expiring')).toBe('Credentials expire within the hour');
  });

  it('describes errors with the status code when present', () => {
    expect(describeCheckError({ code: 'CREDENTIALS_EXPIRED' })).toBe('Credentials expired');
    expect(describeCheckError({ code: 'HTTP_5XX', statusCode: 503 })).toBe('Server error (503)');
    expect(describeCheckError({ code: 'WHATEVER' })).toBe('Check failed');
    expect(describeCheckError(null)).toBe('No error');
  });
});

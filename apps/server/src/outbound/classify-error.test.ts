import { describe, expect, it } from 'vitest';
import { classifyNetworkError } from './classify-error';
import { OutboundBlockedError } from './outbound-blocked-error';

const withCode = (code: string, message = `failure ${code}`) =>
  Object.assign(new Error(message), { code });

describe('classifyNetworkError', () => {
  it.each([
    ['ENOTFOUND', 'DNS_ERROR'],
    ['EAI_AGAIN', 'DNS_ERROR'],
    ['ECONNREFUSED', 'CONNECTION_REFUSED'],
    ['ECONNRESET', 'CONNECTION_RESET'],
    ['UND_ERR_SOCKET', 'CONNECTION_RESET'],
    ['EPIPE', 'CONNECTION_RESET'],
    ['UND_ERR_CONNECT_TIMEOUT', 'TIMEOUT'],
    ['UND_ERR_HEADERS_TIMEOUT', 'TIMEOUT'],
    ['ETIMEDOUT', 'TIMEOUT'],
    ['CERT_HAS_EXPIRED', 'TLS_ERROR'],
    ['DEPTH_ZERO_SELF_SIGNED_CERT', 'TLS_ERROR'],
    ['ERR_TLS_CERT_ALTNAME_INVALID', 'TLS_ERROR'],
    ['ERR_SSL_WRONG_VERSION_NUMBER', 'TLS_ERROR'],
    ['EHOSTUNREACH', 'NETWORK_ERROR'],
  ])('maps %s to %s', (code, expected) => {
    expect(classifyNetworkError(withCode(code), 'api.example').code).toBe(expected);
  });

  it('maps the guard refusal to SSRF_BLOCKED', () => {
    const error = new OutboundBlockedError('api.example', 'private');
    expect(classifyNetworkError(error, 'api.example').code).toBe('SSRF_BLOCKED');
  });

  it('looks inside causes and happy-eyeballs AggregateErrors', () => {
    const aggregate = new AggregateError([withCode('ECONNREFUSED'), withCode('ECONNREFUSED')]);
    expect(classifyNetworkError(aggregate, 'h').code).toBe('CONNECTION_REFUSED');
    const wrapped = new Error('fetch failed', { cause: withCode('CERT_HAS_EXPIRED') });
    expect(classifyNetworkError(wrapped, 'h').code).toBe('TLS_ERROR');
  });

  it('never copies the raw error message (it may quote a URL with an API key)', () => {
    const error = withCode('ECONNRESET', 'socket hang up GET /v1?api_key=canary-secret');
    const result = classifyNetworkError(error, 'api.example:443');
    expect(result.message).not.toContain('canary-secret');
    expect(result.message).toContain('api.example:443');
    expect(result.message).toContain('ECONNRESET');
  });
});

/**
 * Raised when the SSRF guard refuses a destination. It travels through undici's connect path
 * (from the lookup) or is thrown before a request starts (literal IPs), and is mapped to the
 * `SSRF_BLOCKED` check error. Its message names the host only, never the URL.
 */
export class OutboundBlockedError extends Error {
  readonly code = 'ERR_SSRF_BLOCKED';

  constructor(host: string, reason: string) {
    super(`Outbound request to ${host} refused: ${reason}`);
    this.name = 'OutboundBlockedError';
  }
}

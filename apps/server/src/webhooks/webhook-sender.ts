import { performance } from 'node:perf_hooks';
import type { CheckError } from '@waygate/health-core';
import type { AllowList } from '../outbound/allow-list';
import { checkError, classifyNetworkError } from '../outbound/classify-error';
import { createGuardedAgent, literalHostAllowed } from '../outbound/guarded-agent';
import type { ResolveAll } from '../outbound/guarded-lookup';

export interface WebhookRequest {
  url: string;
  headers: Record<string, string>;
  body: string;
}

export interface WebhookSendResult {
  success: boolean;
  statusCode?: number;
  latencyMs: number;
  error?: CheckError;
}

export interface WebhookSender {
  /** One POST, no redirects followed, no retries. Never throws. */
  send(request: WebhookRequest): Promise<WebhookSendResult>;
  close(): Promise<void>;
}

export interface WebhookSenderOptions {
  allowList: AllowList;
  /** Whole request, connect included. Default 10 s. */
  timeoutMs?: number;
  /** Resolver for the guard; tests inject one. */
  resolveAll?: ResolveAll;
}

const DRAIN_LIMIT_BYTES = 16 * 1024;
const DRAIN_DEADLINE_MS = 1_000;

/**
 * The prober only sends bodiless requests, so webhooks get this small sibling built on the same
 * guard: named hosts go through the guarded lookup (resolve, refuse any private address, pin the
 * vetted one), literal IPs are vetted here because undici skips the lookup for them. Redirects
 * are not followed (a 3xx is a failed attempt), as Standard Webhooks senders do: a signed POST
 * must not be replayed to wherever a Location header points.
 */
export function createWebhookSender(options: WebhookSenderOptions): WebhookSender {
  const timeoutMs = options.timeoutMs ?? 10_000;
  const agent = createGuardedAgent({
    allowList: options.allowList,
    timeoutMs,
    ...(options.resolveAll ? { resolveAll: options.resolveAll } : {}),
  });

  async function send(request: WebhookRequest, started: number): Promise<WebhookSendResult> {
    let url: URL;
    try {
      url = new URL(request.url);
    } catch {
      return failed(checkError('INVALID_URL', 'webhook', 'unparseable URL'), started);
    }
    if ((url.protocol !== 'http:' && url.protocol !== 'https:') || url.hostname === '') {
      return failed(
        checkError('INVALID_URL', url.host || 'webhook', 'only http and https'),
        started,
      );
    }
    if (literalHostAllowed(url, options.allowList) === false) {
      return failed(checkError('SSRF_BLOCKED', url.host), started);
    }
    const controller = new AbortController();
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      controller.abort();
    }, timeoutMs);
    try {
      const response = await agent.request({
        origin: url.origin,
        path: `${url.pathname}${url.search}`,
        method: 'POST',
        headers: request.headers,
        body: request.body,
        signal: controller.signal,
      });
      const latencyMs = elapsed(started);
      // The receiver's answer is never stored or logged; read a little so the socket is reused.
      const cutoff = setTimeout(() => response.body.destroy(), DRAIN_DEADLINE_MS);
      await response.body.dump({ limit: DRAIN_LIMIT_BYTES }).catch(() => undefined);
      clearTimeout(cutoff);
      const statusCode = response.statusCode;
      if (statusCode >= 200 && statusCode < 300) return { success: true, statusCode, latencyMs };
      return { success: false, statusCode, latencyMs, error: statusError(statusCode, url.host) };
    } catch (error) {
      if (timedOut)
        return failed(checkError('TIMEOUT', url.host, `after ${timeoutMs} ms`), started);
      return failed(classifyNetworkError(error, url.host), started);
    } finally {
      clearTimeout(timer);
    }
  }

  return {
    async send(request) {
      const started = performance.now();
      try {
        return await send(request, started);
      } catch (error) {
        return failed(classifyNetworkError(error, 'webhook'), started);
      }
    },
    async close() {
      await agent.close().catch(() => undefined);
    },
  };
}

function statusError(statusCode: number, host: string): CheckError {
  const error =
    statusCode === 429
      ? checkError('RATE_LIMITED', host, 'HTTP 429')
      : statusCode >= 500 && statusCode < 600
        ? checkError('HTTP_5XX', host, `HTTP ${statusCode}`)
        : statusCode >= 400 && statusCode < 500
          ? checkError('HTTP_4XX', host, `HTTP ${statusCode}`)
          : checkError('NETWORK_ERROR', host, `HTTP ${statusCode}; redirects are not followed`);
  return { ...error, statusCode };
}

function elapsed(started: number): number {
  return Math.max(0, Math.round(performance.now() - started));
}

function failed(error: CheckError, started: number): WebhookSendResult {
  return { success: false, latencyMs: elapsed(started), error };
}

import { createTestServer } from '@waygate/health-server';
import type { DatabaseKind } from '@waygate/test-utils';
import {
  createHealthClient,
  createTransport,
  createWebhooksResource,
  type HealthClient,
  type WebhooksResource,
} from '../../src/index';
import { startUpstream, type Upstream } from './upstream';

/** Long enough for the server's CRON_SECRET minimum (16 characters). */
export const CRON_SECRET = 'contract-cron-secret-0123456789';
/** The server's default manual-check limit per connection per minute. */
export const MANUAL_CHECK_LIMIT = 6;

export interface Contract {
  baseUrl: string;
  upstream: Upstream;
  /** A client for tenant A (retries off so each call is one request). */
  client: HealthClient;
  apiKey: string;
  /** A client for tenant B: for isolation (404 on A's ids). */
  other: HealthClient;
  otherApiKey: string;
  /** The opt-in webhooks resource, for tenant A and tenant B. */
  webhooks: WebhooksResource;
  otherWebhooks: WebhooksResource;
  close(): Promise<void>;
}

/**
 * Boots the real reference server in-process (no HTTP mocks) with two tenants, and a
 * loopback upstream that health checks may call.
 */
export const startContract = async (database: DatabaseKind): Promise<Contract> => {
  const upstream = await startUpstream();
  const server = await createTestServer({
    database,
    allowOutbound: '127.0.0.1',
    // The prober and the webhook URL guard each read their own allow list.
    config: {
      cronSecret: CRON_SECRET,
      manualCheckLimit: MANUAL_CHECK_LIMIT,
      outboundAllow: '127.0.0.1',
    },
    scheduler: true,
  });
  const baseUrl = await server.listen();
  const a = await server.createTenant();
  const b = await server.createTenant();
  const make = (apiKey: string) => createHealthClient({ baseUrl, apiKey, retry: 0 });
  const hooks = (apiKey: string) =>
    createWebhooksResource(createTransport({ baseUrl, apiKey, retry: 0 }));
  return {
    baseUrl,
    upstream,
    client: make(a.apiKey),
    apiKey: a.apiKey,
    other: make(b.apiKey),
    otherApiKey: b.apiKey,
    webhooks: hooks(a.apiKey),
    otherWebhooks: hooks(b.apiKey),
    close: async () => {
      await server.close();
      await upstream.close();
    },
  };
};

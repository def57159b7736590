import type {
  Action,
  Connection,
  ConnectionDetail,
  CreateConnectionInput,
  HealthCheck,
  HealthEvent,
  HealthSummary,
  Integration,
  LatencySeries,
  Pagination,
  Uptime,
  Webhook,
  WebhookDelivery,
  WebhookWithSecret,
} from '@waygate/health-core';
import { describe, expectTypeOf, it } from 'vitest';
import type * as main from './index';
import {
  createHealthClient,
  createTransport,
  createWebhooksResource,
  type HealthApiError,
  type HealthClient,
  type HealthClientError,
  type Page,
  type RateLimitedError,
  type ResponseValidationError,
  type ValidationError,
} from './index';
import * as unvalidated from './unvalidated';

const client = createHealthClient({ baseUrl: 'https://x.test', apiKey: 'k' });

describe('inferred return types', () => {
  it('unwraps `data` for single resources', () => {
    expectTypeOf(client.connections.get('conn_1')).resolves.toEqualTypeOf<ConnectionDetail>();
    expectTypeOf(client.connections.create).returns.resolves.toEqualTypeOf<Connection>();
    expectTypeOf(client.integrations.get('int_1')).resolves.toEqualTypeOf<Integration>();
    expectTypeOf(client.healthChecks.trigger('conn_1')).resolves.toEqualTypeOf<HealthCheck>();
    expectTypeOf(client.healthChecks.latest('conn_1')).resolves.toEqualTypeOf<HealthCheck | null>();
    expectTypeOf(client.summary()).resolves.toEqualTypeOf<HealthSummary>();
    expectTypeOf(client.uptime('conn_1', '7d')).resolves.toEqualTypeOf<Uptime>();
    expectTypeOf(client.latency('conn_1')).resolves.toEqualTypeOf<LatencySeries>();
    expectTypeOf(client.connections.delete('conn_1')).resolves.toBeVoid();
  });

  it('returns { data, pagination } for lists and items from iterate', () => {
    expectTypeOf(client.healthChecks.list('conn_1')).resolves.toEqualTypeOf<Page<HealthCheck>>();
    expectTypeOf(client.actions.list('int_1')).resolves.toEqualTypeOf<{
      data: Action[];
      pagination: Pagination;
    }>();
    expectTypeOf(client.events.iterate()).toEqualTypeOf<AsyncGenerator<HealthEvent>>();
    expectTypeOf(client.connections.iterate()).toEqualTypeOf<AsyncGenerator<Connection>>();
  });

  it('keeps timestamps as ISO strings', () => {
    expectTypeOf<HealthCheck['createdAt']>().toEqualTypeOf<string>();
    expectTypeOf<Connection['lastHealthCheckAt']>().toEqualTypeOf<string | undefined>();
  });

  it('types the narrowed fields callers branch on', () => {
    expectTypeOf<HealthCheck['status']>().toEqualTypeOf<'healthy' | 'degraded' | 'unhealthy'>();
    expectTypeOf<Connection['healthStatus']>().toEqualTypeOf<HealthCheck['status']>();
  });
});

describe('the client object', () => {
  it('exposes resources only, never the key or the options', () => {
    expectTypeOf<HealthClient>().not.toHaveProperty('apiKey');
    expectTypeOf<HealthClient>().not.toHaveProperty('options');
    expectTypeOf<keyof HealthClient>().toEqualTypeOf<
      | 'connections'
      | 'integrations'
      | 'actions'
      | 'healthChecks'
      | 'events'
      | 'summary'
      | 'uptime'
      | 'latency'
      | 'internal'
      | 'badgeTokens'
      | 'reports'
    >();
  });
});

describe('the unvalidated entry', () => {
  it('has the same client, factories and error classes as the main entry', () => {
    expectTypeOf(unvalidated.createHealthClient).toEqualTypeOf(createHealthClient);
    expectTypeOf<unvalidated.HealthClient>().toEqualTypeOf<HealthClient>();
    expectTypeOf(unvalidated.createWebhooksResource).toEqualTypeOf(createWebhooksResource);
    expectTypeOf(unvalidated.createTransport).toEqualTypeOf(createTransport);
    expectTypeOf<unvalidated.ResponseValidationError>().toEqualTypeOf<ResponseValidationError>();
    // Switching entries is a change of import path only: both export the same names.
    expectTypeOf<keyof typeof unvalidated>().toEqualTypeOf<keyof typeof main>();
  });
});

describe('the opt-in webhooks resource', () => {
  const webhooks = createWebhooksResource(
    createTransport({ baseUrl: 'https://x.test', apiKey: 'k' }),
  );

  it('returns the secret from create only', () => {
    expectTypeOf(webhooks.create).returns.resolves.toEqualTypeOf<WebhookWithSecret>();
    expectTypeOf(webhooks.get('wh_1')).resolves.toEqualTypeOf<Webhook>();
    expectTypeOf(webhooks.get('wh_1')).resolves.not.toHaveProperty('secret');
    expectTypeOf(webhooks.test('wh_1')).resolves.toEqualTypeOf<WebhookDelivery>();
    expectTypeOf(webhooks.deliveries('wh_1')).resolves.toEqualTypeOf<Page<WebhookDelivery>>();
  });
});

describe('errors', () => {
  it('carries typed fields for branching', () => {
    expectTypeOf<HealthApiError['status']>().toEqualTypeOf<number>();
    expectTypeOf<HealthApiError['code']>().toEqualTypeOf<string>();
    expectTypeOf<HealthApiError['requestId']>().toEqualTypeOf<string | undefined>();
    expectTypeOf<RateLimitedError['retryAfterMs']>().toEqualTypeOf<number | undefined>();
    expectTypeOf<ValidationError['field']>().toEqualTypeOf<string | undefined>();
    expectTypeOf<ResponseValidationError['issues']>().toEqualTypeOf<
      { path: string; message: string }[]
    >();
    expectTypeOf<RateLimitedError>().toExtend<HealthApiError>();
    expectTypeOf<HealthApiError>().toExtend<HealthClientError>();
    expectTypeOf<HealthClientError>().toExtend<Error>();
  });
});

describe('arguments', () => {
  it('takes path arguments first, then the body, then per-call options', () => {
    expectTypeOf(client.actions.create).parameters.toEqualTypeOf<
      [
        integrationId: string,
        body: Parameters<typeof client.actions.create>[1],
        options?: Parameters<typeof client.actions.create>[2],
      ]
    >();
    expectTypeOf(client.connections.create).parameter(0).toEqualTypeOf<CreateConnectionInput>();
    expectTypeOf(client.healthChecks.trigger)
      .parameter(1)
      .toEqualTypeOf<
        { signal?: AbortSignal; timeoutMs?: number; headers?: Record<string, string> } | undefined
      >();
  });

  it('rejects filters the server does not know and wrong enum values', () => {
    // @ts-expect-error: `status` only takes the three health statuses
    client.healthChecks.list('conn_1', { status: 'broken' });
    // @ts-expect-error: `limit` is a number
    client.healthChecks.list('conn_1', { limit: '10' });
    // @ts-expect-error: no such filter
    client.connections.list({ colour: 'red' });
    // @ts-expect-error: window is 24h | 7d | 30d
    client.uptime('conn_1', '1y');
    // @ts-expect-error: credentials need their type
    client.connections.create({ integrationId: 'int_1', name: 'x', credentials: { token: 't' } });
  });
});

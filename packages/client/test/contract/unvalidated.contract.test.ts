import type { Connection, Integration } from '@waygate/health-core';
import { DATABASES } from '@waygate/test-utils';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type HealthClient,
  NotFoundError,
  RateLimitedError,
  UnauthorizedError,
  ValidationError,
} from '../../src/index';
import { createHealthClient as createUnvalidatedHealthClient } from '../../src/unvalidated';
import { type Contract, MANUAL_CHECK_LIMIT, startContract } from './harness';

const collect = async <T>(items: AsyncIterable<T>): Promise<T[]> => {
  const out: T[] = [];
  for await (const item of items) out.push(item);
  return out;
};

/** The error as a user branches on it: class, status, code, the details the server sent. */
const caught = async (pending: Promise<unknown>) => {
  const error = await pending.then(
    () => expect.unreachable('the call resolved'),
    (e: unknown) => e,
  );
  const { status, code, details } = error as NotFoundError;
  return { type: (error as Error).constructor, status, code, details };
};

const withoutBounds = ({ from, to, ...rest }: { from: string; to: string }) => rest;

// `@waygate/health-client/unvalidated` against the real reference server: what it returns must
// be what the validating client returns, call by call, and its errors the same classes.
describe.each(DATABASES)(
  'the unvalidated client against the reference server on %s',
  (database) => {
    let ctx: Contract;
    let plain: HealthClient;
    let slack: Integration;
    let production: Connection;
    const from = new Date(Date.now() - 2 * 86_400_000).toISOString();
    const to = new Date(Date.now() + 86_400_000).toISOString();

    beforeAll(async () => {
      ctx = await startContract(database);
      plain = createUnvalidatedHealthClient({ baseUrl: ctx.baseUrl, apiKey: ctx.apiKey, retry: 0 });
      // Written with the unvalidated client: its writes return what the server stored.
      slack = await plain.integrations.create({
        name: 'Slack',
        baseUrl: ctx.upstream.origin,
        authType: 'bearer',
      });
      const me = await plain.actions.create(slack.id, {
        name: 'Get current user',
        method: 'GET',
        path: '/me',
        tags: ['health-check'],
      });
      await plain.integrations.update(slack.id, { healthCheckConfig: { testActionId: me.id } });
      production = await plain.connections.create({
        integrationId: slack.id,
        name: 'Production Slack',
        credentials: { type: 'bearer', token: 'xoxb-unvalidated' },
      });
      const check = await plain.healthChecks.trigger(production.id);
      expect(check).toMatchObject({ connectionId: production.id, checkType: 'manual' });
      await ctx.client.healthChecks.trigger(production.id);
    });

    afterAll(async () => {
      await ctx?.close();
    });

    it('returns the same data as the validating client for the main calls', async () => {
      const calls: [string, (client: HealthClient) => Promise<unknown>][] = [
        ['integrations.list', (c) => c.integrations.list()],
        ['integrations.get', (c) => c.integrations.get(slack.id)],
        ['actions.list', (c) => c.actions.list(slack.id)],
        ['connections.list', (c) => c.connections.list({ healthStatus: 'healthy' })],
        ['connections.get', (c) => c.connections.get(production.id)],
        ['connections.iterate', (c) => collect(c.connections.iterate({ limit: 1 }))],
        ['healthChecks.list', (c) => c.healthChecks.list(production.id, { limit: 1 })],
        [
          'healthChecks.iterate',
          (c) => collect(c.healthChecks.iterate(production.id, { limit: 1 })),
        ],
        ['healthChecks.latest', (c) => c.healthChecks.latest(production.id)],
        ['summary', (c) => c.summary()],
        // The window ends at the server's "now": compare all but its bounds.
        ['uptime', async (c) => withoutBounds(await c.uptime(production.id, '7d'))],
        ['latency', (c) => c.latency(production.id, { bucket: 'day', window: '7d' })],
        ['events.list', (c) => c.events.list({ connectionId: production.id })],
        ['reports.uptime', (c) => c.reports.uptime({ from, to })],
        ['reports.uptimeCsv', (c) => c.reports.uptimeCsv({ from, to })],
      ];
      for (const [name, call] of calls) {
        const [validated, unvalidated] = [await call(ctx.client), await call(plain)];
        expect(unvalidated, name).toStrictEqual(validated);
      }
    });

    it('returns null for the latest check of a connection never checked', async () => {
      const fresh = await plain.connections.create({ integrationId: slack.id, name: 'Fresh' });
      await expect(plain.healthChecks.latest(fresh.id)).resolves.toBeNull();
      await plain.connections.delete(fresh.id);
      await expect(plain.connections.get(fresh.id)).rejects.toBeInstanceOf(NotFoundError);
    });

    it('maps error responses to the same error classes as the validating client', async () => {
      const otherPlain = createUnvalidatedHealthClient({
        baseUrl: ctx.baseUrl,
        apiKey: ctx.otherApiKey,
        retry: 0,
      });
      const notFound = await caught(otherPlain.connections.get(production.id));
      expect(notFound).toEqual(await caught(ctx.other.connections.get(production.id)));
      expect(notFound.type).toBe(NotFoundError);

      const badBody = (client: HealthClient) =>
        client.integrations.update(slack.id, { healthCheckConfig: { intervalMinutes: 0 } });
      const invalid = await caught(badBody(plain));
      expect(invalid).toEqual(await caught(badBody(ctx.client)));
      expect(invalid.type).toBe(ValidationError);
      expect(invalid.details?.field).toBe('healthCheckConfig.intervalMinutes');

      const wrongKey = createUnvalidatedHealthClient({
        baseUrl: ctx.baseUrl,
        apiKey: 'wgk_not_a_real_key_0000000000',
        retry: 0,
      });
      await expect(wrongKey.summary()).rejects.toBeInstanceOf(UnauthorizedError);
    });

    it('maps the manual-check limit to RateLimitedError with the server’s Retry-After', async () => {
      const busy = await plain.connections.create({ integrationId: slack.id, name: 'Busy' });
      for (let n = 0; n < MANUAL_CHECK_LIMIT; n++) await plain.healthChecks.trigger(busy.id);
      const error = await plain.healthChecks.trigger(busy.id).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(RateLimitedError);
      expect((error as RateLimitedError).retryAfterMs).toBeGreaterThan(0);
    });
  },
);

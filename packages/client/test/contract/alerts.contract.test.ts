import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createTestServer, type TestServer } from '@waygate/health-server';
import { DATABASES } from '@waygate/test-utils';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createMaintenanceWindowsResource,
  createNotificationChannelsResource,
  createTransport,
  NotFoundError,
  ValidationError,
} from '../../src/index';

/** A loopback Slack-like receiver that records bodies and answers `status`. */
async function startReceiver() {
  const bodies: string[] = [];
  let status = 200;
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk) => {
      body += chunk;
    });
    req.on('end', () => {
      bodies.push(body);
      res.writeHead(status).end('ok');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/services/T/B/secret`,
    bodies,
    answer: (next: number) => {
      status = next;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

describe.each(DATABASES)('alerts resources against the reference server on %s', (database) => {
  let server: TestServer;
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  let channels: ReturnType<typeof createNotificationChannelsResource>;
  let windows: ReturnType<typeof createMaintenanceWindowsResource>;
  let otherChannels: ReturnType<typeof createNotificationChannelsResource>;

  beforeAll(async () => {
    receiver = await startReceiver();
    server = await createTestServer({
      database,
      allowOutbound: '127.0.0.1',
      config: { outboundAllow: '127.0.0.1' },
    });
    const baseUrl = await server.listen();
    const a = await server.createTenant();
    const b = await server.createTenant();
    const transport = (apiKey: string) => createTransport({ baseUrl, apiKey, retry: 0 });
    channels = createNotificationChannelsResource(transport(a.apiKey));
    windows = createMaintenanceWindowsResource(transport(a.apiKey));
    otherChannels = createNotificationChannelsResource(transport(b.apiKey));
  }, 60_000);
  afterAll(async () => {
    await server?.close();
    await receiver?.close();
  });

  it('creates, tests, updates, lists and deletes a Slack channel; the URL never comes back', async () => {
    const created = await channels.create({
      type: 'slack',
      name: 'Ops',
      config: { webhookUrl: receiver.url },
    });
    expect(created).toMatchObject({ type: 'slack', name: 'Ops', lastDelivery: null });
    expect(created.config.webhookUrlHint).toBe(
      `http://127.0.0.1:${new URL(receiver.url).port}/…cret`,
    );
    expect(JSON.stringify(created)).not.toContain('/services/T/B/secret');

    const ok = await channels.test(created.id);
    expect(ok).toMatchObject({ delivered: true, statusCode: 200, error: null });
    expect(JSON.parse(receiver.bodies.at(-1)!).blocks[0].type).toBe('header');
    receiver.answer(500);
    const failed = await channels.test(created.id);
    expect(failed.delivered).toBe(false);
    expect((await channels.get(created.id)).lastDelivery).toMatchObject({ status: 'failed' });

    const renamed = await channels.update(created.id, {
      name: 'Ops renamed',
      filter: { statuses: ['unhealthy', 'degraded'] },
    });
    expect(renamed.filter.statuses).toEqual(['unhealthy', 'degraded']);
    expect((await channels.list()).data.map((c) => c.id)).toEqual([created.id]);
    expect((await channels.messages(created.id)).data).toEqual([]);
    await expect(otherChannels.get(created.id)).rejects.toBeInstanceOf(NotFoundError);
    await channels.delete(created.id);
    await expect(channels.get(created.id)).rejects.toBeInstanceOf(NotFoundError);
  });

  it('turns bad input into a ValidationError naming the field', async () => {
    const error = await channels
      .create({ type: 'pagerduty', name: 'PD', config: { routingKey: 'x' } })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).field).toBe('config.routingKey');
  });

  it('manages a weekly maintenance window', async () => {
    const created = await windows.create({
      name: 'Sunday deploys',
      rrule: 'FREQ=WEEKLY;BYDAY=SU;BYHOUR=2;BYMINUTE=0',
      durationMinutes: 60,
      timeZone: 'Europe/Berlin',
    });
    expect(created).toMatchObject({
      rrule: 'FREQ=WEEKLY;BYDAY=SU;BYHOUR=2;BYMINUTE=0',
      active: false,
    });
    expect(created.nextOccurrence).not.toBeNull();
    const updated = await windows.update(created.id, { durationMinutes: 90 });
    expect(updated.durationMinutes).toBe(90);
    expect((await windows.list()).data).toHaveLength(1);
    const error = await windows
      .create({ name: 'bad', rrule: 'FREQ=SOMETIMES', durationMinutes: 5, timeZone: 'UTC' })
      .catch((e: unknown) => e);
    expect((error as ValidationError).field).toBe('rrule');
    await windows.delete(created.id);
    await expect(windows.get(created.id)).rejects.toBeInstanceOf(NotFoundError);
  });
});

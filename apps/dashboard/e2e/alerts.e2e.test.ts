import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { createHealthClient } from '@waygate/health-client';
import { createApp, createTestServer, type TestServer } from '@waygate/health-server';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { axeViolations, formatViolations } from './support/axe';
import { chromiumAvailable, launchChromium } from './support/chromium';
import { open, signedIn } from './support/pages';
import { DIST_DIR, type TestStack } from './support/test-stack';

describe.skipIf(!chromiumAvailable())('alerts page in Chromium', () => {
  let browser: Browser;
  let server: TestServer;
  let url: string;
  let apiKey: string;
  let close: () => Promise<void>;
  const received: string[] = [];
  const receiver = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk) => {
      body += chunk;
    });
    req.on('end', () => {
      received.push(body);
      res.writeHead(200).end('ok');
    });
  });

  beforeAll(async () => {
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    // A real server whose outbound guard allows the loopback receiver, serving the built dashboard.
    server = await createTestServer({ config: { outboundAllow: '127.0.0.1' } });
    const app = createApp({ ...server.deps, staticDir: DIST_DIR });
    const http = await new Promise<ReturnType<typeof serve>>((resolve) => {
      const s = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(s));
    });
    url = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
    apiKey = (await server.createTenant('Alerts tenant')).apiKey;
    close = async () => {
      await new Promise<void>((resolve) => http.close(() => resolve()));
      await server.close();
    };
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await close?.();
    await new Promise<void>((resolve) => receiver.close(() => resolve()));
  });

  it('adds a Slack channel, sends a test, shows its state; adds a weekly window; no axe violations', async () => {
    const { context, page, errors } = await signedIn(browser, { url, apiKey } as TestStack);
    await open(page, `${url}/alerts`);
    await page.getByRole('heading', { level: 1, name: 'Alerts' }).waitFor();
    expect(await page.getByText('No channels yet').count()).toBe(1);

    const port = (receiver.address() as AddressInfo).port;
    await page.getByLabel('Name', { exact: true }).first().fill('Ops Slack');
    await page
      .getByLabel('Incoming webhook URL')
      .fill(`http://127.0.0.1:${port}/services/T/B/secret`);
    await page.getByRole('button', { name: 'Add channel' }).click();
    const card = page.locator('[data-slot="channel"]');
    await card.waitFor();
    expect(await card.textContent()).toContain('Ops Slack');
    expect(await card.textContent()).not.toContain('/services/T/B/secret');

    await card.getByRole('button', { name: 'Send test' }).click();
    await card.getByText('Test message delivered.').waitFor();
    expect(JSON.parse(received.at(-1)!).blocks[0].type).toBe('header');
    await card.getByText(/^✓ Delivered/).waitFor();

    // A wrong input is shown next to its field, with the server's message.
    await page.getByLabel('Type').selectOption('pagerduty');
    await page.getByLabel('Name', { exact: true }).first().fill('Paging');
    await page.getByLabel('Integration (routing) key').fill('short');
    await page.getByRole('button', { name: 'Add channel' }).click();
    await page.getByRole('alert').filter({ hasText: 'routingKey' }).waitFor();

    await page.getByLabel('Name', { exact: true }).last().fill('Sunday deploys');
    await page.getByLabel('Time zone').fill('Europe/Berlin');
    await page.getByRole('button', { name: 'Add window' }).click();
    await page.getByText(/FREQ=WEEKLY;BYDAY=SU;BYHOUR=2;BYMINUTE=0 for 60 min/).waitFor();
    expect(await page.getByText(/next /).count()).toBeGreaterThan(0);

    const violations = await axeViolations(page);
    expect(violations, formatViolations(violations)).toEqual([]);
    expect(errors.filter((e) => !e.includes('400'))).toEqual([]);
    await context.close();
  });
  it('a one-off window in progress: the row says "Maintenance", the overview counts it', async () => {
    const client = createHealthClient({ baseUrl: url, apiKey, retry: 0 });
    const integration = await client.integrations.create({
      name: 'Acme',
      baseUrl: 'https://acme.example',
      authType: 'bearer',
    });
    await client.connections.create({
      integrationId: integration.id,
      name: 'Billing',
      credentials: { type: 'bearer', token: 'token-billing' },
    });
    const { context, page, errors } = await signedIn(browser, { url, apiKey } as TestStack);
    await open(page, `${url}/alerts`);
    await page.getByRole('heading', { level: 1, name: 'Alerts' }).waitFor();
    // datetime-local values in the browser's own zone: five minutes ago to in an hour.
    const local = (offsetMinutes: number) =>
      page.evaluate((minutes) => {
        const at = new Date(Date.now() + minutes * 60_000);
        return new Date(at.getTime() - at.getTimezoneOffset() * 60_000).toISOString().slice(0, 16);
      }, offsetMinutes);
    await page.getByLabel('Name', { exact: true }).last().fill('Hotfix');
    await page.getByLabel('Repeats').selectOption('once');
    await page.getByLabel(/^Starts/).fill(await local(-5));
    await page.getByLabel(/^Ends/).fill(await local(60));
    await page.getByRole('button', { name: 'Add window' }).click();
    await page.getByText(/One-off window — in progress until/).waitFor();

    await open(page, url);
    await page.getByRole('link', { name: '1 connection in maintenance' }).waitFor();
    const stat = page.locator('[data-slot="summary-in-maintenance"] dd');
    expect(await stat.textContent()).toBe('1');
    const overviewViolations = await axeViolations(page);
    expect(overviewViolations, formatViolations(overviewViolations)).toEqual([]);

    await open(page, `${url}/connections`);
    const row = page.locator('[data-slot="connection-row"]').filter({ hasText: 'Billing' });
    await row.getByRole('button', { name: /^Maintenance\s*, last status: Not checked$/ }).waitFor();
    expect(await row.getAttribute('data-state')).toBe('maintenance');
    expect(errors).toEqual([]);
    await context.close();
  });
});

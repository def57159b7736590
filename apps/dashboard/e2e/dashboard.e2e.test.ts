import { createHealthClient } from '@waygate/health-client';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumAvailable, launchChromium } from './support/chromium';
import { DESKTOP, open, screenshot, settle, signedIn, watchErrors } from './support/pages';
import { startTestStack, type TestStack } from './support/test-stack';

describe.skipIf(!chromiumAvailable())('dashboard in Chromium', () => {
  let stack: TestStack;
  let browser: Browser;

  beforeAll(async () => {
    [stack, browser] = await Promise.all([startTestStack(), launchChromium()]);
  });
  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
  });

  it('refuses a wrong API key with a clear message, then signs in with the right one', async () => {
    const context = await browser.newContext({ viewport: DESKTOP });
    const page = await context.newPage();
    const errors = watchErrors(page);
    await page.goto(`${stack.url}/connections`);
    await page.getByLabel('API key').fill('wgh_not-a-real-key');
    await page.getByRole('button', { name: 'Sign in' }).click();
    const alert = page.getByRole('alert');
    await alert.waitFor();
    expect(await alert.textContent()).toContain('That API key was not accepted');
    expect(await page.evaluate(() => sessionStorage.length)).toBe(0);
    expect(await page.locator('nav[aria-label="Main"]').count()).toBe(0);
    await screenshot(page, 'sign-in-wrong-key');

    await page.getByLabel('API key').fill(stack.apiKey);
    await page.getByRole('button', { name: 'Sign in' }).click();
    // The deep link survives sign-in: the user lands on the page they asked for.
    await page.getByRole('heading', { level: 1, name: 'Connections' }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/connections');
    // The one expected error is the browser logging the refused request (401).
    expect(errors.filter((e) => !e.includes('401'))).toEqual([]);
    await context.close();
  });

  it('a key revoked mid-session sends the user back to sign in, with the reason', async () => {
    const { apiKey } = await stack.server.createTenant('Soon revoked');
    const { context, page } = await signedIn(browser, { ...stack, apiKey });
    await open(page, `${stack.url}/`);
    await page.getByRole('heading', { level: 1, name: 'Overview' }).waitFor();
    // The API has no revoke endpoint yet: revoke the key the way an operator would, in the table.
    await stack.server.db.query(
      `UPDATE api_keys SET revoked_at = now() WHERE tenant_id = (SELECT id FROM tenants WHERE name = $1)`,
      ['Soon revoked'],
    );
    await page.getByRole('link', { name: 'Connections', exact: true }).first().click();
    const alert = page.locator('[data-slot="sign-in-error"]');
    await alert.waitFor();
    expect(await alert.textContent()).toContain('no longer accepted');
    expect(await page.evaluate(() => sessionStorage.getItem('waygate-health.api-key'))).toBeNull();
    await context.close();
  });

  it('lists every connection with the right badge, unhealthy first, each with Check now', async () => {
    const { context, page, errors } = await signedIn(browser, stack);
    await open(page, `${stack.url}/connections`);
    const { healthy, degraded, unhealthy, flapping, neverChecked } = stack.seeded;
    const badge = (id: string) =>
      page.locator(`[data-connection-id="${id}"] [data-slot="health-status-badge"]`);
    expect(await badge(healthy.id).getAttribute('data-state')).toBe('healthy');
    expect(await badge(degraded.id).getAttribute('data-state')).toBe('degraded');
    expect(await badge(unhealthy.id).getAttribute('data-state')).toBe('unhealthy');
    expect(await badge(flapping.id).getAttribute('data-state')).toBe('unhealthy');
    expect(await badge(neverChecked.id).getAttribute('data-state')).toBe('unknown');
    expect(await badge(healthy.id).textContent()).toContain('Healthy');

    const rows = page.locator('[data-slot="connection-row"]');
    const states = await rows.evaluateAll((els) => els.map((el) => el.getAttribute('data-state')));
    expect(states.slice(0, 2)).toEqual(['unhealthy', 'unhealthy']);
    expect(states).toHaveLength(5);
    const row = page.locator(`[data-connection-id="${healthy.id}"]`);
    expect(await row.textContent()).toMatch(/Last checked: (just now|\d+ minutes? ago)/);
    expect(await row.textContent()).toContain('Acme CRM');
    await row.getByRole('button', { name: 'Check now: Production' }).waitFor();
    expect(await page.locator('[data-slot="page-range"]').textContent()).toContain('1–5 of 5');

    // Filtering by status narrows the list and lands in the URL (deep-linkable).
    await page.getByRole('combobox', { name: /^Status/ }).selectOption('unhealthy');
    await page.waitForURL(/status=unhealthy/);
    await settle(page);
    await page.waitForFunction(
      () => document.querySelectorAll('[data-slot="connection-row"]').length === 2,
    );
    expect(
      await rows.evaluateAll((els) =>
        els.every((el) => el.getAttribute('data-state') === 'unhealthy'),
      ),
    ).toBe(true);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('counts the never-checked connection as Not checked, not healthy', async () => {
    const { context, page, errors } = await signedIn(browser, stack);
    await open(page, `${stack.url}/`);
    const totals = page.locator('[data-slot="summary-totals"]');
    await totals.waitFor();
    const stats = await totals.evaluate((dl) =>
      Object.fromEntries(
        [...dl.querySelectorAll('dt')].map((dt) => [
          dt.textContent,
          dt.nextElementSibling?.textContent,
        ]),
      ),
    );
    expect(stats).toMatchObject({
      Connections: '5',
      Healthy: '1',
      Degraded: '1',
      Unhealthy: '2',
      'Not checked': '1',
    });
    const shortcut = page.locator('.shortcut[data-state="healthy"]');
    expect(await shortcut.textContent()).toBe('1 healthy connection');

    // The healthy list also holds the never-checked connection, badged and counted apart.
    await shortcut.click();
    await page.waitForURL(/status=healthy/);
    await settle(page);
    await page.getByText('1 healthy connection and 1 not checked yet.').waitFor();
    const { healthy, neverChecked } = stack.seeded;
    const rows = page.locator('[data-slot="connection-row"]');
    const states = await rows.evaluateAll((els) =>
      Object.fromEntries(
        els.map((el) => [el.getAttribute('data-connection-id'), el.getAttribute('data-state')]),
      ),
    );
    expect(states).toEqual({ [healthy.id]: 'healthy', [neverChecked.id]: 'unknown' });
    expect(await page.locator('[data-slot="page-range"]').textContent()).toContain('1–2 of 2');
    expect(errors).toEqual([]);
    await context.close();
  });

  it('Check now creates a manual check that appears in the history without a reload', async () => {
    const { context, page, errors } = await signedIn(browser, stack);
    const { healthy } = stack.seeded;
    await open(page, `${stack.url}/connections/${healthy.id}/history`);
    const manualRows = page.locator('[data-slot="health-check-table"] tbody tr', {
      hasText: 'Manual',
    });
    const before = await manualRows.count();
    const apiBefore = (await stack.client.healthChecks.list(healthy.id, { checkType: 'manual' }))
      .data.length;
    await page.evaluate(() => {
      (window as unknown as { notReloaded: boolean }).notReloaded = true;
    });

    await page.locator('.page-actions').getByRole('button', { name: 'Check now' }).click();
    await page.waitForFunction(
      (n) =>
        Array.from(document.querySelectorAll('[data-slot="health-check-table"] tbody tr')).filter(
          (tr) => tr.textContent?.includes('Manual'),
        ).length === n,
      before + 1,
    );
    expect(
      await page.evaluate(() => (window as unknown as { notReloaded?: boolean }).notReloaded),
    ).toBe(true);
    const apiAfter = await stack.client.healthChecks.list(healthy.id, { checkType: 'manual' });
    expect(apiAfter.data.length).toBe(apiBefore + 1);
    // The newest row is the check just made.
    const firstRow = page.locator('[data-slot="health-check-table"] tbody tr').first();
    expect(await firstRow.textContent()).toContain('Manual');

    // From the list too: the row's button runs a check of that connection.
    await open(page, `${stack.url}/connections`);
    await page.getByRole('button', { name: 'Check now: Production' }).click();
    await page.waitForFunction(
      () => !document.querySelector('[data-slot="check-now"] button[data-state="pending"]'),
    );
    const afterList = await stack.client.healthChecks.list(healthy.id, { checkType: 'manual' });
    expect(afterList.data.length).toBe(apiBefore + 2);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('filters narrow the history, and the filtered view is deep-linkable', async () => {
    const { context, page, errors } = await signedIn(browser, stack);
    const { flapping } = stack.seeded;
    await open(page, `${stack.url}/connections/${flapping.id}/history`);
    const rows = page.locator('[data-slot="health-check-table"] tbody tr:not(.wg-details-row)');
    const all = await rows.count();
    expect(all).toBeGreaterThanOrEqual(4);

    await page.getByRole('combobox', { name: /^Status/ }).selectOption('unhealthy');
    await page.waitForURL(/status=unhealthy/);
    await settle(page);
    const statuses = await rows.evaluateAll((trs) =>
      trs.map((tr) => tr.getAttribute('data-state')),
    );
    expect(statuses.length).toBeGreaterThan(0);
    expect(statuses.length).toBeLessThan(all);
    expect(new Set(statuses)).toEqual(new Set(['unhealthy']));

    // Expanding a failed check shows the error and the suggested resolution.
    await rows.first().getByRole('button').click();
    const details = page.locator('[data-slot="health-check-details"]');
    await details.waitFor();
    expect(await details.locator('[data-slot="suggested-resolution"]').count()).toBe(1);

    // A reload keeps the filter (it lives in the URL).
    await page.reload();
    await settle(page);
    expect(await page.getByRole('combobox', { name: /^Status/ }).inputValue()).toBe('unhealthy');
    expect(await rows.count()).toBe(statuses.length);

    // A date range after today matches nothing.
    const tomorrow = new Date(Date.now() + 86_400_000);
    const day = `${tomorrow.getFullYear()}-${String(tomorrow.getMonth() + 1).padStart(2, '0')}-${String(tomorrow.getDate()).padStart(2, '0')}`;
    await page.getByLabel('From').fill(day);
    await page.waitForURL(/from=/);
    await settle(page);
    await page.getByText('No checks match these filters').waitFor();
    expect(errors).toEqual([]);
    await context.close();
  });

  it('shows a toast and bumps the bell when a connection changes state while open', async () => {
    const { context, page, errors } = await signedIn(browser, stack);
    const { healthy, actions } = stack.seeded;
    await open(page, `${stack.url}/`);
    const bell = page.locator('.bell-button');
    const unreadBefore = Number(await bell.getAttribute('data-unread'));
    expect(unreadBefore).toBeGreaterThan(0);

    // Someone else breaks the connection: its test action now answers 500.
    await stack.client.connections.update(healthy.id, {
      healthCheckTestActionId: actions.tickets.id,
    });
    await stack.client.healthChecks.trigger(healthy.id);

    const toast = page.locator('[data-slot="toast"]', { hasText: 'Production' });
    await toast.waitFor({ timeout: 30_000 });
    expect(await toast.textContent()).toContain('Healthy → Unhealthy');
    await page.waitForFunction(
      (n) => Number(document.querySelector('.bell-button')?.getAttribute('data-unread')) > n,
      unreadBefore,
    );
    expect(await bell.getAttribute('aria-label')).toMatch(/Notifications, \d+\+? unread/);
    await screenshot(page, 'overview-toast');

    // Opening the bell reads everything.
    await bell.click();
    await page.locator('.bell-panel').getByText('Production').first().waitFor();
    await page.waitForFunction(
      () => document.querySelector('.bell-button')?.getAttribute('data-unread') === '0',
    );
    await screenshot(page, 'notifications-bell-open');

    await stack.client.connections.update(healthy.id, { healthCheckTestActionId: null });
    await stack.client.healthChecks.trigger(healthy.id);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('changes the test action in use through the selector (PATCH)', async () => {
    const { context, page, errors } = await signedIn(browser, stack);
    const { degraded, actions } = stack.seeded;
    await open(page, `${stack.url}/connections/${degraded.id}`);
    expect(await page.locator('[data-slot="test-action-in-use"]').textContent()).toContain(
      'GET /slow',
    );

    await page.getByRole('combobox', { name: 'Test action' }).selectOption(actions.me.id);
    await page.getByRole('button', { name: 'Save test action' }).click();
    await page.getByText('Saved. The next check uses the new setting.').waitFor();
    expect((await stack.client.connections.get(degraded.id)).healthCheckTestActionId).toBe(
      actions.me.id,
    );
    await page.waitForFunction(() =>
      document.querySelector('[data-slot="test-action-in-use"]')?.textContent?.includes('GET /me'),
    );

    // The integration-level choice goes to healthCheckConfig.testActionId.
    await page.getByLabel('Every connection of Acme CRM').check();
    await page.getByRole('combobox', { name: 'Test action' }).selectOption(actions.flaky.id);
    await page.getByRole('button', { name: 'Save test action' }).click();
    await page.getByText('Saved. The next check uses the new setting.').waitFor();
    const integration = await stack.client.integrations.get(stack.seeded.integration.id);
    expect(integration.healthCheckConfig.testActionId).toBe(actions.flaky.id);

    await stack.client.integrations.update(integration.id, {
      healthCheckConfig: { testActionId: null },
    });
    await stack.client.connections.update(degraded.id, {
      healthCheckTestActionId: actions.slow.id,
    });
    expect(errors).toEqual([]);
    await context.close();
  });

  it('integration settings enable/disable checks and change the interval', async () => {
    const { context, page, errors } = await signedIn(browser, stack);
    const { integration } = stack.seeded;
    await open(page, `${stack.url}/integrations/${integration.id}`);
    // The base URL may wrap after a separator (<wbr>), never mid-word (issue 13).
    const url = page.locator('.page-header .url').first();
    expect(await url.evaluate((element) => element.querySelectorAll('wbr').length)).toBeGreaterThan(
      0,
    );
    expect(await url.evaluate((element) => getComputedStyle(element).overflowWrap)).toBe(
      'break-word',
    );
    // Its connections, listed with useConnections: one badge per row, from the row.
    await page
      .locator('[data-slot="integration-connections"] [data-slot="health-status-badge"]')
      .first()
      .waitFor();
    await page.getByLabel(/Run scheduled health checks/).uncheck();
    await page.getByLabel('Interval (minutes)').fill('0');
    await page.getByRole('button', { name: 'Save settings' }).click();
    // Out-of-range input is caught before any request, with the field named.
    expect(await page.getByRole('alert').textContent()).toContain('from 1 to 10080');

    await page.getByLabel('Interval (minutes)').fill('30');
    await page.getByRole('button', { name: 'Save settings' }).click();
    await page.getByText('Saved.').waitFor();
    const saved = await stack.client.integrations.get(integration.id);
    expect(saved.healthCheckConfig).toMatchObject({ enabled: false, intervalMinutes: 30 });

    await open(page, `${stack.url}/integrations`);
    expect(
      await page.locator('.integration-card', { hasText: 'Acme CRM' }).textContent(),
    ).toContain('Disabled');
    await stack.client.integrations.update(integration.id, {
      healthCheckConfig: { enabled: true, intervalMinutes: 15 },
    });
    expect(errors).toEqual([]);
    await context.close();
  });

  it('pages through more connections than fit on one page, with Back working', async () => {
    const { apiKey } = await stack.server.createTenant('Many connections');
    const client = createHealthClient({ baseUrl: stack.url, apiKey, retry: 0 });
    const integration = await client.integrations.create({
      name: 'Bulk API',
      baseUrl: `${stack.sandbox.url}/bulk`,
      authType: 'none',
    });
    for (let i = 0; i < 60; i += 1) {
      await client.connections.create({ integrationId: integration.id, name: `Customer ${i}` });
    }
    const { context, page, errors } = await signedIn(browser, { ...stack, apiKey });
    await open(page, `${stack.url}/connections`);
    const range = page.locator('[data-slot="page-range"]');
    expect(await range.textContent()).toBe('Showing 1–50 of 60');
    expect(await page.locator('[data-slot="connection-row"]').count()).toBe(50);

    await page.getByRole('button', { name: 'Next page' }).click();
    await page.waitForURL(/after=/);
    await page.waitForFunction(() =>
      document.querySelector('[data-slot="page-range"]')?.textContent?.includes('51–60'),
    );
    expect(await page.locator('[data-slot="connection-row"]').count()).toBe(10);
    expect(await page.getByRole('button', { name: 'Next page' }).isDisabled()).toBe(true);

    await page.goBack();
    await page.waitForFunction(() =>
      document.querySelector('[data-slot="page-range"]')?.textContent?.includes('1–50'),
    );
    expect(errors).toEqual([]);
    await context.close();
  });

  it('a tenant without connections sees empty states, not errors', async () => {
    const { apiKey } = await stack.server.createTenant('Empty tenant');
    const { context, page, errors } = await signedIn(browser, { ...stack, apiKey });
    await open(page, `${stack.url}/`);
    await page.getByText('No connections yet', { exact: true }).waitFor();
    await open(page, `${stack.url}/connections`);
    await page.getByText('No connections yet', { exact: true }).waitFor();
    await open(page, `${stack.url}/integrations`);
    await page.getByText('No integrations yet', { exact: true }).waitFor();
    await open(page, `${stack.url}/notifications`);
    await page.getByText('No status changes yet', { exact: true }).waitFor();
    expect(errors).toEqual([]);
    await context.close();
  });

  it('a failing API shows an error state whose Retry recovers', async () => {
    const { context, page } = await signedIn(browser, stack);
    // The one stub in the suite: a real server cannot be made to fail one endpoint on demand.
    let failing = true;
    await page.route('**/api/v1/health-checks/summary*', (route) =>
      failing
        ? route.fulfill({
            status: 503,
            contentType: 'application/json',
            body: JSON.stringify({
              success: false,
              error: { code: 'INTERNAL_ERROR', message: 'Database unavailable' },
            }),
          })
        : route.continue(),
    );
    await open(page, `${stack.url}/`);
    const alert = page.locator('[data-slot="error-state"]');
    await alert.waitFor();
    expect(await alert.textContent()).toContain('Health summary could not be loaded');
    failing = false;
    await alert.getByRole('button', { name: 'Retry' }).click();
    await page.locator('[data-slot="summary-totals"]').waitFor();
    await context.close();
  });

  it('deep links to an unknown connection show a not-found page, not an error', async () => {
    const { context, page } = await signedIn(browser, stack);
    await open(page, `${stack.url}/connections/conn_00000000000000000000000000`);
    await page.getByRole('heading', { level: 1, name: 'Connection not found' }).waitFor();
    await open(page, `${stack.url}/no/such/page`);
    await page.getByRole('heading', { level: 1, name: 'Page not found' }).waitFor();
    await context.close();
  });
});

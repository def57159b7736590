import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { axeViolations, formatViolations } from './support/axe';
import { chromiumAvailable, launchChromium } from './support/chromium';
import { horizontalOverflow, unreachableByKeyboard } from './support/keyboard';
import { DESKTOP, open, PHONE, screenshot, signedIn } from './support/pages';
import { startTestStack, type TestStack } from './support/test-stack';

interface PageCase {
  name: string;
  path: (stack: TestStack) => string;
  /** Brings the page into the state worth auditing (e.g. a row expanded). */
  prepare?: (page: Page) => Promise<void>;
}

const PAGES: PageCase[] = [
  { name: 'overview', path: () => '/' },
  { name: 'connections', path: () => '/connections' },
  { name: 'connection-detail', path: (s) => `/connections/${s.seeded.degraded.id}` },
  {
    name: 'history',
    path: (s) => `/connections/${s.seeded.flapping.id}/history`,
    prepare: async (page) => {
      await page
        .locator('[data-slot="health-check-table"] tbody tr')
        .nth(1)
        .getByRole('button')
        .click();
      await page.locator('[data-slot="health-check-details"]').waitFor();
    },
  },
  { name: 'integrations', path: () => '/integrations' },
  { name: 'integration-settings', path: (s) => `/integrations/${s.seeded.integration.id}` },
  { name: 'notifications', path: () => '/notifications' },
  {
    name: 'bell-open',
    path: () => '/connections?status=unhealthy',
    prepare: async (page) => {
      await page.locator('.bell-button').click();
      await page.locator('.bell-panel:not([hidden])').waitFor();
    },
  },
  { name: 'not-found', path: () => '/nowhere' },
];

describe.skipIf(!chromiumAvailable())('dashboard accessibility and layout in Chromium', () => {
  let stack: TestStack;
  let browser: Browser;

  beforeAll(async () => {
    [stack, browser] = await Promise.all([startTestStack(), launchChromium()]);
  });
  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
  });

  it('the sign-in page has no axe violations, is keyboard-usable and fits 360 px', async () => {
    for (const viewport of [DESKTOP, PHONE]) {
      const context = await browser.newContext({ viewport });
      const page = await context.newPage();
      await page.goto(stack.url);
      await page.getByLabel('API key').waitFor();
      if (viewport === DESKTOP) {
        expect(formatViolations(await axeViolations(page))).toBe('');
        expect(await unreachableByKeyboard(page)).toEqual([]);
        // Keyboard only: type the key, Enter submits.
        await page.getByLabel('API key').focus();
        await page.keyboard.type(stack.apiKey);
        await page.keyboard.press('Enter');
        await page.getByRole('heading', { level: 1, name: 'Overview' }).waitFor();
        await page.goto(`${stack.url}/`);
        await page.evaluate(() => sessionStorage.clear());
        await page.reload();
        await page.getByLabel('API key').waitFor();
      }
      expect(await horizontalOverflow(page)).toBe(0);
      await screenshot(page, `sign-in-${viewport === DESKTOP ? 'desktop' : 'phone'}`);
      await context.close();
    }
  });

  it.each(PAGES)('$name: zero axe violations, every control reachable by Tab', async (pageCase) => {
    const { context, page, errors } = await signedIn(browser, stack, DESKTOP);
    await open(page, `${stack.url}${pageCase.path(stack)}`);
    await pageCase.prepare?.(page);
    expect(formatViolations(await axeViolations(page))).toBe('');
    await screenshot(page, `${pageCase.name}-desktop`);
    if (pageCase.name !== 'bell-open') {
      expect(await unreachableByKeyboard(page)).toEqual([]);
    }
    expect(errors).toEqual([]);
    await context.close();
  });

  it.each(PAGES)(
    '$name: fits a 360 px wide screen without sideways scrolling',
    async (pageCase) => {
      const { context, page } = await signedIn(browser, stack, PHONE);
      await open(page, `${stack.url}${pageCase.path(stack)}`);
      await pageCase.prepare?.(page);
      expect(await horizontalOverflow(page)).toBe(0);
      expect(formatViolations(await axeViolations(page))).toBe('');
      await screenshot(page, `${pageCase.name}-phone`);
      await context.close();
    },
  );

  it('keyboard only: skip link, main navigation, and focus lands on the new page heading', async () => {
    const { context, page } = await signedIn(browser, stack, DESKTOP);
    await open(page, `${stack.url}/`);
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Skip to content');
    await page.keyboard.press('Enter');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('main');

    await page.getByRole('link', { name: 'Connections', exact: true }).first().focus();
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { level: 1, name: 'Connections' }).waitFor();
    await page.waitForFunction(() => document.activeElement?.tagName === 'H1');

    // Into a connection and its Check now button, by keyboard alone.
    const link = page.getByRole('link', { name: 'Production' });
    await link.focus();
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => document.activeElement?.textContent === 'Production');
    let reachedCheckNow = false;
    for (let i = 0; i < 15 && !reachedCheckNow; i += 1) {
      await page.keyboard.press('Tab');
      reachedCheckNow = await page.evaluate(
        () => document.activeElement?.textContent === 'Check now',
      );
    }
    expect(reachedCheckNow).toBe(true);
    await context.close();
  });
});

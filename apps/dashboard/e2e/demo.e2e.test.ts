import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backfillDemoHistory } from '../../server/src/demo/backfill-history';
import { type DemoHandle, startDemo } from '../../server/src/demo/start-demo';
import { chromiumAvailable, launchChromium } from './support/chromium';
import { DESKTOP, open, screenshot, signedIn } from './support/pages';
import { type BareStack, startTestStackBare } from './support/test-stack';

/**
 * `pnpm demo`'s first screen, as a user opens it: the demo tenant seeded through the API, the
 * week of history backfilled, the first live check run, the dashboard in real Chromium.
 */
describe.skipIf(!chromiumAvailable())('the demo in the dashboard', () => {
  let stack: BareStack;
  let demo: DemoHandle;
  let browser: Browser;
  const id = (scenario: string) => demo.seeded.connections.find((c) => c.scenario === scenario)!.id;

  beforeAll(async () => {
    [stack, browser] = await Promise.all([startTestStackBare(), launchChromium()]);
    demo = await startDemo({ apiUrl: stack.url, apiKey: stack.apiKey, sandbox: stack.sandbox });
    await backfillDemoHistory(stack.server.db, {
      connections: demo.seeded.connections,
      checkTimeoutMs: 5_000,
    });
    // The demo's first sweep, for the connection under test: the first live check.
    const response = await fetch(
      `${stack.url}/api/v1/connections/${id('flapping')}/health-checks`,
      {
        method: 'POST',
        headers: { authorization: `Bearer ${stack.apiKey}` },
      },
    );
    expect(response.status).toBe(201);
  }, 180_000);
  afterAll(async () => {
    await browser?.close();
    await demo?.stop();
    await stack?.stop();
  });

  const flappingLabel = (page: Page) => page.locator('[data-slot="flapping-label"]');

  it('labels the flapping connection "Flapping" from its first minute, and only that one', async () => {
    const { context, page, errors } = await signedIn(browser, stack);
    await open(page, `${stack.url}/connections/${id('flapping')}`);
    // Beside the status at the top of the page (in the first screen), and on the history.
    const label = page.locator('.wg-panel-status [data-slot="flapping-label"]');
    await label.waitFor();
    expect(await label.isVisible()).toBe(true);
    expect((await label.boundingBox())!.y).toBeLessThan(DESKTOP.height);
    // The word on screen; the why in its title and, for screen readers, in its text.
    expect(await label.textContent()).toMatch(/^Flapping: changed state \d+ times/);
    expect(await label.getAttribute('title')).toMatch(
      /^Changed state (6|7|8|9|10|11) times in the last 12 checks$/,
    );
    const onHistory = page.locator(
      '[data-slot="health-check-timeline"] > header [data-slot="flapping-label"]',
    );
    expect(await onHistory.isVisible()).toBe(true);
    await screenshot(page, 'demo-flapping-connection');

    for (const scenario of ['healthy', 'failing', 'slow']) {
      await open(page, `${stack.url}/connections/${id(scenario)}`);
      await page.getByText('Health check history').waitFor();
      expect(await flappingLabel(page).count(), scenario).toBe(0);
    }
    expect(errors).toEqual([]);
    await context.close();
  });

  it('keeps the summary tiles to at most two lines in dark mode at common widths', async () => {
    const widths = [1440, 1280, 1024, 768, 390, 360];
    const found: Record<string, number> = {};
    for (const width of widths) {
      const { context, page } = await signedIn(browser, stack, {
        ...DESKTOP,
        width,
      });
      await context.addInitScript(() => {
        document.documentElement.dataset.theme = 'dark';
      });
      await open(page, `${stack.url}/`);
      await page.evaluate(() => {
        document.documentElement.dataset.theme = 'dark';
      });
      // The demo's last check is seconds old ("just now"); the tile must also hold the longest
      // words it shows an hour later. Before the fix this took three lines at 768–1024 px.
      await page.$eval('[data-slot="summary-totals"] .wg-stat:last-child time', (time) => {
        time.textContent = '14 minutes ago';
      });
      const lines = await page.$$eval('[data-slot="summary-totals"] .wg-stat', (tiles) =>
        tiles.map((tile) => {
          const lineCount = (el: Element) => {
            const style = getComputedStyle(el);
            return Math.round(
              el.getBoundingClientRect().height / Number.parseFloat(style.lineHeight),
            );
          };
          return {
            name: tile.querySelector('dt')!.textContent!,
            dt: lineCount(tile.querySelector('dt')!),
            dd: lineCount(tile.querySelector('dd')!),
          };
        }),
      );
      for (const tile of lines) found[`${width} ${tile.name}`] = Math.max(tile.dt, tile.dd);
      await screenshot(page, `demo-overview-dark-${width}`);
      await context.close();
    }
    expect(Object.entries(found).filter(([, n]) => n > 2)).toEqual([]);
  });
});

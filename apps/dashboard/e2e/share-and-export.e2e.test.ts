import { readFileSync } from 'node:fs';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumAvailable, launchChromium } from './support/chromium';
import { open, signedIn } from './support/pages';
import { startTestStack, type TestStack } from './support/test-stack';

describe.skipIf(!chromiumAvailable())('badges and CSV export in Chromium', () => {
  let browser: Browser;
  let stack: TestStack;

  beforeAll(async () => {
    stack = await startTestStack();
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
  });

  it('creates a badge link, shows the Markdown and both badges, revokes it', async () => {
    const { context, page, errors } = await signedIn(browser, stack);
    const connection = stack.seeded.healthy;
    await open(page, `${stack.url}/connections/${connection.id}`);
    await page.getByRole('button', { name: 'Create badge link' }).click();
    const markdown = page.locator('[data-slot="badge-markdown"]');
    await markdown.waitFor();
    const text = await markdown.inputValue();
    expect(text).toMatch(
      /^!\[Production status\]\(http:\/\/127\.0\.0\.1:\d+\/badges\/wgb_[\w-]{43}\/status\.svg\) !\[Production uptime \(30 days\)\]\(.*\/uptime\.svg\?window=30d\)$/,
    );
    // The badges load as images under the dashboard's CSP and are drawn at their SVG width.
    const status = page.getByAltText('Production status badge');
    await expect
      .poll(() => status.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth))
      .toBeGreaterThan(0);
    const statusUrl = /\((http[^)]+status\.svg)\)/.exec(text)![1]!;
    const svg = await (await fetch(statusUrl)).text();
    const declared = Number(/<svg[^>]* width="(\d+)"/.exec(svg)![1]);
    expect(await status.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBe(declared);

    // Rendered alone in Chromium: every text fits its half, white on a dark enough fill.
    const badgePage = await context.newPage();
    await badgePage.goto(statusUrl);
    const layout = await badgePage.evaluate(() => {
      const texts = [...document.querySelectorAll('text:not([aria-hidden])')] as SVGTextElement[];
      const rects = [...document.querySelectorAll('g[clip-path] rect')].slice(
        0,
        2,
      ) as SVGRectElement[];
      return {
        texts: texts.map((t) => ({ value: t.textContent, width: t.getBBox().width * 0.1 })),
        halves: rects.map((r) => r.width.baseVal.value),
        fills: rects.map((r) => r.getAttribute('fill')),
      };
    });
    expect(layout.texts.map((t) => t.value)).toEqual(['Production', 'healthy']);
    layout.texts.forEach((t, i) => {
      expect(t.width).toBeGreaterThan(0);
      expect(t.width).toBeLessThanOrEqual(layout.halves[i]!);
    });
    const luminance = (hex: string) => {
      const [r, g, b] = [1, 3, 5].map((i) => {
        const c = Number.parseInt(hex.slice(i, i + 2), 16) / 255;
        return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
      });
      return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
    };
    for (const fill of layout.fills) {
      expect(1.05 / (luminance(fill!) + 0.05)).toBeGreaterThanOrEqual(4.5);
    }
    await badgePage.close();

    await page.getByRole('button', { name: 'Revoke badge link' }).click();
    await page.getByRole('button', { name: 'Create badge link' }).waitFor();
    expect((await fetch(statusUrl)).status).toBe(404);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('exports the uptime report as CSV', async () => {
    const { context, page, errors } = await signedIn(browser, stack);
    await open(page, `${stack.url}/connections/${stack.seeded.healthy.id}`);
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Export CSV' }).click(),
    ]);
    expect(download.suggestedFilename()).toBe('uptime-Production-30d.csv');
    const lines = readFileSync((await download.path())!, 'utf8').split('\r\n');
    expect(lines[0]).toBe(
      'connection_id,connection_name,integration_name,period_start,period_end,checks,uptime_percent,unhealthy_minutes,longest_outage_minutes',
    );
    // 31 UTC days, today last; today holds the seeded check.
    expect(lines.filter((l) => l.startsWith(stack.seeded.healthy.id))).toHaveLength(31);
    expect(lines.at(-2)).toMatch(/,Production,Acme CRM,.*,1,100,0,0$/);
    expect(errors).toEqual([]);
    await context.close();
  });
});

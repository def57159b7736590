import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { TestStack } from './test-stack';

export const RESULTS_DIR = fileURLToPath(new URL('../../test-results', import.meta.url));
mkdirSync(RESULTS_DIR, { recursive: true });

export const DESKTOP = { width: 1280, height: 900 };
export const PHONE = { width: 360, height: 780 };

export interface SignedIn {
  context: BrowserContext;
  page: Page;
  /** Uncaught exceptions and console errors seen so far (a healthy page has none). */
  errors: string[];
}

/** A browser context already signed in (the key in session storage, as the sign-in form leaves it). */
export async function signedIn(
  browser: Browser,
  stack: Pick<TestStack, 'apiKey'>,
  viewport = DESKTOP,
): Promise<SignedIn> {
  const context = await browser.newContext({ viewport, reducedMotion: 'reduce' });
  await context.addInitScript((key) => {
    window.sessionStorage.setItem('waygate-health.api-key', key);
  }, stack.apiKey);
  const page = await context.newPage();
  return { context, page, errors: watchErrors(page) };
}

export function watchErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(`pageerror: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(`console: ${message.text()}`);
  });
  return errors;
}

/** Navigates and waits until every loading state is gone (data shown, or an error/empty state). */
export async function open(page: Page, url: string): Promise<void> {
  await page.goto(url, { waitUntil: 'load' });
  await settle(page);
}

export async function settle(page: Page): Promise<void> {
  await page.waitForSelector('h1');
  await page.waitForFunction(
    () =>
      !document.querySelector(
        '[data-slot="loading-state"], [data-slot="page-loading"], [aria-busy="true"]',
      ),
    undefined,
    { timeout: 15_000 },
  );
}

export async function screenshot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: `${RESULTS_DIR}/${name}.png`, fullPage: true });
}

import { readFileSync } from 'node:fs';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { axeViolations } from './support/axe';
import { chromiumAvailable, launchChromium } from './support/chromium';
import { open, signedIn, watchErrors } from './support/pages';
import { DIST_DIR, startTestStack, type TestStack } from './support/test-stack';

// The dashboard runs under the server's Content-Security-Policy (apps/server README "Security"):
// every page loads and works with zero violations, and the policy really is enforced.

/** `directive → sources` of a policy, directive names lower-cased. */
function directives(policy: string): Map<string, string> {
  const map = new Map<string, string>();
  for (const part of policy.split(';')) {
    const [name, ...sources] = part.trim().split(/\s+/);
    if (name) map.set(name.toLowerCase(), sources.join(' '));
  }
  return map;
}

/** The policy the built index.html declares in its `<meta http-equiv>`. */
function builtMetaPolicy(): string {
  const html = readFileSync(`${DIST_DIR}/index.html`, 'utf8');
  const meta = /<meta http-equiv="Content-Security-Policy" content="([^"]*)"/i.exec(html);
  if (!meta?.[1]) throw new Error('dist/index.html has no Content-Security-Policy <meta>');
  return meta[1].replaceAll('&#39;', "'");
}

interface Violation {
  directive: string;
  blocked: string;
  sample: string;
}

/** Records every `securitypolicyviolation` in every page of the context, from the first byte. */
async function recordViolations(context: BrowserContext): Promise<void> {
  await context.addInitScript(() => {
    const list: Violation[] = [];
    (window as unknown as { __cspViolations: Violation[] }).__cspViolations = list;
    document.addEventListener('securitypolicyviolation', (event) => {
      list.push({
        directive: event.effectiveDirective,
        blocked: event.blockedURI,
        sample: event.sample,
      });
    });
  });
}

function violations(page: Page): Promise<Violation[]> {
  return page.evaluate(
    () => (window as unknown as { __cspViolations?: Violation[] }).__cspViolations ?? [],
  );
}

describe.skipIf(!chromiumAvailable())('dashboard under its Content-Security-Policy', () => {
  let stack: TestStack;
  let browser: Browser;

  beforeAll(async () => {
    [stack, browser] = await Promise.all([startTestStack(), launchChromium()]);
  });
  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
  });

  it('the page and its files carry the policy; the built page declares the same one', async () => {
    const response = await fetch(`${stack.url}/connections`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/html/);
    const policy = response.headers.get('content-security-policy') ?? '';
    const header = directives(policy);
    expect(header.get('default-src')).toBe("'self'");
    expect(header.get('script-src')).toBe("'self'");
    expect(header.get('style-src')).toBe("'self'");
    expect(header.get('connect-src')).toBe("'self'");
    expect(header.get('object-src')).toBe("'none'");
    expect(header.get('base-uri')).toBe("'none'");
    expect(header.get('frame-ancestors')).toBe("'none'");
    expect(policy).not.toMatch(/unsafe-inline|unsafe-eval|data:|\*/);
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('referrer-policy')).toBe('no-referrer');

    // The build's <meta> (for a dashboard hosted elsewhere) is the header minus frame-ancestors,
    // which browsers honour only as a header.
    const meta = directives(builtMetaPolicy());
    const expected = new Map(header);
    expected.delete('frame-ancestors');
    expect(meta).toEqual(expected);

    const html = await response.text();
    const script = /<script type="module" crossorigin src="([^"]+)"/.exec(html)?.[1];
    expect(script).toBeTruthy();
    expect(html).not.toMatch(/<script(?![^>]*\ssrc=)[^>]*>/); // no inline script
    expect(html).not.toMatch(/<style|\sstyle=/); // no inline style
    const asset = await fetch(`${stack.url}${script}`);
    expect(asset.status).toBe(200);
    expect(asset.headers.get('x-content-type-options')).toBe('nosniff');
    expect(asset.headers.get('content-security-policy')).toBeTruthy();
    const icon = await fetch(`${stack.url}/favicon.svg`);
    expect(icon.status).toBe(200);
    expect(icon.headers.get('content-type')).toBe('image/svg+xml');
  });

  it('signing in works with zero violations', async () => {
    const context = await browser.newContext();
    await recordViolations(context);
    const page = await context.newPage();
    const errors = watchErrors(page);
    await page.goto(stack.url);
    await page.getByLabel('API key').fill(stack.apiKey);
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { level: 1, name: 'Overview' }).waitFor();
    expect(await axeViolations(page)).toBeInstanceOf(Array); // the audit itself runs under CSP
    expect(await violations(page)).toEqual([]);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('every page loads, renders its charts and tooltips, and acts with zero violations', async () => {
    const { context, page, errors } = await signedIn(browser, stack);
    await recordViolations(context);
    const seen: Record<string, Violation[]> = {};
    const visit = async (path: string, act?: () => Promise<void>) => {
      await open(page, `${stack.url}${path}`);
      await act?.();
      seen[path] = await violations(page);
    };
    await visit('/');
    await visit('/connections', async () => {
      await page.locator('.wg-badge-trigger').first().hover();
      await page.locator('[data-slot="health-status-tooltip"]').first().waitFor();
    });
    await visit(`/connections/${stack.seeded.flapping.id}`, async () => {
      await page.getByRole('button', { name: 'Check now' }).first().click();
    });
    await visit(`/connections/${stack.seeded.flapping.id}/history`, async () => {
      await page
        .locator('[data-slot="health-check-table"] tbody tr')
        .nth(1)
        .getByRole('button')
        .click();
      await page.locator('[data-slot="health-check-details"]').waitFor();
    });
    await visit('/integrations');
    await visit(`/integrations/${stack.seeded.integration.id}`);
    await visit('/notifications', async () => {
      await page.locator('.bell-button').click();
      await page.locator('.bell-panel:not([hidden])').waitFor();
    });
    await visit('/nowhere');
    for (const [path, list] of Object.entries(seen)) expect(list, path).toEqual([]);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('the policy is enforced: an injected inline script and inline style are refused', async () => {
    const { context, page } = await signedIn(browser, stack);
    await recordViolations(context);
    await open(page, `${stack.url}/`);
    const ran = await page.evaluate(async () => {
      const flag = window as unknown as { __inlineRan?: boolean };
      const script = document.createElement('script');
      script.textContent = 'window.__inlineRan = true;';
      document.body.append(script);
      const holder = document.createElement('div');
      holder.innerHTML = '<p style="color: red">x</p>';
      document.body.append(holder);
      await new Promise((resolve) => setTimeout(resolve, 100));
      return flag.__inlineRan === true;
    });
    expect(ran).toBe(false);
    // Reported once per policy (the header and the page's <meta> both refuse).
    await expect
      .poll(async () => [...new Set((await violations(page)).map((v) => v.directive))].sort())
      .toEqual(['script-src-elem', 'style-src-attr']);
    await context.close();
  });
});

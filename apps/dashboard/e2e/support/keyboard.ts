import type { Page } from 'playwright-core';

/**
 * Tabs through the whole page and reports the interactive elements Tab never reached.
 * Every visible, enabled link, button, input, select and tabindex=0 element is tagged first;
 * then Tab is pressed until focus wraps around (or a generous cap).
 */
export async function unreachableByKeyboard(page: Page): Promise<string[]> {
  const total = await page.evaluate(() => {
    const selector =
      'a[href], button:not([disabled]), input:not([disabled]):not([type="hidden"]), select:not([disabled]), textarea:not([disabled]), [tabindex="0"]';
    const visible = (el: Element) => {
      const style = window.getComputedStyle(el);
      const rect = el.getBoundingClientRect();
      return (
        style.visibility !== 'hidden' &&
        style.display !== 'none' &&
        rect.width > 0 &&
        rect.height > 0
      );
    };
    let n = 0;
    for (const el of document.querySelectorAll(selector)) {
      if (!visible(el) || el.closest('[hidden], [inert]')) continue;
      el.setAttribute('data-e2e-focus-id', String(n));
      n += 1;
    }
    (document.activeElement as HTMLElement | null)?.blur();
    return n;
  });
  const reached = new Set<string>();
  // Radio groups take one Tab stop; arrow keys move inside them (the group counts once).
  for (let i = 0; i < total * 2 + 10; i += 1) {
    await page.keyboard.press('Tab');
    const id = await page.evaluate(() => {
      const el = document.activeElement;
      if (!el) return null;
      if (el instanceof HTMLInputElement && el.type === 'radio' && el.name) {
        for (const radio of document.querySelectorAll(
          `input[type="radio"][name="${CSS.escape(el.name)}"]`,
        )) {
          const rid = radio.getAttribute('data-e2e-focus-id');
          if (rid) radio.setAttribute('data-e2e-reached', '1');
        }
      }
      return el.getAttribute('data-e2e-focus-id');
    });
    if (id) reached.add(id);
  }
  return page.evaluate(
    (ids) =>
      Array.from(document.querySelectorAll('[data-e2e-focus-id]'))
        .filter(
          (el) =>
            !ids.includes(el.getAttribute('data-e2e-focus-id') ?? '') &&
            !el.hasAttribute('data-e2e-reached'),
        )
        .map(
          (el) =>
            `${el.tagName.toLowerCase()} "${(el.getAttribute('aria-label') ?? el.textContent ?? '').trim().slice(0, 60)}"`,
        ),
    [...reached],
  );
}

/** Horizontal overflow: the page is wider than the viewport (broken at 360 px). */
export async function horizontalOverflow(page: Page): Promise<number> {
  return page.evaluate(
    () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
  );
}

import type { Page } from 'playwright-core';

const CONTROLS =
  'a[href], button:not([disabled]), input:not([disabled]):not([type="hidden"]), select:not([disabled]), textarea:not([disabled]), [tabindex="0"]';

/**
 * Tabs through the whole page and reports the interactive elements the keyboard never reached.
 * Every visible, enabled link, button, input, select and tabindex=0 element counts. Composite
 * widgets follow the ARIA pattern: a toolbar is one Tab stop whose members are reached with the
 * arrow keys, and a radio group is one Tab stop too.
 */
export async function unreachableByKeyboard(page: Page): Promise<string[]> {
  const total = await page.evaluate((selector) => {
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
      // Programmatic focus targets (tabindex=-1) are not controls, unless inside a toolbar.
      if (el.getAttribute('tabindex') === '-1' && !el.closest('[role="toolbar"]')) continue;
      el.setAttribute('data-e2e-focus-id', String(n));
      n += 1;
    }
    (document.activeElement as HTMLElement | null)?.blur();
    return n;
  }, CONTROLS);

  const reached = new Set<string>();
  const record = async () => {
    const ids = await page.evaluate(() => {
      const el = document.activeElement;
      if (!el) return [];
      // Reaching one radio of a group reaches the group (arrow keys move inside it).
      if (el instanceof HTMLInputElement && el.type === 'radio' && el.name) {
        return Array.from(
          document.querySelectorAll(`input[type="radio"][name="${CSS.escape(el.name)}"]`),
        ).map((radio) => radio.getAttribute('data-e2e-focus-id') ?? '');
      }
      return [el.getAttribute('data-e2e-focus-id') ?? ''];
    });
    for (const id of ids) if (id) reached.add(id);
  };

  for (let i = 0; i < total + 10; i += 1) {
    await page.keyboard.press('Tab');
    await record();
  }

  // Inside each toolbar: from its Tab stop, Home then ArrowRight must visit every member.
  const toolbars = await page.evaluate(() =>
    Array.from(document.querySelectorAll('[role="toolbar"]')).map((toolbar, index) => {
      toolbar.setAttribute('data-e2e-toolbar', String(index));
      return { index, members: toolbar.querySelectorAll('[data-e2e-focus-id]').length };
    }),
  );
  for (const toolbar of toolbars) {
    const stop = page.locator(`[data-e2e-toolbar="${toolbar.index}"] [tabindex="0"]`).first();
    if ((await stop.count()) === 0) continue;
    await stop.focus();
    await page.keyboard.press('Home');
    await record();
    for (let i = 0; i < toolbar.members + 2; i += 1) {
      await page.keyboard.press('ArrowRight');
      await record();
    }
  }

  return page.evaluate(
    (ids) =>
      Array.from(document.querySelectorAll('[data-e2e-focus-id]'))
        .filter((el) => !ids.includes(el.getAttribute('data-e2e-focus-id') ?? ''))
        .map(
          (el) =>
            `${el.tagName.toLowerCase()} "${(el.getAttribute('aria-label') ?? el.textContent ?? '').trim().slice(0, 60)}"`,
        ),
    [...reached],
  );
}

/** Horizontal overflow in pixels: the page is wider than the viewport (broken at 360 px). */
export async function horizontalOverflow(page: Page): Promise<number> {
  return page.evaluate(
    () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
  );
}

import axe from 'axe-core';

/**
 * Runs axe on a rendered container and returns the violations (ids and targets), so a failing
 * assertion says what is wrong. jsdom cannot compute colours: contrast is checked by the story
 * tests in a real browser instead.
 */
export async function axeViolations(container: Element) {
  const result = await axe.run(container, {
    rules: { 'color-contrast': { enabled: false }, region: { enabled: false } },
  });
  return result.violations.map((violation) => ({
    id: violation.id,
    targets: violation.nodes.map((node) => node.target.join(' ')),
  }));
}

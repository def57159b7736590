import { chromiumAvailable as available, launchChromium as launch } from '@waygate/test-utils';
import { type Browser, chromium } from 'playwright-core';

// The launcher, path and flags live in @waygate/test-utils (one copy for every browser suite).
export { CHROMIUM_ARGS, CHROMIUM_PATH } from '@waygate/test-utils';

export function chromiumAvailable(): boolean {
  return available("the dashboard's browser tests");
}

export function launchChromium(): Promise<Browser> {
  return launch(chromium);
}

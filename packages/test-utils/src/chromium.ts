import { existsSync } from 'node:fs';

/** Debian's Chromium (installed by `.ci/run`); never a downloaded browser. */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Flags that let Chromium run headless in a container, without network side traffic. */
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/**
 * Whether browser suites can run. Without Chromium a newcomer's `pnpm test` skips them with a
 * message; in CI (`CI=true`) a missing browser is a failure, never a silent skip.
 */
export function chromiumAvailable(what = 'the browser tests'): boolean {
  if (existsSync(CHROMIUM_PATH)) return true;
  const hint = 'Install it (apt-get install -y chromium) or set CHROMIUM_PATH.';
  if (process.env.CI === 'true') {
    throw new Error(
      `Chromium not found at ${CHROMIUM_PATH}: CI=true, so ${what} must run. ${hint}`,
    );
  }
  console.warn(`\n[tests] Chromium not found at ${CHROMIUM_PATH}: ${what} are skipped. ${hint}\n`);
  return false;
}

/** The part of playwright-core's `chromium` this needs (the caller passes its own import). */
export interface ChromiumLauncher<B> {
  launch(options: { executablePath: string; args: string[]; headless: boolean }): Promise<B>;
}

/**
 * Launches Debian's Chromium headless with `CHROMIUM_ARGS`. Takes playwright-core's `chromium`
 * from the caller, so this package has no dependency of its own.
 */
export function launchChromium<B>(chromium: ChromiumLauncher<B>): Promise<B> {
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS, headless: true });
}

import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { storybookTest } from '@storybook/addon-vitest/vitest-plugin';
import react from '@vitejs/plugin-react';
import { playwright } from '@vitest/browser-playwright';
import { defineConfig, type TestProjectInlineConfiguration } from 'vitest/config';

const dirname = path.dirname(fileURLToPath(import.meta.url));
// Workspace packages resolve to their `src/` through the `source` export condition.
const conditions = ['@waygate/source', 'browser', 'import', 'module', 'default'];

// Story tests run in Debian's chromium, never a downloaded browser. On a machine without it they
// are skipped with a message; in CI (CI=true) they always run, so a missing browser fails loudly.
const chromium = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const runStories = process.env.CI === 'true' || existsSync(chromium);
// Vitest evaluates this file more than once; say it once.
if (!runStories && !process.env.WG_CHROMIUM_SKIP_NOTED) {
  process.env.WG_CHROMIUM_SKIP_NOTED = '1';
  console.warn(
    `\n[health-react] Skipping Storybook story tests: no Chromium at ${chromium}. ` +
      'Install it (apt-get install chromium) or set CHROMIUM_PATH. Unit tests still run.\n',
  );
}

const storyProject: TestProjectInlineConfiguration = {
  extends: true,
  plugins: [storybookTest({ configDir: path.join(dirname, '../../.storybook') })],
  test: {
    name: 'storybook',
    browser: {
      enabled: true,
      headless: true,
      provider: playwright({
        launchOptions: {
          executablePath: chromium,
          args: [
            '--headless',
            '--no-sandbox',
            '--disable-gpu',
            '--disable-quic',
            '--no-first-run',
            '--disable-background-networking',
            '--disable-component-update',
            '--disable-sync',
          ],
        },
      }),
      instances: [{ browser: 'chromium' }],
    },
    // One browser page at a time: the machine is shared.
    fileParallelism: false,
    testTimeout: 30_000,
  },
};

export default defineConfig({
  plugins: [react()],
  resolve: { conditions },
  ssr: { resolve: { conditions: ['@waygate/source', 'node', 'import', 'module', 'default'] } },
  test: {
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          environment: 'jsdom',
          include: ['src/**/*.test.{ts,tsx}'],
          setupFiles: ['./src/testing/setup-unit.ts'],
          // The machine is shared: jsdom renders can be slow under load, never wrong.
          testTimeout: 20_000,
          // Type tests: the real client SDK must satisfy the hooks' structural interface.
          typecheck: {
            enabled: true,
            include: ['src/**/*.test-d.ts'],
            tsconfig: './tsconfig.json',
          },
        },
      },
      ...(runStories ? [storyProject] : []),
    ],
  },
});

import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { StorybookConfig } from '@storybook/react-vite';

// Storybook and its addons are dependencies of packages/react (pnpm does not hoist them to the
// root), so resolve them from there rather than from this folder.
const require = createRequire(new URL('../packages/react/package.json', import.meta.url));
const packageDir = fileURLToPath(new URL('../packages/react', import.meta.url));
const packagePath = (name: string) => dirname(require.resolve(`${name}/package.json`));

const config: StorybookConfig = {
  stories: ['../packages/react/src/**/*.stories.@(ts|tsx)'],
  addons: [packagePath('@storybook/addon-a11y'), packagePath('@storybook/addon-vitest')],
  framework: { name: packagePath('@storybook/react-vite'), options: {} },
  core: { disableTelemetry: true, disableWhatsNewNotifications: true },
  viteFinal: async (viteConfig) => {
    // Workspace packages (health-core) are read from src/ through the `source` export condition.
    // Vite resolves pre-bundled deps and setup files from its root: use the package that
    // depends on Storybook and React, not the repository root (pnpm keeps them there only).
    viteConfig.root = packageDir;
    viteConfig.resolve ??= {};
    viteConfig.resolve.conditions = ['@waygate/source', 'browser', 'import', 'module', 'default'];
    // Our sources start with 'use client' (for React Server Components); a static Storybook
    // has no server, so Rollup dropping the directive is expected: say nothing, once per file.
    viteConfig.build ??= {};
    viteConfig.build.rollupOptions ??= {};
    const onwarn = viteConfig.build.rollupOptions.onwarn;
    viteConfig.build.rollupOptions.onwarn = (warning, warn) => {
      if (warning.code === 'MODULE_LEVEL_DIRECTIVE' && /use client/.test(warning.message)) return;
      if (onwarn) onwarn(warning, warn);
      else warn(warning);
    };
    return viteConfig;
  },
};

export default config;

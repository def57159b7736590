import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = fileURLToPath(new URL('../..', import.meta.url));

/**
 * The SDK from `src/` as one browser script (IIFE) exposing `globalThis.WaygateHealth`, for
 * pages that tests open in Chromium: the page gets its own realm and only what the bundle ships.
 */
export async function bundleSdkForBrowser(): Promise<string> {
  const result = await build({
    stdin: { contents: `export * from './src/index.ts';`, resolveDir: root, loader: 'ts' },
    bundle: true,
    write: false,
    format: 'iife',
    globalName: 'WaygateHealth',
    platform: 'browser',
    conditions: ['@waygate/source'],
    target: 'es2022',
    logLevel: 'silent',
  });
  return result.outputFiles[0]?.text ?? '';
}

import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { runInNewContext } from 'node:vm';
import { CHROMIUM_PATH, chromiumAvailable, launchChromium } from '@waygate/test-utils';
import { type Browser, chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bundleSdkForBrowser } from './support/browser-bundle';

// The SDK promises to run unchanged outside Node. These tests load one self-contained
// bundle (SDK + core + ky + zod, built for the browser platform) into two runtimes that have
// no Node API at all, and call a real HTTP server from them.

const KEY = 'wgk_runtime_key_0123456789';
const summary = {
  totalConnections: 4,
  healthy: 2,
  degraded: 0,
  unhealthy: 1,
  neverChecked: 1,
  lastCheckAt: '2026-01-25T10:15:00Z',
  uptimeLast24h: 98.5,
  connections: [],
};

let bundle: string;
let server: Server;
let origin: string;

beforeAll(async () => {
  bundle = await bundleSdkForBrowser();

  server = createServer((request, response) => {
    const url = request.url ?? '';
    if (url === '/page') {
      response.writeHead(200, { 'content-type': 'text/html' });
      response.end('<!doctype html><title>sdk</title><script src="/sdk.js"></script>');
      return;
    }
    if (url === '/sdk.js') {
      response.writeHead(200, { 'content-type': 'text/javascript' });
      response.end(bundle);
      return;
    }
    if (url.includes('/hang')) return;
    const authorised = request.headers.authorization === `Bearer ${KEY}`;
    const found = url.endsWith('/api/v1/health-checks/summary');
    const status = !authorised ? 401 : found ? 200 : 404;
    response.writeHead(status, { 'content-type': 'application/json' });
    response.end(
      JSON.stringify(
        status === 200
          ? { success: true, data: summary }
          : {
              success: false,
              error: { code: status === 401 ? 'UNAUTHORIZED' : 'NOT_FOUND', message: 'no' },
            },
      ),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

/**
 * The same scenario in every runtime: one success, one 404, one timeout, one abort.
 * `WaygateHealth` is the bundle's global; it returns plain data so any runtime can hand it back.
 */
const scenario = async (baseUrl: string, apiKey: string) => {
  const sdk = (globalThis as unknown as { WaygateHealth: typeof import('../src/index') })
    .WaygateHealth;
  const client = sdk.createHealthClient({ baseUrl, apiKey, retry: 0 });
  const describe = (error: unknown) => ({
    name: (error as Error).name,
    isApiError: error instanceof sdk.HealthApiError,
    isClientError: error instanceof sdk.HealthClientError,
    status: (error as { status?: number }).status,
  });
  const data = await client.summary();
  const notFound = await client.connections.get('conn_missing').catch(describe);
  const timeout = await sdk
    .createHealthClient({ baseUrl: `${baseUrl}/hang`, apiKey, timeoutMs: 50 })
    .summary()
    .catch(describe);
  const controller = new AbortController();
  const pending = client.summary({}, { signal: controller.signal });
  controller.abort(new Error('cancelled by caller'));
  const aborted = await pending.catch((error: Error) => error.message);
  return { data, notFound, timeout, aborted };
};

const expectScenario = (result: Awaited<ReturnType<typeof scenario>>) => {
  expect(result.data).toEqual(summary);
  expect(result.notFound).toEqual({
    name: 'NotFoundError',
    isApiError: true,
    isClientError: true,
    status: 404,
  });
  expect(result.timeout).toMatchObject({ name: 'TimeoutError', isClientError: true });
  expect(result.aborted).toBe('cancelled by caller');
};

describe('runtimes without Node APIs', () => {
  it('works in a sandbox that has only Web APIs (as an edge runtime does)', async () => {
    const web = {
      fetch,
      Request,
      Response,
      Headers,
      URL,
      URLSearchParams,
      AbortController,
      AbortSignal,
      DOMException,
      TextDecoder,
      TextEncoder,
      ReadableStream,
      Blob,
      FormData,
      setTimeout,
      clearTimeout,
      queueMicrotask,
      structuredClone,
      console,
    };
    const context: Record<string, unknown> = { ...web };
    context.globalThis = context;
    runInNewContext(bundle, context);
    expect(runInNewContext('typeof process + typeof Buffer + typeof require', context)).toBe(
      'undefinedundefinedundefined',
    );
    const run = runInNewContext(`(${scenario.toString()})`, context) as typeof scenario;
    expectScenario(await run(origin, KEY));
  });

  describe.skipIf(!chromiumAvailable('the SDK runtime tests in Chromium'))(
    `in Chromium (${CHROMIUM_PATH})`,
    () => {
      let browser: Browser;

      beforeAll(async () => {
        browser = await launchChromium(chromium);
      });

      afterAll(async () => {
        await browser?.close();
      });

      it('runs the same scenario from a page, same-origin, with the browser fetch', async () => {
        const page = await browser.newPage();
        await page.goto(`${origin}/page`);
        // Shipped as source text: the page has its own realm and only the bundle's global.
        const result = await page.evaluate(
          `(${scenario.toString()})(${JSON.stringify(origin)}, ${JSON.stringify(KEY)})`,
        );
        expectScenario(result as Awaited<ReturnType<typeof scenario>>);
      });
    },
  );
});

import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createTestServer, type TestServer } from '@waygate/health-server';
import { chromiumAvailable, launchChromium } from '@waygate/test-utils';
import { type Browser, chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bundleSdkForBrowser } from './support/browser-bundle';

// Issue 13, finding 1: a browser app on another origin could not call the API at all. Here a
// page served from one loopback origin (http://localhost:A) calls the real server on another
// (http://127.0.0.1:B) from real Chromium, through the SDK bundle, as an embedding app does.

let pageServer: Server;
let pageOrigin: string;
let browser: Browser;

const startApi = async (corsOrigins: string[]) => {
  const server = await createTestServer({ config: { corsOrigins } });
  const baseUrl = await server.listen();
  const { apiKey } = await server.createTenant();
  return { server, baseUrl, apiKey };
};

/** What the page does: a read, a 404 whose request id it can read, and a manual-check POST. */
const scenario = async (baseUrl: string, apiKey: string) => {
  const sdk = (globalThis as unknown as { WaygateHealth: typeof import('../src/index') })
    .WaygateHealth;
  const client = sdk.createHealthClient({ baseUrl, apiKey, retry: 0 });
  const describe = (error: unknown) => ({
    name: (error as Error).name,
    status: (error as { status?: number }).status,
    requestId: (error as { requestId?: string }).requestId,
  });
  const summary = await client
    .summary()
    .then((data) => ({ totalConnections: data.totalConnections }), describe);
  const notFound = await client.connections.get('conn_missing').catch(describe);
  const trigger = await client.healthChecks.trigger('conn_missing').catch(describe);
  return { summary, notFound, trigger };
};

describe.skipIf(!chromiumAvailable('the CORS tests in Chromium'))(
  'CORS from a second origin, in Chromium',
  () => {
    beforeAll(async () => {
      const sdk = await bundleSdkForBrowser();
      pageServer = createServer((request, response) => {
        if (request.url === '/sdk.js') {
          response.writeHead(200, { 'content-type': 'text/javascript' });
          response.end(sdk);
          return;
        }
        response.writeHead(200, { 'content-type': 'text/html' });
        response.end('<!doctype html><title>app</title><script src="/sdk.js"></script>');
      });
      await new Promise<void>((resolve) => pageServer.listen(0, '127.0.0.1', resolve));
      pageOrigin = `http://localhost:${(pageServer.address() as AddressInfo).port}`;
      browser = await launchChromium(chromium);
    }, 60_000);

    afterAll(async () => {
      await browser?.close();
      pageServer?.closeAllConnections();
      await new Promise((resolve) => pageServer?.close(resolve));
    });

    const runFromPage = async (api: { baseUrl: string; apiKey: string }) => {
      const page = await browser.newPage();
      try {
        await page.goto(`${pageOrigin}/`);
        expect(new URL(page.url()).origin).not.toBe(new URL(api.baseUrl).origin);
        return (await page.evaluate(
          `(${scenario.toString()})(${JSON.stringify(api.baseUrl)}, ${JSON.stringify(api.apiKey)})`,
        )) as Awaited<ReturnType<typeof scenario>>;
      } finally {
        await page.close();
      }
    };

    it('works when WAYGATE_CORS_ORIGINS lists the page origin: data, error codes, request ids', async () => {
      let api: { server: TestServer; baseUrl: string; apiKey: string } | undefined;
      try {
        api = await startApi([pageOrigin]);
        const result = await runFromPage(api);
        expect(result.summary).toEqual({ totalConnections: 0 });
        // The page reads the error envelope and the exposed X-Request-Id header.
        expect(result.notFound).toMatchObject({ name: 'NotFoundError', status: 404 });
        expect(result.notFound).toHaveProperty('requestId', expect.any(String));
        // A POST with a JSON body passes its preflight too.
        expect(result.trigger).toMatchObject({ name: 'NotFoundError', status: 404 });
      } finally {
        await api?.server.close();
      }
    }, 60_000);

    it('is blocked by the browser when the origin is not listed (the default)', async () => {
      let api: { server: TestServer; baseUrl: string; apiKey: string } | undefined;
      try {
        api = await startApi([]);
        const result = await runFromPage(api);
        // The browser hides why; the SDK can only say the request failed.
        expect(result.summary).toMatchObject({ name: 'NetworkError' });
        expect(result.notFound).toMatchObject({ name: 'NetworkError' });
      } finally {
        await api?.server.close();
      }
    }, 60_000);
  },
);

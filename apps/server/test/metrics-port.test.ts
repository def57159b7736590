import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../src/logger';
import { type RunningServer, serveCommand } from '../src/serve-command';
import { TEST_CONFIG } from '../src/testing/test-server';
import { parseExposition } from './support/prometheus-text';

/** A port free right now (listen on 0, read it, close). */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe('serve with WAYGATE_METRICS_PORT', () => {
  let server: RunningServer;
  let dataDir: string;
  let metricsPort: number;
  let closed = false;
  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'waygate-metrics-port-'));
    metricsPort = await freePort();
    server = await serveCommand(
      { ...TEST_CONFIG, dataDir, encryptionKey: randomBytes(32), metricsPort },
      { staticDir: null, logger: createLogger({ level: 'silent' }), print: () => {} },
    );
  }, 60_000);
  afterAll(async () => {
    if (!closed) await server?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('serves /metrics without a token on its own port; the API port keeps it off', async () => {
    const response = await fetch(`http://127.0.0.1:${metricsPort}/metrics`);
    expect(response.status).toBe(200);
    const families = parseExposition(await response.text());
    expect(families.get('waygate_checks_total')?.type).toBe('COUNTER');
    expect((await fetch(`http://127.0.0.1:${metricsPort}/api/v1/integrations`)).status).toBe(404);
    // No WAYGATE_METRICS_TOKEN: the API's own /metrics stays 404.
    expect((await fetch(`${server.url}/metrics`)).status).toBe(404);
  });

  it('closes the metrics port with the server', async () => {
    await server.close();
    closed = true;
    await expect(fetch(`http://127.0.0.1:${metricsPort}/metrics`)).rejects.toThrow();
  });
});

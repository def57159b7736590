import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { connect, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config';
import { createLogger } from '../src/logger';
import { type RunningServer, serveCommand } from '../src/serve-command';
import { TEST_CONFIG } from '../src/testing/test-server';

/** Opens a raw connection, writes `text`, and resolves with what came back and when it closed. */
function trickle(port: number, text: string) {
  return new Promise<{ closedAfterMs: number; received: string }>((resolve) => {
    const started = Date.now();
    let received = '';
    const socket: Socket = connect(port, '127.0.0.1', () => socket.write(text));
    socket.on('data', (chunk) => {
      received += chunk.toString();
    });
    socket.on('error', () => {});
    socket.on('close', () => resolve({ closedAfterMs: Date.now() - started, received }));
  });
}

describe('slow clients are cut off (WAYGATE_HTTP_*_TIMEOUT_MS)', () => {
  let server: RunningServer;
  let port: number;
  let dataDir: string;
  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'waygate-timeouts-'));
    server = await serveCommand(
      {
        ...TEST_CONFIG,
        dataDir,
        encryptionKey: randomBytes(32),
        httpHeadersTimeoutMs: 1_000,
        httpRequestTimeoutMs: 2_000,
      },
      { staticDir: null, logger: createLogger({ level: 'silent' }), print: () => {} },
    );
    port = Number(new URL(server.url).port);
  }, 60_000);
  afterAll(async () => {
    await server?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('headers that never finish: 408 and the socket closed, instead of held for a minute', async () => {
    const { closedAfterMs, received } = await trickle(port, 'GET /livez HTTP/1.1\r\nHost: x\r\n');
    expect(received).toMatch(/^HTTP\/1\.1 408/);
    // Node's default would hold it 60 s; the limit is 1 s, checked every ~0.33 s.
    expect(closedAfterMs).toBeLessThan(10_000);
  }, 20_000);

  it('a body that never finishes: cut after the request timeout', async () => {
    const { closedAfterMs, received } = await trickle(
      port,
      `POST /api/v1/integrations HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${server.apiKey}\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{"na`,
    );
    expect(received).toMatch(/^HTTP\/1\.1 408/);
    expect(closedAfterMs).toBeLessThan(15_000);
  }, 30_000);

  it('a prompt client is served as usual', async () => {
    const response = await fetch(`${server.url}/livez`);
    expect(response.status).toBe(200);
  });

  it('the limits come from the environment, and headers may not outlast the request', () => {
    const config = loadConfig({ WAYGATE_HTTP_HEADERS_TIMEOUT_MS: '5000' });
    expect(config.httpHeadersTimeoutMs).toBe(5_000);
    expect(config.httpRequestTimeoutMs).toBe(60_000);
    expect(() =>
      loadConfig({
        WAYGATE_HTTP_HEADERS_TIMEOUT_MS: '90000',
        WAYGATE_HTTP_REQUEST_TIMEOUT_MS: '60000',
      }),
    ).toThrow(/WAYGATE_HTTP_HEADERS_TIMEOUT_MS/);
  });
});

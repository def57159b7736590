import { existsSync } from 'node:fs';
import type { HealthCheck } from '@waygate/health-core';
import { describe, expect, it, vi } from 'vitest';
import type { Config } from '../config';
import { createTestServer } from '../testing/test-server';
import { createDemoApi } from './demo-api';
import { serveDemo } from './serve-demo';

const BASE_CONFIG: Config = {
  port: 0,
  host: '127.0.0.1',
  dataDir: '/nonexistent/should-be-replaced',
  manualCheckLimit: 6,
  checkTimeoutMs: 5_000,
  retentionDays: 7,
  logLevel: 'silent',
};

describe('serveDemo', () => {
  // Boots a server and the demo tenant and waits for the closing lines: slow on a loaded machine.
  it('allow-lists the sandbox, uses a fresh data directory, seeds the tenant and cleans up', {
    timeout: 90_000,
  }, async () => {
    let seen: Config | undefined;
    const lines: string[] = [];
    const demo = await serveDemo({
      config: BASE_CONFIG,
      print: (line) => lines.push(line),
      serve: async (config) => {
        seen = config;
        // The loopback upstream is reachable only if serveDemo put it on the allow list.
        const server = await createTestServer({ allowOutbound: config.outboundAllow ?? '' });
        const url = await server.listen();
        const { apiKey } = await server.createTenant('Default');
        return { url, apiKey, db: server.db, close: () => server.close() };
      },
    });
    try {
      expect(seen?.outboundAllow).toBe('127.0.0.1');
      // A cron secret, so the demo can run the first sweep at once (>= 16 characters enables it).
      expect(seen?.cronSecret?.length).toBeGreaterThanOrEqual(16);
      expect(seen?.dataDir).not.toBe(BASE_CONFIG.dataDir);
      expect(existsSync(seen!.dataDir)).toBe(true);
      // The URL and the key come last, after the first sweep's line, and call the data
      // throwaway (there is nothing to back up).
      await vi.waitFor(() => expect(lines).toContain(`  ${demo.apiKey}`), { timeout: 30_000 });
      const tail = lines.slice(-5).join('\n');
      expect(tail).toContain(`  Open      ${demo.url}`);
      expect(tail).toContain(`  ${demo.apiKey}`);
      expect(lines.join('\n')).toContain('throwaway data');
      // A week of history was backfilled before the first live checks (7 connections × 336).
      expect(lines.join('\n')).toMatch(/Demo history: 2352 checks over the past 7 days/);
      expect(lines.join('\n')).not.toMatch(/back up/i);

      const api = createDemoApi({ apiUrl: demo.url, apiKey: demo.apiKey });
      const connections = await api.page<{ id: string; name: string }>('/connections?limit=100');
      expect(connections.data).toHaveLength(7);
      const production = connections.data.find((c) => c.name === 'Acme · Production')!;
      const check = await api.post<HealthCheck>(
        `/connections/${production.id}/health-checks`,
        undefined,
      );
      expect(check).toMatchObject({ status: 'healthy', testActionSuccess: true });
    } finally {
      await demo.close();
    }
    expect(existsSync(seen!.dataDir)).toBe(false);
  });

  it('refuses with a clear message when the server created no tenant (a database in use)', async () => {
    await expect(
      serveDemo({
        config: { ...BASE_CONFIG, databaseUrl: 'postgres://example.invalid/db' },
        print: () => undefined,
        serve: async () => ({
          url: 'http://127.0.0.1:9',
          apiKey: null,
          close: async () => undefined,
        }),
      }),
    ).rejects.toThrow(/needs an empty database/);
  });
});

import { Writable } from 'node:stream';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createLogger } from '../src/logger';
import { type ApiResponse, apiClient } from './support/api';
import { describeEachDatabase } from './support/databases';
import { setupConnection } from './support/fixtures';
import { startUpstream, type Upstream } from './support/upstream';

// NFR-4: a canary secret goes in through every credential type and must come out nowhere:
// not in any table (dumped as text), not in any response, not in any log line.

const CANARY = 'CANARY_7f3a9e1d_SECRET';
const logLines: string[] = [];
const logger = createLogger({
  level: 'trace',
  destination: new Writable({
    write(chunk, _encoding, done) {
      logLines.push(String(chunk));
      done();
    },
  }),
});

let upstream: Upstream;
beforeAll(async () => {
  upstream = await startUpstream();
});
afterAll(async () => upstream.close());

describeEachDatabase(
  'secrets',
  ({ server }) => {
    it('never stores, returns or logs a credential', async () => {
      const { apiKey } = await server().createTenant();
      const api = apiClient(server, apiKey);
      const responses: ApiResponse[] = [];
      const record = async (p: Promise<ApiResponse>) => {
        const res = await p;
        responses.push(res);
        return res;
      };
      const cases = [
        { authType: 'bearer', credentials: { type: 'bearer', token: CANARY }, path: '/ok' },
        {
          authType: 'bearer',
          credentials: { type: 'bearer', token: CANARY },
          path: '/unauthorized',
        },
        { authType: 'bearer', credentials: { type: 'bearer', token: CANARY }, path: '/fail' },
        {
          authType: 'api_key',
          apiKeyPlacement: { in: 'query', name: 'key' },
          credentials: { type: 'api_key', key: CANARY },
          path: '/redirect',
        },
        {
          authType: 'basic',
          credentials: { type: 'basic', username: 'u', password: CANARY },
          path: '/ok',
        },
        {
          authType: 'oauth2',
          credentials: { type: 'oauth2', accessToken: CANARY, refreshToken: `${CANARY}_r` },
          path: '/limited',
        },
      ] as const;
      for (const c of cases) {
        const ids = await setupConnection(api, {
          baseUrl: upstream.url,
          path: c.path,
          authType: c.authType,
          credentials: c.credentials,
          ...('apiKeyPlacement' in c ? { apiKeyPlacement: c.apiKeyPlacement } : {}),
        });
        await record(api.post(`/connections/${ids.connectionId}/health-checks`));
        await record(api.get(`/connections/${ids.connectionId}`));
        await record(api.get(`/connections/${ids.connectionId}/health-checks`));
        await record(api.patch(`/connections/${ids.connectionId}`, { credentials: c.credentials }));
      }
      await record(api.get('/connections'));
      await record(api.get('/health-checks/summary'));
      await record(api.get('/health-events'));
      // A validation error on a body carrying the secret must not echo it either.
      await record(
        api.post('/connections', {
          integrationId: 'int_x',
          name: 'x',
          credentials: { type: 'bearer', token: CANARY, extra: CANARY },
        }),
      );

      // The upstream did receive it: the canary really travelled through the runner.
      expect(upstream.requests.some((r) => JSON.stringify(r).includes(CANARY))).toBe(true);
      for (const res of responses) expect(res.text).not.toContain(CANARY);

      const { rows: tables } = await server().db.query<{ name: string }>(
        `SELECT quote_ident(table_name) AS name FROM information_schema.tables
          WHERE table_schema = 'public' AND table_type = 'BASE TABLE'`,
      );
      expect(tables.length).toBeGreaterThan(5);
      for (const { name } of tables) {
        const { rows } = await server().db.query<{ t: string }>(
          `SELECT t::text AS t FROM ${name} t`,
        );
        for (const row of rows) expect(row.t, `table ${name}`).not.toContain(CANARY);
      }
      expect(logLines.length).toBeGreaterThan(0);
      for (const line of logLines) expect(line).not.toContain(CANARY);
    });

    it('tampered or moved ciphertext: a credential problem, no call, no 500, no leak', async () => {
      const { apiKey } = await server().createTenant();
      const api = apiClient(server, apiKey);
      upstream.reset();
      const a = await setupConnection(api, {
        baseUrl: upstream.url,
        credentials: { type: 'bearer', token: CANARY },
      });
      const b = await setupConnection(api, {
        baseUrl: upstream.url,
        credentials: { type: 'bearer', token: 'other' },
      });
      const { rows } = await server().db.query<{ id: string; credentials_ciphertext: string }>(
        'SELECT id, credentials_ciphertext FROM connections WHERE name = $1 ORDER BY created_at',
        ['Production'],
      );
      const [rowA, rowB] = rows.slice(-2);
      // Flip one character of A's ciphertext; copy A's (valid) ciphertext onto B.
      const text = rowA!.credentials_ciphertext;
      const i = text.length - 5;
      const tampered = text.slice(0, i) + (text[i] === 'A' ? 'B' : 'A') + text.slice(i + 1);
      await server().db.query('UPDATE connections SET credentials_ciphertext = $2 WHERE id = $1', [
        rowA!.id,
        tampered,
      ]);
      await server().db.query('UPDATE connections SET credentials_ciphertext = $2 WHERE id = $1', [
        rowB!.id,
        text,
      ]);

      for (const { connectionId } of [a, b]) {
        const res = await api.post(`/connections/${connectionId}/health-checks`);
        expect(res.status, res.text).toBe(201);
        expect(res.body.data).toMatchObject({
          status: 'unhealthy',
          credentialStatus: 'needs_reauth',
          error: { code: 'CREDENTIALS_NEEDS_REAUTH' },
        });
        expect(res.text).not.toContain(CANARY);
        expect(res.text).not.toContain(text.slice(0, 20));
        const detail = await api.get(`/connections/${connectionId}`);
        expect(detail.body.data.credentialStatus).toBe('needs_reauth');
      }
      expect(upstream.count()).toBe(0);
      // New credentials clear the flag.
      const fixed = await api.patch(`/connections/${a.connectionId}`, {
        credentials: { type: 'bearer', token: 'new' },
      });
      expect(fixed.body.data.credentialStatus).toBe('active');
    });
  },
  { logger },
);

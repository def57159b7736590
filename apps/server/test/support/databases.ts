import { randomBytes } from 'node:crypto';
import { DATABASES, type DatabaseKind } from '@waygate/test-utils';
import { afterAll, beforeAll, describe } from 'vitest';
import type { Database } from '../../src/db/database';
import { openPGliteDatabase } from '../../src/db/pglite-database';
import { openPostgresDatabase } from '../../src/db/postgres-database';
import {
  createTestServer,
  type TestServer,
  type TestServerOptions,
} from '../../src/testing/test-server';

/**
 * Runs a suite once per available database with ONE server per suite (not per test): tests
 * inside create their own tenants, so they do not see each other's rows.
 */
export function describeEachDatabase(
  title: string,
  body: (ctx: { server: () => TestServer; kind: DatabaseKind }) => void,
  options: Omit<TestServerOptions, 'database'> | (() => Omit<TestServerOptions, 'database'>) = {},
): void {
  for (const kind of DATABASES) {
    describe(`${title} [${kind}]`, () => {
      let server: TestServer | undefined;
      beforeAll(async () => {
        const resolved = typeof options === 'function' ? options() : options;
        server = await createTestServer({ ...resolved, database: kind });
      }, 60_000);
      afterAll(async () => {
        await server?.close();
      }, 30_000);
      body({
        server: () => {
          if (!server) throw new Error('test server not started');
          return server;
        },
        kind,
      });
    });
  }
}

/** A fresh, empty database of `kind` (not the suite's), and how to get rid of it. */
export async function freshDatabase(kind: DatabaseKind): Promise<Database> {
  if (kind === 'pglite') return openPGliteDatabase();
  const url = process.env.DATABASE_URL!;
  const name = `waygate_test_upgrade_${randomBytes(4).toString('hex')}`;
  const { default: pg } = await import('pg');
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const target = new URL(url);
  target.pathname = `/${name}`;
  const inner = await openPostgresDatabase(target.toString(), { max: 2 });
  return {
    ...inner,
    async close() {
      await inner.close();
      const cleanup = new pg.Client({ connectionString: url });
      await cleanup.connect();
      await cleanup.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await cleanup.end();
    },
  };
}

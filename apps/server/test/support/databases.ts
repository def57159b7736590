import { DATABASES, type DatabaseKind } from '@waygate/test-utils';
import { afterAll, beforeAll, describe } from 'vitest';
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

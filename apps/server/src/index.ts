export { type AppDeps, createApp } from './app';
export { type Config, ConfigError, EnvSchema, loadConfig } from './config';
export type { Database, QueryResult } from './db/database';
export { migrate } from './db/migrate';
export { ensureHealthCheckPartitions, listHealthCheckPartitions } from './db/partitions';
export { openPGliteDatabase } from './db/pglite-database';
export { openPostgresDatabase } from './db/postgres-database';
export { AppError } from './errors';
export { fromPublicId, newId, newUuid, toPublicId } from './ids';
export {
  CHECK_CONTEXT_SELECT,
  type CheckContext,
  type CheckContextRow,
  loadCheckContexts,
  toCheckContext,
} from './runner/check-context';
export { type CheckOutcome, type ExecuteCheckDeps, executeCheck } from './runner/execute-check';
export { type RecordOptions, type RecordResult, recordChecks } from './runner/record-checks';
export { createTenant } from './services/tenants';
export { createTestServer, type TestServer, type TestServerOptions } from './testing/test-server';

/**
 * Prints what webhooks cost: the enqueue trigger's overhead on a scheduler-sized batch of events
 * (500 per statement, the scheduler's batch size) with 0, 1 and 5 webhooks, and the worker's
 * delivery throughput to a loopback receiver. Run: `npx tsx src/webhooks/bench/webhook-bench.ts`
 * (PGlite in memory; set DATABASE_URL to a scratch database to measure PostgreSQL).
 */
import { randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { createCredentialCipher } from '../../crypto/credential-cipher';
import type { Database } from '../../db/database';
import { migrate } from '../../db/migrate';
import { openPGliteDatabase } from '../../db/pglite-database';
import { openPostgresDatabase } from '../../db/postgres-database';
import { newUuid } from '../../ids';
import { createLogger } from '../../logger';
import { parseAllowList } from '../../outbound/allow-list';
import { deliverDueWebhooks } from '../delivery-worker';
import { startReceiver } from '../test-support/receiver';
import { createWebhookSender } from '../webhook-sender';
import { createWebhook } from '../webhook-service';

const BATCH = 500;
const ROUNDS = 10;
const DELIVERIES = 1_000;

async function open(): Promise<Database> {
  const db = process.env.DATABASE_URL
    ? await openPostgresDatabase(process.env.DATABASE_URL, { max: 4 })
    : await openPGliteDatabase();
  await migrate(db);
  return db;
}

async function seed(db: Database) {
  const tenant = newUuid();
  const integration = newUuid();
  const connection = newUuid();
  const now = new Date();
  await db.query('INSERT INTO tenants (id, name, created_at) VALUES ($1, $2, $3)', [
    tenant,
    'bench',
    now,
  ]);
  await db.query(
    `INSERT INTO integrations (id, tenant_id, name, base_url, auth_type, created_at, updated_at)
     VALUES ($1, $2, 'bench', 'https://example.com', 'none', $3, $3)`,
    [integration, tenant, now],
  );
  await db.query(
    `INSERT INTO connections (id, tenant_id, integration_id, name, created_at, updated_at)
     VALUES ($1, $2, $3, 'bench', $4, $4)`,
    [connection, tenant, integration, now],
  );
  return { tenant, connection };
}

async function insertEvents(db: Database, tenant: string, connection: string, n: number) {
  const ids = Array.from({ length: n }, () => newUuid());
  await db.query(
    `INSERT INTO health_events (id, tenant_id, connection_id, from_status, to_status, reasons,
       created_at)
     SELECT id, $2, $3, 'healthy', 'degraded', '{}', now() FROM unnest($1::uuid[]) AS id`,
    [ids, tenant, connection],
  );
}

async function timeBatches(db: Database, tenant: string, connection: string): Promise<number> {
  await insertEvents(db, tenant, connection, BATCH); // warm-up
  const started = performance.now();
  for (let i = 0; i < ROUNDS; i++) await insertEvents(db, tenant, connection, BATCH);
  return (performance.now() - started) / ROUNDS;
}

async function main() {
  const db = await open();
  const cipher = createCredentialCipher(randomBytes(32));
  const { tenant, connection } = await seed(db);
  const rows: [string, string][] = [];

  await db.exec('ALTER TABLE health_events DISABLE TRIGGER health_events_enqueue_webhooks');
  const base = await timeBatches(db, tenant, connection);
  await db.exec('ALTER TABLE health_events ENABLE TRIGGER health_events_enqueue_webhooks');
  rows.push(['500 events, no trigger', `${base.toFixed(1)} ms`]);
  const none = await timeBatches(db, tenant, connection);
  rows.push(['500 events, trigger, 0 webhooks', `${none.toFixed(1)} ms`]);

  const receiver = await startReceiver();
  const input = { url: receiver.url };
  await createWebhook(db, cipher, tenant, input, new Date());
  const one = await timeBatches(db, tenant, connection);
  rows.push(['500 events, trigger, 1 webhook', `${one.toFixed(1)} ms`]);
  for (let i = 0; i < 4; i++) await createWebhook(db, cipher, tenant, input, new Date());
  const five = await timeBatches(db, tenant, connection);
  rows.push(['500 events, trigger, 5 webhooks', `${five.toFixed(1)} ms`]);

  // Throughput: a fresh queue of DELIVERIES to one loopback receiver.
  await db.query('DELETE FROM webhook_deliveries');
  await db.query('DELETE FROM webhooks WHERE tenant_id = $1', [tenant]);
  await createWebhook(db, cipher, tenant, input, new Date());
  await insertEvents(db, tenant, connection, DELIVERIES);
  const sender = createWebhookSender({ allowList: parseAllowList('127.0.0.1') });
  const deps = { db, cipher, logger: createLogger({ level: 'silent' }), sender };
  const cpuBefore = process.cpuUsage();
  const started = performance.now();
  let sent = 0;
  for (;;) {
    const { claimed } = await deliverDueWebhooks(deps, { owner: 'bench', limit: 50 });
    if (claimed === 0) break;
    sent += claimed;
  }
  const seconds = (performance.now() - started) / 1000;
  const cpu = process.cpuUsage(cpuBefore);
  rows.push([`deliver ${sent} (batches of 50)`, `${(sent / seconds).toFixed(0)} /s`]);
  rows.push([
    'CPU per delivery (bench process incl. receiver)',
    `${((cpu.user + cpu.system) / 1000 / sent).toFixed(2)} ms`,
  ]);
  if (receiver.received.length !== sent) throw new Error('receiver count mismatch');

  await sender.close();
  await receiver.close();
  await db.close();
  console.log(`database: ${db.kind}`);
  console.table(Object.fromEntries(rows.map(([k, v]) => [k, { value: v }])));
}

await main();

/**
 * Prints what alerts cost, beside the targets of issue 16 (set in src/notifications/README.md):
 *  - the notification trigger on a scheduler-sized statement of 500 status changes (500
 *    connections) with 0, 1 and 5 channels;
 *  - grouping those 500 events into one message, and sending it to a loopback Slack receiver;
 *  - flagMaintenance (recordChecks' maintenance decision) per check, without and with windows.
 * Run: `npx tsx --conditions=@waygate/source src/notifications/bench/notification-bench.ts`
 * (PGlite in memory; DATABASE_URL=postgres://… to measure PostgreSQL on a scratch database).
 */
import { randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { createCredentialCipher } from '../../crypto/credential-cipher';
import type { Database } from '../../db/database';
import { migrate } from '../../db/migrate';
import { openPGliteDatabase } from '../../db/pglite-database';
import { openPostgresDatabase } from '../../db/postgres-database';
import { newUuid, toPublicId } from '../../ids';
import { createLogger } from '../../logger';
import { parseAllowList } from '../../outbound/allow-list';
import { startReceiver } from '../../webhooks/test-support/receiver';
import { createChannelSenders } from '../channel-sender';
import { createChannel } from '../channel-service';
import { flagMaintenance, maintenanceCalendar } from '../maintenance/maintenance-calendar';
import { createMaintenanceWindow } from '../maintenance/maintenance-service';
import { loadNotificationConfig } from '../notification-config';
import { deliverDueNotifications, groupDueNotifications } from '../notification-delivery';

const CONNECTIONS = 500;
const ROUNDS = 10;

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
  const now = new Date();
  await db.query('INSERT INTO tenants (id, name, created_at) VALUES ($1, $2, $3)', [
    tenant,
    'bench',
    now,
  ]);
  await db.query(
    `INSERT INTO integrations (id, tenant_id, name, base_url, auth_type, created_at, updated_at)
     VALUES ($1, $2, 'Slack', 'https://example.com', 'none', $3, $3)`,
    [integration, tenant, now],
  );
  const connections = Array.from({ length: CONNECTIONS }, () => newUuid());
  await db.query(
    `INSERT INTO connections (id, tenant_id, integration_id, name, created_at, updated_at)
     SELECT id, $2, $3, 'conn ' || n, $4, $4 FROM unnest($1::uuid[]) WITH ORDINALITY AS t(id, n)`,
    [connections, tenant, integration, now],
  );
  return { tenant, integration, connections };
}

/** One statement of 500 status changes, one per connection, as one pipeline flush writes. */
async function insertEvents(db: Database, tenant: string, connections: string[]) {
  await db.query(
    `INSERT INTO health_events (id, tenant_id, connection_id, from_status, to_status, reasons,
       created_at)
     SELECT gen_random_uuid(), $2, c, 'healthy', 'unhealthy', '{test_action_failed}', now()
       FROM unnest($1::uuid[]) AS c`,
    [connections, tenant],
  );
}

async function timeStatements(db: Database, tenant: string, connections: string[]) {
  await insertEvents(db, tenant, connections); // warm-up
  const started = performance.now();
  for (let i = 0; i < ROUNDS; i++) await insertEvents(db, tenant, connections);
  const ms = (performance.now() - started) / ROUNDS;
  await db.query('DELETE FROM notification_queue');
  return ms;
}

async function main() {
  const db = await open();
  const cipher = createCredentialCipher(randomBytes(32));
  const { tenant, integration, connections } = await seed(db);
  const rows: [string, string, string][] = [];
  await db.exec('ALTER TABLE health_events DISABLE TRIGGER health_events_enqueue_webhooks');

  await db.exec('ALTER TABLE health_events DISABLE TRIGGER health_events_enqueue_notifications');
  const base = await timeStatements(db, tenant, connections);
  await db.exec('ALTER TABLE health_events ENABLE TRIGGER health_events_enqueue_notifications');
  rows.push(['500 events, no notification trigger', `${base.toFixed(1)} ms`, 'baseline']);
  const none = await timeStatements(db, tenant, connections);
  rows.push(['500 events, trigger, 0 channels', `${none.toFixed(1)} ms`, '≤ baseline + 10 %']);

  const receiver = await startReceiver(200);
  const slack = {
    type: 'slack' as const,
    name: 'bench',
    config: { webhookUrl: receiver.url },
  };
  await createChannel(db, cipher, tenant, slack, new Date());
  const one = await timeStatements(db, tenant, connections);
  rows.push(['500 events, trigger, 1 channel', `${one.toFixed(1)} ms`, '≤ baseline + 50 ms']);
  for (let i = 0; i < 4; i++) await createChannel(db, cipher, tenant, slack, new Date());
  const five = await timeStatements(db, tenant, connections);
  rows.push(['500 events, trigger, 5 channels', `${five.toFixed(1)} ms`, '≤ baseline + 150 ms']);

  // Grouping and sending: one channel, one burst of 500.
  await db.query('DELETE FROM notification_channels WHERE tenant_id = $1', [tenant]);
  await createChannel(db, cipher, tenant, slack, new Date());
  await insertEvents(db, tenant, connections);
  const later = new Date(Date.now() + 120_000);
  let started = performance.now();
  const grouped = await groupDueNotifications(db, later, 60_000);
  const groupMs = performance.now() - started;
  if (grouped !== 1) throw new Error(`expected one message, got ${grouped}`);
  rows.push(['group 500 queued events into one message', `${groupMs.toFixed(1)} ms`, '≤ 100 ms']);
  const senders = createChannelSenders({
    allowList: parseAllowList('127.0.0.1'),
    outboundAllow: '127.0.0.1',
    config: loadNotificationConfig({}),
  });
  started = performance.now();
  const sent = await deliverDueNotifications(
    { db, cipher, logger: createLogger({ level: 'silent' }), senders },
    { owner: 'bench', now: later },
  );
  const sendMs = performance.now() - started;
  if (sent.succeeded !== 1 || receiver.received.length !== 1) throw new Error('send failed');
  rows.push([
    'render + send it (claim, Slack body, loopback POST, record)',
    `${sendMs.toFixed(1)} ms, ${(receiver.received[0]!.body.length / 1024).toFixed(1)} KiB`,
    '≤ 100 ms, Slack body ≤ 40 KiB',
  ]);
  await senders.close();

  // flagMaintenance per check.
  const outcomes = connections.map((connectionId) => ({
    tenantId: tenant,
    connectionId,
    check: { createdAt: new Date().toISOString() },
  }));
  const other = newUuid();
  const perCheck = async () => {
    await flagMaintenance(db, outcomes); // loads the calendar
    const t = performance.now();
    for (let i = 0; i < ROUNDS; i++) await flagMaintenance(db, outcomes);
    return ((performance.now() - t) / ROUNDS / outcomes.length) * 1000;
  };
  rows.push([
    'flag a check, tenant without windows',
    `${(await perCheck()).toFixed(2)} µs`,
    '≤ 1 µs',
  ]);
  const publicId = (kind: 'integration' | 'connection', id: string) => toPublicId(kind, id);
  await createMaintenanceWindow(
    db,
    tenant,
    {
      name: 'weekly',
      rrule: 'FREQ=WEEKLY;BYDAY=SU;BYHOUR=2',
      durationMinutes: 60,
      timeZone: 'Europe/Berlin',
      scope: { integrationIds: [publicId('integration', integration)] },
    },
    new Date(),
  );
  await createMaintenanceWindow(
    db,
    tenant,
    {
      name: 'one-off',
      startsAt: new Date(Date.now() + 86_400_000).toISOString(),
      endsAt: new Date(Date.now() + 90_000_000).toISOString(),
      scope: { connectionIds: connections.slice(0, 50).map((c) => publicId('connection', c)) },
    },
    new Date(),
  );
  maintenanceCalendar(db).invalidate();
  rows.push([
    'flag a check, tenant with 2 windows',
    `${(await perCheck()).toFixed(2)} µs`,
    '≤ 5 µs',
  ]);
  if (other === tenant) throw new Error('unreachable');

  await receiver.close();
  await db.close();
  console.log(`database: ${db.kind}; shared 2-core machine, figures vary with other load`);
  console.table(Object.fromEntries(rows.map(([k, value, target]) => [k, { value, target }])));
}

await main();

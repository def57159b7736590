/**
 * Opens the embedded data directory the way every command does (`openConfiguredDatabase`), then
 * makes PostgreSQL create files of every kind while it is open — relation files, a checkpoint, a
 * file written with fopen (COPY … TO, which Emscripten would create 0644) — for the permissions
 * test. Prints "ready" once done, keeps the directory open until stdin ends, then closes it.
 *   WAYGATE_DATA_DIR=… tsx test/support/data-dir-child.ts
 */
import { openConfiguredDatabase } from '../../src/bootstrap';
import { loadConfig } from '../../src/config';
import { migrate } from '../../src/db/migrate';
import { createTenant } from '../../src/services/tenants';

const db = await openConfiguredDatabase(loadConfig(process.env), { poolSize: 1 });
await migrate(db);
await createTenant(db, `Child ${process.pid}`);
for (const statement of [
  'CREATE TABLE IF NOT EXISTS perms_probe (id int, payload text)',
  "INSERT INTO perms_probe SELECT g, repeat('x', 500) FROM generate_series(1, 5000) g",
  'CREATE INDEX IF NOT EXISTS perms_probe_idx ON perms_probe (id)',
  'CHECKPOINT',
  // PGlite mounts the data directory at /pglite/data.
  "COPY (SELECT * FROM tenants) TO '/pglite/data/perms-probe-export.csv'",
  'VACUUM FULL pg_class',
]) {
  await db.exec(statement);
}
process.stdout.write('ready\n');
process.stdin.resume();
await new Promise((resolve) => process.stdin.on('end', resolve));
await db.close();
process.stdout.write('closed\n');

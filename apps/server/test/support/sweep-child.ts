/**
 * A scheduler replica in its own process, for the "replica killed mid-sweep" test: it claims
 * with a short lease and sweeps until the test kills it with SIGKILL.
 *   DATABASE_URL=… LEASE_MS=1500 tsx test/support/sweep-child.ts
 */
import { randomBytes } from 'node:crypto';
import { createCredentialCipher } from '../../src/crypto/credential-cipher';
import { openPostgresDatabase } from '../../src/db/postgres-database';
import { createLogger } from '../../src/logger';
import { parseAllowList } from '../../src/outbound/allow-list';
import { createProber } from '../../src/outbound/prober';
import { runSweep } from '../../src/scheduler/check-pipeline';

const db = await openPostgresDatabase(process.env.DATABASE_URL!, { max: 4 });
await runSweep(
  {
    db,
    cipher: createCredentialCipher(randomBytes(32)),
    prober: createProber({ allowList: parseAllowList('127.0.0.1'), timeoutMs: 60_000 }),
    logger: createLogger({ level: 'silent' }),
    now: () => new Date(),
  },
  {
    owner: 'doomed-replica',
    concurrency: 10,
    checkTimeoutMs: 60_000,
    leaseMs: Number(process.env.LEASE_MS ?? 1500),
  },
);

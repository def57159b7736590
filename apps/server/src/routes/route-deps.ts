import type { SweepSummary } from '@waygate/health-core';
import type { Config } from '../config';
import type { CredentialCipher } from '../crypto/credential-cipher';
import type { Database } from '../db/database';
import type { Logger } from '../logger';
import type { Prober } from '../outbound/prober';

/** What route factories receive: the app's dependencies with the clock resolved. */
export interface RouteDeps {
  db: Database;
  cipher: CredentialCipher;
  prober: Pick<Prober, 'probe'>;
  config: Config;
  logger: Logger;
  now: () => Date;
  /** One scheduled sweep (the scheduler's), behind the cron route. */
  runSweep?: () => Promise<SweepSummary>;
}

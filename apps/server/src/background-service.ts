import type { SweepSummary } from '@waygate/health-core';
import type { Config } from './config';
import type { CredentialCipher } from './crypto/credential-cipher';
import type { Database } from './db/database';
import type { Logger } from './logger';
import type { Prober } from './outbound/prober';

/**
 * What `serve` hands to background services (the scheduler) before the HTTP server starts.
 * Its own file so that a background service depends on this contract, not on the serve command.
 */
export interface ServeContext {
  db: Database;
  cipher: CredentialCipher;
  prober: Prober;
  config: Config;
  logger: Logger;
}

/** A background service started with `serve`: it may provide the cron sweep and a closer. */
export type BackgroundService = (
  context: ServeContext,
) => Promise<{ runSweep?: () => Promise<SweepSummary>; close?: () => Promise<void> }>;

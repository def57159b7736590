import type { SweepSummary } from '@waygate/health-core';
import { fetchData } from '../calls';
import type { RequestOptions } from '../options';
import { isToken, type Transport } from '../transport';

export type { SweepSummary };

/** `POST /internal/health-checks`: for cron runners, authenticated by `CRON_SECRET`. */
export const createInternalResource = (transport: Transport) => ({
  /**
   * Runs one scheduled sweep and returns its summary. Sends `cronSecret` instead of the API
   * key; never retried (a sweep is not idempotent). The secret is redacted like the key.
   */
  runSweep: async (cronSecret: string, options?: RequestOptions): Promise<SweepSummary> => {
    if (!isToken(cronSecret)) {
      throw new TypeError('internal.runSweep: `cronSecret` must be a non-empty token (no spaces)');
    }
    return fetchData(transport, 'POST', ['internal', 'health-checks'], 'SweepSummary', options, {
      bearer: cronSecret,
    });
  },
});

export type InternalResource = ReturnType<typeof createInternalResource>;

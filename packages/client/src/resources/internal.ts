import { z } from 'zod';
import { fetchData } from '../calls';
import type { RequestOptions } from '../options';
import { isToken, type Transport } from '../transport';

/**
 * The batch summary of one sweep. Core has no schema for it yet (the scheduler defines
 * it), so the SDK checks the envelope and hands the summary over as an untyped record.
 */
export type SweepSummary = Record<string, unknown>;

let sweepSummary: z.ZodType<SweepSummary> | undefined;

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
    sweepSummary ??= z.record(z.string(), z.unknown());
    return fetchData(transport, 'POST', ['internal', 'health-checks'], sweepSummary, options, {
      bearer: cronSecret,
    });
  },
});

export type InternalResource = ReturnType<typeof createInternalResource>;

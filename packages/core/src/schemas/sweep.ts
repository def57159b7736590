import { z } from 'zod';

const Count = z.int().min(0);

/**
 * What one scheduled sweep did: `POST /internal/health-checks` answers it, `waygate-health sweep
 * --json` prints it, and every sweep logs it as one line.
 */
export const SweepSummary = z.object({
  /** Lease owner of the replica that ran it. */
  owner: z.string(),
  claimed: Count,
  checked: Count,
  /** Results dropped because their lease was lost and the connection re-claimed elsewhere. */
  fenced: Count,
  skipped: z.object({
    recent_manual_check: Count,
    integration_draft: Count,
    checks_disabled: Count,
    budget_exhausted: Count,
    host_rate_limited: Count,
  }),
  healthy: Count,
  degraded: Count,
  unhealthy: Count,
  outboundCalls: Count,
  events: Count,
  durationMs: Count,
  /** Sum of check latencies ÷ concurrency (at least the slowest check). */
  idealMs: Count,
  ratioToIdeal: z.number().min(0).nullable(),
  /** The webhook delivery pass that follows a cron or CLI sweep. */
  webhookDeliveries: z
    .object({ claimed: Count, succeeded: Count, retrying: Count, failed: Count })
    .optional(),
});
export type SweepSummary = z.infer<typeof SweepSummary>;

/** A sweep that has done nothing yet: where the scheduler's pipeline starts counting. */
export function emptySweepSummary(owner: string): SweepSummary {
  return {
    owner,
    claimed: 0,
    checked: 0,
    fenced: 0,
    skipped: {
      recent_manual_check: 0,
      integration_draft: 0,
      checks_disabled: 0,
      budget_exhausted: 0,
      host_rate_limited: 0,
    },
    healthy: 0,
    degraded: 0,
    unhealthy: 0,
    outboundCalls: 0,
    events: 0,
    durationMs: 0,
    idealMs: 0,
    ratioToIdeal: null,
  };
}

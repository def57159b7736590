import { z } from 'zod';
import { ConfigError, envInt } from '../config';

/** The Events API v2 endpoint; `WAYGATE_PAGERDUTY_URL` replaces it (tests, egress proxies). */
export const PAGERDUTY_EVENTS_URL = 'https://events.pagerduty.com/v2/enqueue';

/** The notification variables (the server's own are in src/config.ts). */
export const NotificationEnvSchema = z.object({
  /** Events of one channel within this long go out as one message (default 60 s). */
  WAYGATE_NOTIFY_GROUP_MS: envInt(0, 3_600_000).default(60_000),
  /** The operator's mail relay, `smtp://user:pass@host:587` or `smtps://…`; unset: no email. */
  WAYGATE_SMTP_URL: z
    .url({ protocol: /^smtps?$/, error: 'must be an smtp:// or smtps:// URL' })
    .optional(),
  WAYGATE_SMTP_FROM: z.string().trim().min(3).max(254).default('Waygate Health <alerts@localhost>'),
  WAYGATE_PAGERDUTY_URL: z
    .url({ protocol: /^https?$/, error: 'must be an http(s) URL' })
    .default(PAGERDUTY_EVENTS_URL),
});

export interface NotificationConfig {
  groupMs: number;
  smtpUrl?: string;
  smtpFrom: string;
  pagerDutyUrl: string;
}

/** Reads the notification variables; a bad value throws `ConfigError` naming it. */
export function loadNotificationConfig(
  env: Record<string, string | undefined> = process.env,
): NotificationConfig {
  const cleaned = Object.fromEntries(
    Object.entries(env).filter(([key, value]) => key in NotificationEnvSchema.shape && value),
  );
  const parsed = NotificationEnvSchema.safeParse(cleaned);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new ConfigError(String(issue?.path[0] ?? 'environment'), issue?.message ?? 'invalid');
  }
  const e = parsed.data;
  return {
    groupMs: e.WAYGATE_NOTIFY_GROUP_MS,
    smtpUrl: e.WAYGATE_SMTP_URL,
    smtpFrom: e.WAYGATE_SMTP_FROM,
    pagerDutyUrl: e.WAYGATE_PAGERDUTY_URL,
  };
}

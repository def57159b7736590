import { z } from 'zod';
import { UptimeWindow } from './metrics';
import { ID_PREFIXES, Timestamp } from './primitives';

/** `bdg_…`: a badge token's id (for revoking it); the token itself is secret. */
export const BadgeTokenId = z
  .string()
  .regex(
    new RegExp(`^${ID_PREFIXES.badgeToken}_[0-9A-Za-z]{1,64}$`),
    `must be an id starting with "${ID_PREFIXES.badgeToken}_"`,
  );

/**
 * `POST /connections/:id/badge-tokens` and `POST /integrations/:id/badge-tokens` (201). The token
 * is shown once: only its hash is stored. `statusUrl` and `uptimeUrl` are the public badge URLs.
 */
export const BadgeToken = z.object({
  id: BadgeTokenId,
  token: z.string(),
  statusUrl: z.url(),
  uptimeUrl: z.url(),
  createdAt: Timestamp,
});
export type BadgeToken = z.infer<typeof BadgeToken>;

/** Query string of `GET /badges/:token/uptime.svg`. */
export const BadgeUptimeQuery = z.strictObject({ window: UptimeWindow.default('24h') });

import type { BadgeToken } from '@waygate/health-core';
import { fetchData, sendDelete } from '../calls';
import type { RequestOptions } from '../options';
import type { Transport } from '../transport';

type Owner = 'connections' | 'integrations';

/**
 * Badge tokens: public, revocable tokens behind the status and uptime badges
 * (`/badges/:token/status.svg`, `/badges/:token/uptime.svg?window=24h|7d|30d`), for READMEs and
 * status pages. A token is returned once, by `create…`; the server keeps only its hash.
 */
export const createBadgeTokensResource = (transport: Transport) => {
  const create = (owner: Owner, id: string, options?: RequestOptions): Promise<BadgeToken> =>
    fetchData(transport, 'POST', [owner, id, 'badge-tokens'], 'BadgeToken', options, { body: {} });
  const revoke = async (
    owner: Owner,
    id: string,
    tokenId: string,
    options?: RequestOptions,
  ): Promise<void> => {
    await sendDelete(transport, [owner, id, 'badge-tokens', tokenId], options);
  };
  return {
    /** A token for one connection's badges: `{ id, token, statusUrl, uptimeUrl, createdAt }`. */
    createForConnection: (connectionId: string, options?: RequestOptions) =>
      create('connections', connectionId, options),
    /** A token for an integration's badges (its worst connection; uptime over all of them). */
    createForIntegration: (integrationId: string, options?: RequestOptions) =>
      create('integrations', integrationId, options),
    /** Revokes a connection's token (`bdg_…`): its badges answer "not found" from then on. */
    revokeForConnection: (connectionId: string, tokenId: string, options?: RequestOptions) =>
      revoke('connections', connectionId, tokenId, options),
    revokeForIntegration: (integrationId: string, tokenId: string, options?: RequestOptions) =>
      revoke('integrations', integrationId, tokenId, options),
  };
};

export type BadgeTokensResource = ReturnType<typeof createBadgeTokensResource>;

/** Markdown for a README: the status badge, linked to `href` when given. */
export const badgeMarkdown = (badgeUrl: string, alt: string, href?: string): string => {
  const image = `![${alt.replace(/[[\]\\]/g, '\\$&')}](${badgeUrl})`;
  return href ? `[${image}](${href})` : image;
};

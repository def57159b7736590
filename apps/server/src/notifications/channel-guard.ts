import type { NotificationChannelType } from '@waygate/health-core';
import { validationError } from '../errors';
import type { AllowList } from '../outbound/allow-list';
import type { ResolveAll } from '../outbound/guarded-lookup';
import { ssrfRefusal } from '../webhooks/url-guard';
import { configSecret } from './channel-service';
import type { NotificationConfig } from './notification-config';

/**
 * Refuses, with the field at fault, a config the server could never deliver to: a webhook URL
 * the SSRF guard refuses (checked now so the user learns at once, and again on every send, as
 * DNS may change), or an email channel on a server without a mail relay.
 */
export async function assertDeliverable(
  type: NotificationChannelType,
  config: Record<string, unknown>,
  guard: { allowList: AllowList; notify: NotificationConfig; resolveAll?: ResolveAll },
): Promise<void> {
  if (type === 'email' && !guard.notify.smtpUrl) {
    throw validationError('type', 'email needs WAYGATE_SMTP_URL set on the server');
  }
  if (type !== 'slack' && type !== 'msteams' && type !== 'discord') return;
  const url = configSecret(type, config);
  const refusal = url ? await ssrfRefusal(url, guard.allowList, guard.resolveAll) : null;
  if (refusal) throw validationError('config.webhookUrl', refusal);
}

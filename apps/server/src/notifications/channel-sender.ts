import type { NotificationChannelType } from '@waygate/health-core';
import { type AllowList, parseAllowList } from '../outbound/allow-list';
import type { ResolveAll } from '../outbound/guarded-lookup';
import { createWebhookSender, type WebhookSender } from '../webhooks/webhook-sender';
import { createEmailSender, type EmailSender } from './email-sender';
import type { MessageContent } from './message-content';
import type { NotificationConfig } from './notification-config';
import type { ChannelSendResult } from './send-result';
import { discordPayload } from './vendors/discord';
import { msteamsPayload } from './vendors/msteams';
import { pagerDutyEvents, pagerDutyTestEvents } from './vendors/pagerduty';
import { slackPayload } from './vendors/slack';

/** A channel with its secret opened, as a send needs it. */
export interface ResolvedChannel {
  type: NotificationChannelType;
  name: string;
  /** Webhook URL or routing key; null for email. */
  secret: string | null;
  /** Email recipients. */
  to: readonly string[];
}

export interface ChannelSenders {
  send(channel: ResolvedChannel, content: MessageContent): Promise<ChannelSendResult>;
  close(): Promise<void>;
}

export interface ChannelSenderOptions {
  /** `WAYGATE_OUTBOUND_ALLOW`: tenant URLs go through the same SSRF guard as health checks. */
  allowList: AllowList;
  config: NotificationConfig;
  outboundAllow?: string;
  timeoutMs?: number;
  resolveAll?: ResolveAll;
}

const USER_AGENT = 'waygate-health-notifications/0.1';
// PagerDuty accepts bursts, but one message's events go out a few at a time rather than 500 at once.
const PAGERDUTY_PARALLEL = 5;

/**
 * Sends a message in a channel's vendor format. Tenant URLs (Slack, Teams, Discord) go through
 * the webhooks' guarded sender: every resolved address vetted, no redirects followed. The
 * PagerDuty endpoint is the operator's (`WAYGATE_PAGERDUTY_URL`), so its host is allowed for
 * that sender only; mail goes to the operator's relay.
 */
export type { ChannelSendResult } from './send-result';

export function createChannelSenders(options: ChannelSenderOptions): ChannelSenders {
  const http = createWebhookSender({
    allowList: options.allowList,
    timeoutMs: options.timeoutMs,
    resolveAll: options.resolveAll,
  });
  const pagerDutyHost = new URL(options.config.pagerDutyUrl).hostname;
  const pagerDuty = createWebhookSender({
    allowList: parseAllowList([options.outboundAllow, pagerDutyHost].filter(Boolean).join(',')),
    timeoutMs: options.timeoutMs,
    resolveAll: options.resolveAll,
  });
  let email: EmailSender | undefined;

  const post = (sender: WebhookSender, url: string, payload: unknown) =>
    sender.send({
      url,
      body: JSON.stringify(payload),
      headers: { 'content-type': 'application/json', 'user-agent': USER_AGENT },
    });

  return {
    async send(channel, content) {
      switch (channel.type) {
        case 'slack':
          return post(http, channel.secret ?? '', slackPayload(content));
        case 'msteams':
          return post(http, channel.secret ?? '', msteamsPayload(content));
        case 'discord':
          return post(http, channel.secret ?? '', discordPayload(content));
        case 'email': {
          if (!options.config.smtpUrl) {
            return {
              success: false,
              latencyMs: 0,
              error: { code: 'SMTP_NOT_CONFIGURED', message: 'WAYGATE_SMTP_URL is not set' },
            };
          }
          email ??= createEmailSender(options.config.smtpUrl, options.config.smtpFrom);
          return email.send(channel.to, content);
        }
        case 'pagerduty': {
          const key = channel.secret ?? '';
          const send = (event: unknown) => post(pagerDuty, options.config.pagerDutyUrl, event);
          if (content.severity === 'test') {
            // Trigger then resolve, in order, so the sample leaves no open incident behind.
            const [trigger, resolve] = pagerDutyTestEvents(key, channel.name);
            const first = await send(trigger);
            if (!first.success) return first;
            const second = await send(resolve);
            return { ...second, latencyMs: first.latencyMs + second.latencyMs };
          }
          return sendAll(pagerDutyEvents(key, content.events), send);
        }
      }
    },
    async close() {
      email?.close();
      await Promise.all([http.close(), pagerDuty.close()]);
    },
  };
}

/**
 * Sends every event (a few at a time); the message succeeds only when all did. A retry resends
 * all of them, which PagerDuty's `dedup_key` makes harmless.
 */
async function sendAll<T>(
  items: readonly T[],
  send: (item: T) => Promise<ChannelSendResult>,
): Promise<ChannelSendResult> {
  let latencyMs = 0;
  let failure: ChannelSendResult | undefined;
  let statusCode: number | undefined;
  for (let i = 0; i < items.length; i += PAGERDUTY_PARALLEL) {
    const results = await Promise.all(items.slice(i, i + PAGERDUTY_PARALLEL).map(send));
    for (const result of results) {
      latencyMs += result.latencyMs;
      statusCode = result.statusCode ?? statusCode;
      if (!result.success) failure ??= result;
    }
  }
  return failure ? { ...failure, latencyMs } : { success: true, statusCode, latencyMs };
}

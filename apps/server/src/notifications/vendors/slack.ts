import type { MessageContent } from '../message-content';
import { sectionBody, truncate } from './limits';

/**
 * A Slack incoming-webhook body: Block Kit `blocks` (header, one section per kind of change,
 * a context line) and `text`, the fallback Slack shows in notifications. Limits from Slack's
 * Block Kit reference: header text 150 characters, section text 3,000, at most 50 blocks.
 */
export function slackPayload(content: MessageContent) {
  const emoji = { unhealthy: '🔴', degraded: '🟠', recovered: '🟢', test: '🔔' }[content.severity];
  const blocks: unknown[] = [
    {
      type: 'header',
      text: { type: 'plain_text', text: truncate(content.title, 150), emoji: true },
    },
  ];
  for (const section of content.sections.slice(0, 45)) {
    const lines = sectionBody(section.items, section.more).map((line) => `• ${mrkdwn(line)}`);
    blocks.push({
      type: 'section',
      text: {
        type: 'mrkdwn',
        text: truncate(`*${mrkdwn(section.heading)}*\n${lines.join('\n')}`, 3000),
      },
    });
  }
  blocks.push({
    type: 'context',
    elements: [{ type: 'mrkdwn', text: `${emoji} Waygate Health` }],
  });
  return { text: truncate(content.title, 3000), blocks };
}

/** Slack's three control characters are escaped so a connection name cannot ping @channel. */
function mrkdwn(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

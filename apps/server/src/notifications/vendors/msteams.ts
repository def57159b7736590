import type { MessageContent } from '../message-content';
import { sectionBody, truncate } from './limits';

/**
 * A Microsoft Teams Workflows ("Post to a channel when a webhook request is received") body: a
 * `message` with one Adaptive Card attachment (schema 1.4, which Teams renders).
 */
export function msteamsPayload(content: MessageContent) {
  const colour = { unhealthy: 'Attention', degraded: 'Warning', recovered: 'Good', test: 'Accent' }[
    content.severity
  ];
  const body: unknown[] = [
    {
      type: 'TextBlock',
      text: truncate(content.title, 500),
      weight: 'Bolder',
      size: 'Medium',
      color: colour,
      wrap: true,
    },
  ];
  for (const section of content.sections) {
    body.push({
      type: 'TextBlock',
      text: section.heading,
      weight: 'Bolder',
      wrap: true,
      spacing: 'Medium',
    });
    body.push({
      type: 'TextBlock',
      text: sectionBody(section.items, section.more)
        .map((line) => `- ${line}`)
        .join('\r'),
      wrap: true,
    });
  }
  if (content.sections.length === 0) {
    body.push({ type: 'TextBlock', text: content.text.split('\n').slice(2).join(' '), wrap: true });
  }
  body.push({ type: 'TextBlock', text: 'Waygate Health', isSubtle: true, size: 'Small' });
  return {
    type: 'message',
    attachments: [
      {
        contentType: 'application/vnd.microsoft.card.adaptive',
        contentUrl: null,
        content: {
          $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
          type: 'AdaptiveCard',
          version: '1.4',
          body,
        },
      },
    ],
  };
}

import type { MessageContent } from '../message-content';
import { COLOURS, sectionBody, truncate } from './limits';

/**
 * A Discord webhook body: one embed per kind of change (at most 10 embeds; title 256 and
 * description 4,096 characters, Discord's limits). `allowed_mentions` is empty so a connection
 * named "@everyone" pings nobody.
 */
export function discordPayload(content: MessageContent) {
  const colour = COLOURS[content.severity];
  const embeds =
    content.sections.length === 0
      ? [{ title: truncate(content.title, 256), description: content.text, color: colour }]
      : content.sections.slice(0, 10).map((section) => ({
          title: truncate(section.heading, 256),
          description: truncate(
            sectionBody(section.items, section.more)
              .map((line) => `• ${line}`)
              .join('\n'),
            4096,
          ),
          color:
            section.kind === 'recovery'
              ? COLOURS.recovered
              : section.status === 'unhealthy'
                ? COLOURS.unhealthy
                : COLOURS.degraded,
        }));
  return {
    username: 'Waygate Health',
    content: truncate(content.title, 2000),
    embeds,
    allowed_mentions: { parse: [] },
  };
}

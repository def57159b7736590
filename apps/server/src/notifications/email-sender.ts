import { performance } from 'node:perf_hooks';
import nodemailer, { type Transporter } from 'nodemailer';
import type { MessageContent } from './message-content';
import type { ChannelSendResult } from './send-result';
import { sectionBody } from './vendors/limits';

export interface EmailSender {
  send(to: readonly string[], content: MessageContent): Promise<ChannelSendResult>;
  close(): void;
}

const TIMEOUT_MS = 10_000;

/**
 * Mail goes through the operator's relay (`WAYGATE_SMTP_URL`) with nodemailer, the maintained
 * SMTP client (STARTTLS, AUTH, pooling, RFC-correct MIME). The relay is the operator's own
 * configuration, so it is exempt from the outbound guard (decisions: Alerts); recipients are
 * tenant input but only ever become RCPT TO addresses, never a connection target.
 */
export function createEmailSender(smtpUrl: string, from: string): EmailSender {
  const transport: Transporter = nodemailer.createTransport({
    url: smtpUrl,
    connectionTimeout: TIMEOUT_MS,
    greetingTimeout: TIMEOUT_MS,
    socketTimeout: TIMEOUT_MS,
  });
  return {
    async send(to, content) {
      const started = performance.now();
      try {
        await transport.sendMail({
          from,
          to: [...to],
          subject: content.title,
          text: content.text,
          html: emailHtml(content),
        });
        return { success: true, latencyMs: elapsed(started) };
      } catch (error) {
        const e = error as { code?: string; responseCode?: number };
        // Only the error code and the SMTP reply code: a reply text can echo the envelope.
        const code = e.responseCode ? `SMTP ${e.responseCode}` : (e.code ?? 'SMTP error');
        return {
          success: false,
          latencyMs: elapsed(started),
          error: { code: 'SMTP_ERROR', message: `mail relay: ${code}` },
        };
      }
    },
    close() {
      transport.close();
    },
  };
}

function elapsed(started: number): number {
  return Math.max(0, Math.round(performance.now() - started));
}

const escapeHtml = (text: string) =>
  text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');

/** A plain, inline-styled body (mail clients drop <style>); every tenant string is escaped. */
export function emailHtml(content: MessageContent): string {
  const colour = {
    unhealthy: '#d92d20',
    degraded: '#b54708',
    recovered: '#067647',
    test: '#475467',
  }[content.severity];
  const sections = content.sections
    .map(
      (s) =>
        `<h3 style="margin:16px 0 4px">${escapeHtml(s.heading)}</h3><ul>${sectionBody(
          s.items,
          s.more,
        )
          .map((line) => `<li>${escapeHtml(line)}</li>`)
          .join('')}</ul>`,
    )
    .join('');
  const body =
    content.sections.length === 0
      ? `<p>${escapeHtml(content.text.split('\n').slice(2).join(' '))}</p>`
      : sections;
  return `<!doctype html><html><body style="font-family:sans-serif;color:#101828"><h2 style="color:${colour}">${escapeHtml(content.title)}</h2>${body}<p style="color:#667085;font-size:12px">Waygate Health</p></body></html>`;
}

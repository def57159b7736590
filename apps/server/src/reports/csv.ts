/**
 * One CSV field (RFC 4180): quoted when it holds a comma, quote or line break. Text that a
 * spreadsheet would run as a formula (starting with = + - @, tab or CR) gets a leading `'`
 * (OWASP's advice against CSV injection): names come from tenants.
 */
export function csvField(value: string | number | null, options: { text?: boolean } = {}): string {
  if (value === null) return '';
  let text = String(value);
  if (options.text && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** Lines joined with CRLF, as RFC 4180 asks, ending with one. */
export function csvLines(rows: readonly (readonly string[])[]): string {
  return `${rows.map((r) => r.join(',')).join('\r\n')}\r\n`;
}

/**
 * Shields-style ("flat") badges as SVG, from a label, a value and a colour: a pure function, no
 * I/O, so the public badge routes and the tests render the same bytes.
 *
 * Widths come from Verdana 11px advance widths (what shields.io measures with), and every text
 * also carries `textLength`, so a viewer without Verdana squeezes or stretches the text to the
 * measured width instead of overflowing the box. Colours are chosen for white text with a WCAG
 * contrast of at least 4.5:1 (tested), and the value is always written out: the colour never
 * carries the meaning alone.
 */

export const BADGE_COLORS = {
  /** Label side. */
  label: '#555555',
  healthy: '#1a7f37',
  degraded: '#9a6700',
  unhealthy: '#cf222e',
  neutral: '#57606a',
  maintenance: '#0969da',
} as const;
export type BadgeColor = Exclude<keyof typeof BADGE_COLORS, 'label'>;

export interface BadgeContent {
  label: string;
  value: string;
  color: BadgeColor;
}

/** Characters kept of a label or value: a badge is a glance, not a paragraph. */
export const MAX_TEXT_LENGTH = 48;

// Approximate Verdana 11px advance widths (px) of printable ASCII 32..126 (`textLength` below
// makes small errors harmless).
const ASCII_WIDTHS = [
  3.87, 4.33, 5.05, 9.0, 6.99, 11.84, 7.99, 2.95, 4.99, 4.99, 6.99, 9.0, 4.0, 4.99, 4.0, 4.99, 6.99,
  6.99, 6.99, 6.99, 6.99, 6.99, 6.99, 6.99, 6.99, 6.99, 4.99, 4.99, 9.0, 9.0, 9.0, 5.99, 11.0, 7.52,
  7.54, 7.68, 8.48, 6.96, 6.32, 8.53, 8.27, 4.63, 4.99, 7.62, 6.12, 9.27, 8.23, 8.66, 6.63, 8.66,
  7.65, 7.52, 6.78, 8.05, 7.52, 10.88, 7.54, 6.77, 7.54, 4.99, 4.99, 4.99, 9.0, 6.99, 6.99, 6.61,
  6.85, 5.73, 6.85, 6.55, 3.87, 6.85, 6.96, 3.02, 3.79, 6.51, 3.02, 10.7, 6.96, 6.68, 6.85, 6.85,
  4.69, 5.73, 4.33, 6.96, 6.51, 9.0, 6.51, 6.51, 5.78, 6.98, 4.99, 6.98, 9.0,
];
/** Anything outside ASCII: about the width of a wide lower-case letter. */
const OTHER_WIDTH = 8.0;

/** Verdana 11px width of `text` in px (rounded up to a tenth). */
export function textWidth(text: string): number {
  let width = 0;
  for (const char of text) {
    const code = char.codePointAt(0) ?? 0;
    width += code >= 32 && code <= 126 ? ASCII_WIDTHS[code - 32]! : OTHER_WIDTH;
  }
  return Math.ceil(width * 10) / 10;
}

/** Printable text only (no control or format characters), trimmed and cut to the maximum. */
export function cleanText(text: string): string {
  const printable = text.replace(/[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/gu, ' ').replace(/\s+/g, ' ');
  const chars = [...printable.trim()];
  return chars.length > MAX_TEXT_LENGTH
    ? `${chars.slice(0, MAX_TEXT_LENGTH - 1).join('')}…`
    : chars.join('');
}

function escapeXml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

const PADDING = 6;

/** The badge as a standalone SVG document (UTF-8, no script, no external reference). */
export function renderBadge(content: BadgeContent): string {
  const label = cleanText(content.label) || 'badge';
  const value = cleanText(content.value) || '?';
  const labelText = textWidth(label);
  const valueText = textWidth(value);
  const labelWidth = Math.round(labelText + 2 * PADDING);
  const valueWidth = Math.round(valueText + 2 * PADDING);
  const width = labelWidth + valueWidth;
  const fill = BADGE_COLORS[content.color];
  const title = escapeXml(`${label}: ${value}`);
  const l = escapeXml(label);
  const v = escapeXml(value);
  // Text is drawn at 10× and scaled down (as shields does) so that x positions stay integers.
  const labelX = (labelWidth / 2) * 10;
  const valueX = (labelWidth + valueWidth / 2) * 10;
  const labelLength = Math.round(labelText * 10);
  const valueLength = Math.round(valueText * 10);
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="20" role="img" aria-label="${title}">`,
    `<title>${title}</title>`,
    '<linearGradient id="s" x2="0" y2="100%"><stop offset="0" stop-color="#bbb" stop-opacity=".1"/><stop offset="1" stop-opacity=".1"/></linearGradient>',
    `<clipPath id="r"><rect width="${width}" height="20" rx="3" fill="#fff"/></clipPath>`,
    '<g clip-path="url(#r)">',
    `<rect width="${labelWidth}" height="20" fill="${BADGE_COLORS.label}"/>`,
    `<rect x="${labelWidth}" width="${valueWidth}" height="20" fill="${fill}"/>`,
    `<rect width="${width}" height="20" fill="url(#s)"/>`,
    '</g>',
    '<g fill="#fff" text-anchor="middle" font-family="Verdana,Geneva,DejaVu Sans,sans-serif" text-rendering="geometricPrecision" font-size="110">',
    `<text aria-hidden="true" x="${labelX}" y="150" fill="#010101" fill-opacity=".3" transform="scale(.1)" textLength="${labelLength}" lengthAdjust="spacingAndGlyphs">${l}</text>`,
    `<text x="${labelX}" y="140" transform="scale(.1)" fill="#fff" textLength="${labelLength}" lengthAdjust="spacingAndGlyphs">${l}</text>`,
    `<text aria-hidden="true" x="${valueX}" y="150" fill="#010101" fill-opacity=".3" transform="scale(.1)" textLength="${valueLength}" lengthAdjust="spacingAndGlyphs">${v}</text>`,
    `<text x="${valueX}" y="140" transform="scale(.1)" fill="#fff" textLength="${valueLength}" lengthAdjust="spacingAndGlyphs">${v}</text>`,
    '</g>',
    '</svg>',
  ].join('');
}

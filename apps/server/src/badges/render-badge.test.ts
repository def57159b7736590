import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { statusBadgeContent, UNKNOWN_BADGE, uptimeBadgeContent } from './badge-content';
import {
  BADGE_COLORS,
  type BadgeContent,
  cleanText,
  MAX_TEXT_LENGTH,
  renderBadge,
  textWidth,
} from './render-badge';

// Parsed with a third-party XML parser, not by matching our own strings.
const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '',
  trimValues: false,
});

interface SvgText {
  '#text'?: string | number;
  'aria-hidden'?: string;
  textLength: string;
  x: string;
}
function parse(svg: string) {
  expect(XMLValidator.validate(svg)).toBe(true);
  const doc = parser.parse(svg);
  const root = doc.svg;
  const rects = root.g[0].rect as { width: string; x?: string; fill: string }[];
  const texts = (root.g[1].text as SvgText[]).filter((t) => t['aria-hidden'] !== 'true');
  return {
    root,
    width: Number(root.width),
    title: String(root.title),
    rects,
    label: String(texts[0]!['#text']),
    value: String(texts[1]!['#text']),
    texts,
  };
}

/** WCAG 2 contrast ratio of two `#rrggbb` colours. */
function contrast(a: string, b: string): number {
  const lum = (hex: string) => {
    const [r, g, bl] = [1, 3, 5].map((i) => {
      const c = Number.parseInt(hex.slice(i, i + 2), 16) / 255;
      return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
    });
    return 0.2126 * r! + 0.7152 * g! + 0.0722 * bl!;
  };
  const [hi, lo] = [lum(a), lum(b)].sort((x, y) => y - x);
  return (hi! + 0.05) / (lo! + 0.05);
}

describe('renderBadge', () => {
  it('renders a well-formed SVG with the label, the value and nothing else', () => {
    const svg = renderBadge({ label: 'Stripe prod', value: 'healthy', color: 'healthy' });
    const badge = parse(svg);
    expect(badge.root.xmlns).toBe('http://www.w3.org/2000/svg');
    expect(badge.root.role).toBe('img');
    expect(badge.root['aria-label']).toBe('Stripe prod: healthy');
    expect(badge.title).toBe('Stripe prod: healthy');
    expect(badge.label).toBe('Stripe prod');
    expect(badge.value).toBe('healthy');
    expect(badge.rects[1]!.fill).toBe(BADGE_COLORS.healthy);
    // The two halves fill the badge exactly.
    expect(Number(badge.rects[0]!.width) + Number(badge.rects[1]!.width)).toBe(badge.width);
    expect(svg).not.toMatch(/<script|href=|<foreignObject|on\w+=/i);
  });

  it('measures each text and makes room for it (textLength = measured width)', () => {
    const short = parse(renderBadge({ label: 'api', value: 'ok', color: 'healthy' }));
    const long = parse(
      renderBadge({
        label: 'A much longer connection name',
        value: 'unhealthy',
        color: 'unhealthy',
      }),
    );
    expect(long.width).toBeGreaterThan(short.width);
    expect(Number(long.texts[0]!.textLength)).toBe(
      Math.round(textWidth('A much longer connection name') * 10),
    );
    // Each text fits inside its half with the padding left over.
    const labelHalf = Number(long.rects[0]!.width) * 10;
    expect(Number(long.texts[0]!.textLength)).toBeLessThan(labelHalf);
    expect(textWidth('WWW')).toBeGreaterThan(textWidth('iii'));
  });

  it('escapes hostile names: the parsed text is the name, no markup gets in', () => {
    const name = '<script>alert(1)</script> & "quotes" \'apos\'';
    const svg = renderBadge({ label: name, value: '<b>x</b>', color: 'degraded' });
    const badge = parse(svg);
    expect(svg).not.toContain('<script');
    expect(svg).not.toContain('<b>');
    const decoded = new XMLParser({
      ignoreAttributes: false,
      attributeNamePrefix: '',
      processEntities: true,
      htmlEntities: true,
    }).parse(svg);
    const texts = (decoded.svg.g[1].text as SvgText[]).filter((t) => t['aria-hidden'] !== 'true');
    expect(String(texts[0]!['#text'])).toBe(name);
    expect(String(texts[1]!['#text'])).toBe('<b>x</b>');
    expect(badge.root.script).toBeUndefined();
  });

  it('drops control characters and cuts long texts', () => {
    expect(cleanText('a\u0000b\nc\u202Ed')).toBe('a b c d');
    const long = 'x'.repeat(200);
    const cut = cleanText(long);
    expect([...cut]).toHaveLength(MAX_TEXT_LENGTH);
    expect(cut.endsWith('…')).toBe(true);
    expect(parse(renderBadge({ label: '   ', value: '', color: 'neutral' })).label).toBe('badge');
  });

  it('is a pure function: the same input gives the same bytes', () => {
    const content: BadgeContent = { label: 'x', value: '99.9%', color: 'healthy' };
    expect(renderBadge(content)).toBe(renderBadge({ ...content }));
  });

  it('keeps white text readable on every colour (WCAG contrast ≥ 4.5:1)', () => {
    for (const [name, color] of Object.entries(BADGE_COLORS)) {
      expect(contrast('#ffffff', color), name).toBeGreaterThanOrEqual(4.5);
    }
  });
});

describe('badge content', () => {
  it('says the status in words, "not checked" before the first check, "maintenance" when flagged', () => {
    expect(statusBadgeContent({ name: 'n', status: 'healthy' })).toEqual({
      label: 'n',
      value: 'healthy',
      color: 'healthy',
    });
    expect(statusBadgeContent({ name: 'n', status: 'unhealthy' }).value).toBe('unhealthy');
    expect(statusBadgeContent({ name: 'n', status: 'degraded' }).color).toBe('degraded');
    expect(statusBadgeContent({ name: 'n', status: null })).toMatchObject({
      value: 'not checked',
      color: 'neutral',
    });
    expect(
      statusBadgeContent({ name: 'n', status: 'unhealthy', inMaintenance: true }),
    ).toMatchObject({ value: 'maintenance', color: 'maintenance' });
  });

  it('colours uptime by threshold and says "no data" without checks', () => {
    const at = (uptimePercent: number | null) =>
      uptimeBadgeContent({ name: 'n', window: '7d', uptimePercent });
    expect(at(99.95)).toEqual({ label: 'n 7d', value: '99.95%', color: 'healthy' });
    expect(at(99).color).toBe('healthy');
    expect(at(98.99).color).toBe('degraded');
    expect(at(95).color).toBe('degraded');
    expect(at(94.99).color).toBe('unhealthy');
    expect(at(null)).toMatchObject({ value: 'no data', color: 'neutral' });
    expect(UNKNOWN_BADGE.value).toBe('not found');
  });
});

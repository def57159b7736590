/** Cuts `text` to `max` characters (code points kept whole), marking the cut with "…". */
export function truncate(text: string, max: number): string {
  const chars = [...text];
  return chars.length <= max ? text : `${chars.slice(0, max - 1).join('')}…`;
}

export const COLOURS = {
  unhealthy: 0xd92d20,
  degraded: 0xf79009,
  recovered: 0x12b76a,
  test: 0x667085,
} as const;

export function sectionBody(items: string[], more: number): string[] {
  return [...items, ...(more > 0 ? [`… and ${more} more`] : [])];
}

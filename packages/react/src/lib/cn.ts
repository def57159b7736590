/** Joins class names, skipping falsy ones; the caller's `className` is passed last so it wins. */
export function cn(...classes: (string | false | null | undefined)[]): string {
  return classes.filter(Boolean).join(' ');
}

import type { ConnectionSort } from './connection-pager';

/** The user's locale groups digits ("10,000"); one formatter serves the header and the pager. */
export const countFormat = new Intl.NumberFormat();

/**
 * "7 connections, unhealthy first", "3 unhealthy connections", "Connections in order of
 * creation", "2 healthy connections and 1 not checked yet" (`notChecked` of the `total`).
 */
export function describeConnectionList(
  total: number | null,
  status: string | null,
  sort: ConnectionSort,
  notChecked = 0,
): string {
  if (total !== null && notChecked > 0) {
    const checked = total - notChecked;
    return `${countFormat.format(checked)} ${status} connection${checked === 1 ? '' : 's'} and ${countFormat.format(notChecked)} not checked yet.`;
  }
  const noun = `${status ? `${status} ` : ''}connection${total === 1 ? '' : 's'}`;
  const count =
    total !== null
      ? `${countFormat.format(total)} ${noun}`
      : noun[0]!.toUpperCase() + noun.slice(1);
  if (status) return `${count}.`;
  return sort === 'worst' ? `${count}, unhealthy first.` : `${count}, in order of creation.`;
}

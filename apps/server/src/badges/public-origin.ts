/**
 * The origin a browser reaches this server at, for the badge URLs a token answer carries. The
 * request's own URL, or, behind a proxy the operator trusts (`WAYGATE_TRUST_PROXY=on`), the first
 * `X-Forwarded-Proto` / `X-Forwarded-Host` values when they are well-formed (anything else is
 * ignored: a forged header cannot make the server hand out a URL to another site unless the
 * proxy passes it through).
 */
export function publicOrigin(
  requestUrl: string,
  header: (name: string) => string | undefined,
  trustProxy: boolean,
): string {
  const url = new URL(requestUrl);
  if (!trustProxy) return url.origin;
  const proto = header('x-forwarded-proto')?.split(',')[0]?.trim().toLowerCase();
  const host = header('x-forwarded-host')?.split(',')[0]?.trim();
  const scheme = proto === 'https' || proto === 'http' ? proto : url.protocol.slice(0, -1);
  const validHost =
    host && /^(?:[a-z0-9-]+(?:\.[a-z0-9-]+)*|\[[0-9a-f:.]+\])(?::\d{1,5})?$/i.test(host)
      ? host
      : url.host;
  return new URL(`${scheme}://${validHost}`).origin;
}

/** The public badge URLs of a token. */
export function badgeUrls(origin: string, token: string) {
  return {
    statusUrl: `${origin}/badges/${token}/status.svg`,
    uptimeUrl: `${origin}/badges/${token}/uptime.svg`,
  };
}

/** Every page of the dashboard and the path that deep-links to it. */
export type Route =
  | { name: 'overview' }
  | { name: 'connections' }
  | { name: 'connection'; connectionId: string }
  | { name: 'history'; connectionId: string }
  | { name: 'integrations' }
  | { name: 'integration'; integrationId: string }
  | { name: 'notifications' }
  | { name: 'alerts' }
  | { name: 'not-found' };

export const paths = {
  overview: () => '/',
  connections: (query?: Record<string, string | undefined>) => withQuery('/connections', query),
  connection: (id: string) => `/connections/${encodeURIComponent(id)}`,
  history: (id: string, query?: Record<string, string | undefined>) =>
    withQuery(`/connections/${encodeURIComponent(id)}/history`, query),
  integrations: () => '/integrations',
  integration: (id: string) => `/integrations/${encodeURIComponent(id)}`,
  notifications: () => '/notifications',
  alerts: () => '/alerts',
};

function withQuery(path: string, query?: Record<string, string | undefined>): string {
  if (!query) return path;
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) if (value) params.set(key, value);
  const search = params.toString();
  return search ? `${path}?${search}` : path;
}

const decode = (segment: string): string | null => {
  try {
    return decodeURIComponent(segment);
  } catch {
    return null;
  }
};

export function matchRoute(pathname: string): Route {
  const parts = pathname.replace(/\/+$/, '').split('/').filter(Boolean);
  const [first, second, third, ...rest] = parts;
  if (rest.length > 0) return { name: 'not-found' };
  if (!first) return { name: 'overview' };
  if (first === 'connections') {
    if (!second) return third ? { name: 'not-found' } : { name: 'connections' };
    const connectionId = decode(second);
    if (!connectionId) return { name: 'not-found' };
    if (!third) return { name: 'connection', connectionId };
    if (third === 'history') return { name: 'history', connectionId };
    return { name: 'not-found' };
  }
  if (first === 'integrations' && !third) {
    if (!second) return { name: 'integrations' };
    const integrationId = decode(second);
    return integrationId ? { name: 'integration', integrationId } : { name: 'not-found' };
  }
  if (first === 'notifications' && !second) return { name: 'notifications' };
  if (first === 'alerts' && !second) return { name: 'alerts' };
  return { name: 'not-found' };
}

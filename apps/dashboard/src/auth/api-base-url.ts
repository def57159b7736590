/**
 * Where the API lives. Served by `waygate-health serve`, the dashboard and the API share an
 * origin; `VITE_WAYGATE_API_URL` at build time points a separately hosted dashboard elsewhere.
 */
export function apiBaseUrl(): string {
  const configured = import.meta.env.VITE_WAYGATE_API_URL as string | undefined;
  return configured && configured.length > 0 ? configured : window.location.origin;
}

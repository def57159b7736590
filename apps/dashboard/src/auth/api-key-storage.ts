// Session storage, not local storage: the key is forgotten when the tab closes, and never shared
// with other tabs left open on a shared machine.
const STORAGE_KEY = 'waygate-health.api-key';

export function readStoredApiKey(): string | null {
  try {
    return window.sessionStorage.getItem(STORAGE_KEY);
  } catch {
    return null;
  }
}

export function storeApiKey(apiKey: string): void {
  try {
    window.sessionStorage.setItem(STORAGE_KEY, apiKey);
  } catch {
    // Storage disabled (private mode): the key then lives in memory until the page reloads.
  }
}

export function clearStoredApiKey(): void {
  try {
    window.sessionStorage.removeItem(STORAGE_KEY);
  } catch {
    // Nothing stored.
  }
}

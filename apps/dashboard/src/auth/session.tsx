import { useQueryClient } from '@tanstack/react-query';
import { createHealthClient, type HealthClient, UnauthorizedError } from '@waygate/health-client';
import { createContext, type ReactNode, useCallback, useContext, useMemo, useState } from 'react';
import { apiBaseUrl } from './api-base-url';
import { clearStoredApiKey, readStoredApiKey, storeApiKey } from './api-key-storage';

export interface Session {
  client: HealthClient;
  signOut: (reason?: string) => void;
}

interface SessionState {
  session: Session | null;
  /** Why the user was signed out (a revoked key, say), shown on the sign-in page. */
  signedOutReason: string | null;
  signIn: (apiKey: string) => Promise<void>;
}

const SessionContext = createContext<SessionState | null>(null);

export const makeClient = (apiKey: string): HealthClient =>
  createHealthClient({ baseUrl: apiBaseUrl(), apiKey, timeoutMs: 15_000 });

/**
 * Holds the API key for this tab. Signing in proves the key with one cheap authenticated call,
 * so a wrong key is refused on the sign-in form instead of on every page after it.
 */
export function SessionProvider({ children }: { children: ReactNode }) {
  const queryClient = useQueryClient();
  const [apiKey, setApiKey] = useState<string | null>(readStoredApiKey);
  const [signedOutReason, setSignedOutReason] = useState<string | null>(null);

  const signOut = useCallback(
    (reason?: string) => {
      clearStoredApiKey();
      setApiKey(null);
      setSignedOutReason(reason ?? null);
      queryClient.clear();
    },
    [queryClient],
  );

  const signIn = useCallback(async (candidate: string) => {
    const key = candidate.trim();
    // One connection is the smallest authenticated read; it throws UnauthorizedError on a bad key.
    await makeClient(key).connections.list({ limit: 1 });
    storeApiKey(key);
    setSignedOutReason(null);
    setApiKey(key);
  }, []);

  const session = useMemo<Session | null>(
    () => (apiKey ? { client: makeClient(apiKey), signOut } : null),
    [apiKey, signOut],
  );

  const value = useMemo(
    () => ({ session, signedOutReason, signIn }),
    [session, signedOutReason, signIn],
  );
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSessionState(): SessionState {
  const state = useContext(SessionContext);
  if (!state) throw new Error('useSessionState outside <SessionProvider>');
  return state;
}

/** The signed-in session; pages render only inside one. */
export function useSession(): Session {
  const { session } = useSessionState();
  if (!session) throw new Error('useSession while signed out');
  return session;
}

/** A key that stops working mid-session (revoked, rotated) sends the user back to sign in. */
export function isUnauthorized(error: unknown): boolean {
  return error instanceof UnauthorizedError;
}

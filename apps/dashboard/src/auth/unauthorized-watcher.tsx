import { useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import { isUnauthorized, useSession } from './session';

const REVOKED =
  'Your API key is no longer accepted. It may have been revoked: sign in with a current key.';

/** Signs out as soon as any request answers 401, instead of leaving every widget in error. */
export function UnauthorizedWatcher() {
  const queryClient = useQueryClient();
  const { signOut } = useSession();
  useEffect(() => {
    const unsubscribeQueries = queryClient.getQueryCache().subscribe((event) => {
      if (
        event.type === 'updated' &&
        event.action.type === 'error' &&
        isUnauthorized(event.action.error)
      ) {
        signOut(REVOKED);
      }
    });
    const unsubscribeMutations = queryClient.getMutationCache().subscribe((event) => {
      if (
        event.type === 'updated' &&
        event.action.type === 'error' &&
        isUnauthorized(event.action.error)
      ) {
        signOut(REVOKED);
      }
    });
    return () => {
      unsubscribeQueries();
      unsubscribeMutations();
    };
  }, [queryClient, signOut]);
  return null;
}

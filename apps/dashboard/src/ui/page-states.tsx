// The page states come from @waygate/health-react (one definition, the components' own look).
// This re-export remains only for apps/dashboard/src/alerts, which another change still has in
// flight; everything else imports LoadingState / ErrorState / EmptyState from the package.
export { ErrorState as PageError, LoadingState as PageLoading } from '@waygate/health-react';

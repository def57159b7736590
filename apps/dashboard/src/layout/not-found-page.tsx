import { EmptyState } from '@waygate/health-react';
import { Link } from '../router/router';
import { paths } from '../router/routes';
import { PageHeader } from '../ui/page-header';
import { usePageTitle } from './use-page-title';

export function NotFoundPage() {
  usePageTitle('Page not found');
  return (
    <>
      <PageHeader title="Page not found" />
      <EmptyState title="There is nothing at this address.">
        <Link to={paths.overview()}>Go to the overview</Link>
      </EmptyState>
    </>
  );
}

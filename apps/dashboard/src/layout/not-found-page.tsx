import { Link } from '../router/router';
import { paths } from '../router/routes';
import { PageHeader } from '../ui/page-header';
import { PageEmpty } from '../ui/page-states';
import { usePageTitle } from './use-page-title';

export function NotFoundPage() {
  usePageTitle('Page not found');
  return (
    <>
      <PageHeader title="Page not found" />
      <PageEmpty title="There is nothing at this address.">
        <Link to={paths.overview()}>Go to the overview</Link>
      </PageEmpty>
    </>
  );
}

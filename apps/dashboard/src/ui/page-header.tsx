import { type ReactNode, useEffect, useRef } from 'react';
import { useLocation } from '../router/router';

let firstRender = true;

/**
 * The page's one `<h1>`. After an in-app navigation focus moves here, so keyboard and screen
 * reader users land on the new page instead of staying on the link they used.
 */
export function PageHeader({
  title,
  children,
  actions,
}: {
  title: ReactNode;
  children?: ReactNode;
  actions?: ReactNode;
}) {
  const ref = useRef<HTMLHeadingElement>(null);
  const { pathname } = useLocation();
  // biome-ignore lint/correctness/useExhaustiveDependencies: runs on every navigation on purpose
  useEffect(() => {
    if (firstRender) {
      firstRender = false;
      return;
    }
    ref.current?.focus({ preventScroll: true });
  }, [pathname]);
  return (
    <header className="page-header">
      <div className="page-header-text">
        <h1 ref={ref} tabIndex={-1} className="page-title">
          {title}
        </h1>
        {children && <div className="page-subtitle">{children}</div>}
      </div>
      {actions && <div className="page-actions">{actions}</div>}
    </header>
  );
}

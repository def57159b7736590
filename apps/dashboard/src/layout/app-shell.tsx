import type { ReactNode } from 'react';
import { useSession } from '../auth/session';
import { NotificationBell } from '../notifications/notification-bell';
import { Link, useLocation } from '../router/router';
import { paths } from '../router/routes';

const NAV = [
  { label: 'Overview', to: paths.overview(), match: (p: string) => p === '/' },
  {
    label: 'Connections',
    to: paths.connections(),
    match: (p: string) => p.startsWith('/connections'),
  },
  {
    label: 'Integrations',
    to: paths.integrations(),
    match: (p: string) => p.startsWith('/integrations'),
  },
  { label: 'Alerts', to: paths.alerts(), match: (p: string) => p.startsWith('/alerts') },
];

export function AppShell({ children }: { children: ReactNode }) {
  const { pathname } = useLocation();
  const { signOut } = useSession();
  return (
    <div className="shell">
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="topbar">
        <Link to={paths.overview()} className="brand">
          <span className="brand-mark" aria-hidden="true" />
          Waygate Health
        </Link>
        <nav aria-label="Main" className="nav">
          <ul>
            {NAV.map((item) => (
              <li key={item.to}>
                <Link to={item.to} aria-current={item.match(pathname) ? 'page' : undefined}>
                  {item.label}
                </Link>
              </li>
            ))}
          </ul>
        </nav>
        <div className="topbar-actions">
          <NotificationBell />
          <button type="button" className="wg-button wg-button-ghost" onClick={() => signOut()}>
            Sign out
          </button>
        </div>
      </header>
      <main id="main" className="content" tabIndex={-1}>
        {children}
      </main>
    </div>
  );
}

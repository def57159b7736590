// The entry without response validation: no zod in the bundle (8.5 kB with ky instead of 35 kB;
// pnpm bench:bundle). The server is ours, so its answers are trusted as typed.
import { createHealthClient } from '@waygate/health-client/unvalidated';
import { HealthClientProvider } from '@waygate/health-react';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import '@waygate/health-react/styles.css';
import './index.css';
import { App } from './app.jsx';

// Build-time settings (see README): anything in a browser bundle is public, so use a key
// meant for this page. The server must list this page's origin in WAYGATE_CORS_ORIGINS.
const client = createHealthClient({
  baseUrl: import.meta.env.VITE_WAYGATE_URL ?? 'http://localhost:3000',
  apiKey: import.meta.env.VITE_WAYGATE_API_KEY ?? 'missing-key',
  timeoutMs: 5000,
});

createRoot(document.getElementById('root')).render(
  <StrictMode>
    <HealthClientProvider client={client}>
      <App />
    </HealthClientProvider>
  </StrictMode>,
);

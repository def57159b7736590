import './strict-csp';
import '@waygate/health-react/styles.css';
import './app.css';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App, createDashboardQueryClient } from './app';
import { readStoredApiKey } from './auth/api-key-storage';
import { makeClient } from './auth/session';
import { prefetchFirstScreen } from './prefetch';

const queryClient = createDashboardQueryClient();
const apiKey = readStoredApiKey();
if (apiKey) prefetchFirstScreen(queryClient, makeClient(apiKey), window.location);

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');
createRoot(root).render(
  <StrictMode>
    <App queryClient={queryClient} />
  </StrictMode>,
);

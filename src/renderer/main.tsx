import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { invariant } from '../shared/assert';
import { ApiProvider } from './api/api-context';
import { createApiClient } from './api/create-api-client';
import { startEventRouter } from './api/event-router';
import { App } from './app/app';
import { startThemeSync } from './app/theme-store';
import './styles/base.css';
import './styles/shell.css';
import './styles/runs.css';
import './styles/log.css';
import './styles/pages.css';
import './styles/changes.css';

const root = document.getElementById('root');
invariant(root, 'index.html has no #root element');

// Before the first render, so the page never flashes in the wrong theme.
startThemeSync();
const client = createApiClient();
startEventRouter(client);

createRoot(root).render(
  <StrictMode>
    <ApiProvider client={client}>
      <App />
    </ApiProvider>
  </StrictMode>,
);

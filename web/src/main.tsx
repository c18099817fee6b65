import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { takeReturnPath } from './auth/signIn';
import { ErrorBoundary } from './components/ErrorBoundary';
import './styles/app.css';

// Back from signing in: the gateway always lands on `/`; go on to where the person was when the session ended.
if (!new URLSearchParams(window.location.search).has('error')) {
  const back = takeReturnPath();
  const here = window.location.pathname + window.location.search + window.location.hash;
  if (back && back !== here) {
    window.history.replaceState(null, '', back);
  }
}

const root = document.getElementById('root');
if (root) {
  createRoot(root).render(
    <StrictMode>
      <ErrorBoundary scope="Parley">
        <App />
      </ErrorBoundary>
    </StrictMode>,
  );
}

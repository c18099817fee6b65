import { useEffect, useRef } from 'react';
import type { Me } from './api/types';
import { useApi } from './api/useApi';
import { LOGIN_PATH, signInSucceeded } from './auth/signIn';
import { ErrorBoundary } from './components/ErrorBoundary';
import { Header, mayOpen } from './components/Header';
import { Loading, Problem } from './components/Problem';
import { AdminPage } from './pages/AdminPage';
import { AuditPage } from './pages/AuditPage';
import { InboxPage } from './pages/InboxPage';
import { InvitationPage } from './pages/InvitationPage';
import { NotFoundPage } from './pages/NotFoundPage';
import { OwedPage } from './owed/Owed';
import { OrganisationPage } from './pages/OrganisationPage';
import { PreferencesPage } from './pages/PreferencesPage';
import { ProfilePage } from './pages/ProfilePage';
import { SearchPage } from './pages/SearchPage';
import { WorkspacesPage } from './pages/WorkspacesPage';
import { DocumentPage } from './workspace/DocumentPage';
import { WorkspacePage } from './workspace/WorkspacePage';
import { CalendarPage } from './rollouts/CalendarPage';
import { DeclareReleasePage } from './rollouts/DeclareReleasePage';
import { ReleasePage } from './rollouts/ReleasePage';
import { RolloutBoard } from './rollouts/RolloutBoard';
import { routeTitle, useRoute, type Route } from './router';

/** `/?error=login`: the gateway's answer to a failed sign-in. Offer a retry; never bounce straight back. */
function signInFailed(): boolean {
  return new URLSearchParams(window.location.search).has('error');
}

export function App() {
  const route = useRoute();
  if (signInFailed()) {
    return <SignInFailed />;
  }
  if (route.name === 'invitation') {
    // the invitee has no account yet: no sign-in, no /api/identity/me
    return <InvitationApp token={route.token} />;
  }
  return <SignedInApp />;
}

function InvitationApp({ token }: { token: string }) {
  useEffect(() => {
    document.title = 'Your invitation · Parley';
  }, []);
  return (
    <>
      <Header me={null} route={{ name: 'invitation', token }} />
      <main id="main" className="app-main" tabIndex={-1}>
        <InvitationPage token={token} />
      </main>
      <Footer />
    </>
  );
}

function SignedInApp() {
  const me = useApi<Me>('/api/identity/me');
  const route = useRoute();
  const signedIn = me.state === 'ok' ? me.data : null;

  useEffect(() => {
    if (signedIn) {
      signInSucceeded();
    }
  }, [signedIn]);

  useEffect(() => {
    document.title = `${routeTitle(route)} · Parley`;
  }, [route]);

  // after moving to another page, put keyboard and screen-reader focus on its heading (not on the first load)
  const firstRender = useRef(true);
  const routeKey = JSON.stringify(route);
  useEffect(() => {
    if (firstRender.current) {
      firstRender.current = false;
      return;
    }
    document.getElementById('page-heading')?.focus();
  }, [routeKey]);

  return (
    <>
      <Header me={signedIn} route={route} />
      <main id="main" className="app-main" tabIndex={-1}>
        {me.state === 'loading' && <Loading what="Loading Parley…" />}
        {me.state === 'error' && <Problem error={me.error} what="Parley could not find out who you are." onRetry={me.reload} />}
        {signedIn && (
          <ErrorBoundary key={routeKey}>
            <Page route={route} me={signedIn} />
          </ErrorBoundary>
        )}
      </main>
      <Footer />
    </>
  );
}

function Page({ route, me }: { route: Route; me: Me }) {
  if (!mayOpen(route, me)) {
    return <NotForYou />;
  }
  switch (route.name) {
    case 'workspaces':
      return <WorkspacesPage />;
    case 'workspace':
      return <WorkspacePage id={route.id} section={route.section} me={me} />;
    case 'document':
      return <DocumentPage workspaceId={route.workspaceId} documentId={route.documentId} me={me} />;
    case 'search':
      return <SearchPage q={route.q} />;
    case 'inbox':
      return <InboxPage page={route.page} />;
    case 'preferences':
      return <PreferencesPage />;
    case 'organisation':
      return <OrganisationPage id={route.id} me={me} />;
    case 'admin':
      return <AdminPage />;
    case 'owed':
      return <OwedPage me={me} />;
    case 'audit':
      return <AuditPage workspaceId={route.workspaceId} />;
    case 'profile':
      return <ProfilePage me={me} />;
    case 'invitation':
      return <InvitationPage token={route.token} />;
    case 'rollouts':
      return <RolloutBoard me={me} workspaceId={route.workspaceId} state={route.state} />;
    case 'release-declare':
      return <DeclareReleasePage me={me} />;
    case 'release':
      return <ReleasePage id={route.id} />;
    case 'rollout-calendar':
      return <CalendarPage me={me} />;
    case 'not-found':
      return <NotFoundPage />;
  }
}

/** A page for a role the person does not have: say so (the services would refuse anyway). */
function NotForYou() {
  return (
    <>
      <h1 id="page-heading" tabIndex={-1}>
        Not available to you
      </h1>
      <p>
        This page is for people with another role in Parley. <a href="#/workspaces">Go to My workspaces</a>.
      </p>
    </>
  );
}

function SignInFailed() {
  useEffect(() => {
    document.title = 'Sign-in did not succeed · Parley';
  }, []);
  return (
    <>
      <Header me={null} route={{ name: 'workspaces' }} />
      <main id="main" className="app-main" tabIndex={-1}>
        <h1 id="page-heading">Sign-in did not succeed</h1>
        <p>Parley could not sign you in. This can happen when the sign-in page was open for a long time.</p>
        <p>
          <a className="button" href={LOGIN_PATH}>
            Sign in again
          </a>
        </p>
      </main>
      <Footer />
    </>
  );
}

function Footer() {
  return (
    <footer className="app-footer">
      <p>Parley · Handle every document according to its TLP label.</p>
    </footer>
  );
}

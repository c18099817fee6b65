import type React from 'react';
import { useRef } from 'react';
import { leavingPage, readCookie } from '../api/client';
import type { Me } from '../api/types';
import { href, type Route } from '../router';
import { organisationTypeLabel } from './labels';
import { NotificationBell } from './NotificationBell';

const SECTIONS: { route: Route; label: string }[] = [
  { route: { name: 'workspaces' }, label: 'My workspaces' },
  { route: { name: 'inbox', page: 0 }, label: 'Inbox' },
  { route: { name: 'profile' }, label: 'Profile' },
];

interface HeaderProps {
  me: Me | null;
  route: Route;
}

export function Header({ me, route }: HeaderProps) {
  return (
    <header className="app-header">
      <a className="skip-link" href="#main" onClick={skipToMain}>
        Skip to content
      </a>
      <div className="app-header-inner">
        <a className="brand" href="#/workspaces">
          Parley
        </a>
        {me && (
          <nav className="main-nav" aria-label="Main">
            <ul>
              {SECTIONS.map(({ route: target, label }) => (
                <li key={target.name}>
                  <a href={href(target)} aria-current={target.name === route.name ? 'page' : undefined}>
                    {label}
                  </a>
                </li>
              ))}
            </ul>
          </nav>
        )}
        {me && (
          <div className="account">
            <NotificationBell />
            <div className="who">
              <span id="user-name">{me.name}</span>
              <span className="organisation">
                {me.organisation ?? 'No organisation'} · {organisationTypeLabel(me.organisationType)}
              </span>
            </div>
            <SignOut />
          </div>
        )}
      </div>
    </header>
  );
}

/** The fragment is the router's: the skip link moves focus itself instead of changing the hash. */
function skipToMain(event: React.MouseEvent<HTMLAnchorElement>) {
  event.preventDefault();
  document.getElementById('main')?.focus();
}

/**
 * A real form POST, not fetch: the gateway answers with a redirect to Keycloak's end-session endpoint, which the
 * browser must follow as a navigation. The CSRF token is read from the cookie at the moment of submitting.
 */
function SignOut() {
  const csrf = useRef<HTMLInputElement>(null);
  return (
    <form
      className="sign-out"
      method="post"
      action="/logout"
      onSubmit={() => {
        leavingPage();
        if (csrf.current) {
          csrf.current.value = readCookie('XSRF-TOKEN') ?? '';
        }
      }}
    >
      <input ref={csrf} type="hidden" name="_csrf" defaultValue="" />
      <button type="submit" className="button-on-dark">
        Sign out
      </button>
    </form>
  );
}

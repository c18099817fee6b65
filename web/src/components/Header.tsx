import type React from 'react';
import { useRef } from 'react';
import { leavingPage, readCookie } from '../api/client';
import type { Me } from '../api/types';
import { href, section, type Route } from '../router';
import { organisationTypeLabel } from './labels';
import { NotificationBell } from './NotificationBell';

interface NavSection {
  route: Route;
  label: string;
  /** Realm roles that see this entry (any of them); none = everybody signed in. */
  roles?: string[];
}

const SECTIONS: NavSection[] = [
  { route: { name: 'workspaces' }, label: 'My workspaces' },
  { route: { name: 'rollouts', workspaceId: null, state: null }, label: 'Rollouts' },
  { route: { name: 'search', q: '' }, label: 'Search' },
  { route: { name: 'inbox', page: 0 }, label: 'Inbox' },
  { route: { name: 'owed' }, label: 'What we owe' },
  { route: { name: 'preferences' }, label: 'Preferences' },
  { route: { name: 'organisation', id: null }, label: 'My organisation', roles: ['org-admin'] },
  { route: { name: 'admin' }, label: 'Administration', roles: ['portal-admin'] },
  { route: { name: 'audit', workspaceId: null }, label: 'Audit', roles: ['auditor'] },
  { route: { name: 'profile' }, label: 'Profile' },
];

function allowed(entry: NavSection, me: Me): boolean {
  return !entry.roles || entry.roles.some((role) => me.roles.includes(role));
}

/**
 * Whether the person's realm roles open this page (the services decide for real; this only keeps people from
 * pages that would refuse them). Managing another organisation is for portal admins.
 */
export function mayOpen(route: Route, me: Me): boolean {
  if (route.name === 'organisation' && route.id !== null && route.id !== me.organisation) {
    return me.roles.includes('portal-admin');
  }
  if (route.name === 'organisation') {
    return me.roles.includes('org-admin') || me.roles.includes('portal-admin');
  }
  if (route.name === 'release-declare') {
    // government organisations follow rollouts read-only
    return me.organisationType !== 'GOVERNMENT';
  }
  const entry = SECTIONS.find((candidate) => candidate.route.name === route.name);
  return !entry || allowed(entry, me);
}

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
              {SECTIONS.filter((entry) => allowed(entry, me)).map(({ route: target, label }) => (
                <li key={target.name}>
                  <a href={href(target)} aria-current={target.name === section(route) ? 'page' : undefined}>
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

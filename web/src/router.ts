import { useSyncExternalStore } from 'react';

/**
 * Hash routing (`/#/inbox`): the gateway serves only `/`, `/index.html` and `/assets/**` without a session, and
 * any other path it would send to Keycloak. With the route in the fragment the server never sees it, so no
 * gateway rule has to know the SPA's pages. `/` with no fragment is "My workspaces".
 */
export type Route =
  | { name: 'workspaces' }
  | { name: 'inbox'; page: number }
  | { name: 'profile' }
  | { name: 'invitation'; token: string }
  | { name: 'not-found'; path: string };

export function parseHash(hash: string): Route {
  const raw = hash.replace(/^#/, '');
  if (raw === '' || raw === '/') {
    return { name: 'workspaces' };
  }
  const [path, query = ''] = raw.split('?', 2);
  // the invitation link: `#/invitation/<token>`, opened before the invitee has an account
  const invitation = /^\/invitation\/([A-Za-z0-9_-]+)$/.exec(path);
  if (invitation) {
    return { name: 'invitation', token: invitation[1] };
  }
  const params = new URLSearchParams(query);
  switch (path.replace(/\/+$/, '')) {
    case '/workspaces':
      return { name: 'workspaces' };
    case '/inbox': {
      const page = Number.parseInt(params.get('page') ?? '0', 10);
      return { name: 'inbox', page: Number.isFinite(page) && page > 0 ? page : 0 };
    }
    case '/profile':
      return { name: 'profile' };
    default:
      return { name: 'not-found', path: raw };
  }
}

export function href(route: Route): string {
  switch (route.name) {
    case 'workspaces':
      return '#/workspaces';
    case 'inbox':
      return route.page > 0 ? `#/inbox?page=${route.page}` : '#/inbox';
    case 'profile':
      return '#/profile';
    case 'invitation':
      return `#/invitation/${route.token}`;
    case 'not-found':
      return `#${route.path}`;
  }
}

/** Same page, whatever the spelling: `/` and `#/workspaces` are both "My workspaces". */
export function sameSection(a: Route, b: Route): boolean {
  return a.name === b.name;
}

function subscribe(onChange: () => void): () => void {
  window.addEventListener('hashchange', onChange);
  return () => window.removeEventListener('hashchange', onChange);
}

function currentHash(): string {
  return window.location.hash;
}

export function useRoute(): Route {
  const hash = useSyncExternalStore(subscribe, currentHash);
  return parseHash(hash);
}

export function routeTitle(route: Route): string {
  switch (route.name) {
    case 'workspaces':
      return 'My workspaces';
    case 'inbox':
      return 'Inbox';
    case 'profile':
      return 'Profile';
    case 'invitation':
      return 'Your invitation';
    case 'not-found':
      return 'Page not found';
  }
}

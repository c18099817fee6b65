import { useSyncExternalStore } from 'react';

/**
 * Hash routing (`/#/inbox`): the gateway serves only `/`, `/index.html` and `/assets/**` without a session, and
 * any other path it would send to Keycloak. With the route in the fragment the server never sees it, so no
 * gateway rule has to know the SPA's pages. `/` with no fragment is "My workspaces".
 */
export type WorkspaceSection = 'documents' | 'announcements' | 'members' | 'audit';

export const WORKSPACE_SECTIONS: readonly WorkspaceSection[] = ['documents', 'announcements', 'members', 'audit'];

export type Route =
  | { name: 'workspaces' }
  | { name: 'workspace'; id: string; section: WorkspaceSection }
  | { name: 'document'; workspaceId: string; documentId: string }
  | { name: 'search'; q: string }
  | { name: 'inbox'; page: number }
  | { name: 'preferences' }
  | { name: 'profile' }
  | { name: 'organisation'; id: string | null }
  | { name: 'admin' }
  | { name: 'audit'; workspaceId: string | null }
  | { name: 'invitation'; token: string }
  | { name: 'not-found'; path: string };

/** Ids in paths are the services' UUIDs (and organisation slugs): nothing else is ever put into an API path. */
const ID = '([A-Za-z0-9-]{1,64})';

export function parseHash(hash: string): Route {
  const raw = hash.replace(/^#/, '');
  if (raw === '' || raw === '/') {
    return { name: 'workspaces' };
  }
  const [rawPath, query = ''] = raw.split('?', 2);
  // the invitation link: `#/invitation/<token>`, opened before the invitee has an account
  const invitation = /^\/invitation\/([A-Za-z0-9_-]+)$/.exec(rawPath);
  if (invitation) {
    return { name: 'invitation', token: invitation[1] };
  }
  const path = rawPath.replace(/\/+$/, '');
  const params = new URLSearchParams(query);
  const document = new RegExp(`^/workspaces/${ID}/documents/${ID}$`).exec(path);
  if (document) {
    return { name: 'document', workspaceId: document[1], documentId: document[2] };
  }
  const workspace = new RegExp(`^/workspaces/${ID}(?:/([a-z]+))?$`).exec(path);
  if (workspace && workspace[1] !== 'workspaces') {
    const section = (workspace[2] ?? 'documents') as WorkspaceSection;
    if (WORKSPACE_SECTIONS.includes(section)) {
      return { name: 'workspace', id: workspace[1], section };
    }
  }
  const organisation = new RegExp(`^/organisation(?:/${ID})?$`).exec(path);
  if (organisation) {
    return { name: 'organisation', id: organisation[1] ?? null };
  }
  const audit = new RegExp(`^/audit(?:/${ID})?$`).exec(path);
  if (audit) {
    return { name: 'audit', workspaceId: audit[1] ?? null };
  }
  switch (path) {
    case '/workspaces':
      return { name: 'workspaces' };
    case '/search':
      return { name: 'search', q: params.get('q') ?? '' };
    case '/inbox': {
      const page = Number.parseInt(params.get('page') ?? '0', 10);
      return { name: 'inbox', page: Number.isFinite(page) && page > 0 ? page : 0 };
    }
    case '/preferences':
      return { name: 'preferences' };
    case '/profile':
      return { name: 'profile' };
    case '/admin':
      return { name: 'admin' };
    default:
      return { name: 'not-found', path: raw };
  }
}

export function href(route: Route): string {
  switch (route.name) {
    case 'workspaces':
      return '#/workspaces';
    case 'workspace':
      return route.section === 'documents' ? `#/workspaces/${route.id}` : `#/workspaces/${route.id}/${route.section}`;
    case 'document':
      return `#/workspaces/${route.workspaceId}/documents/${route.documentId}`;
    case 'search':
      return route.q ? `#/search?q=${encodeURIComponent(route.q)}` : '#/search';
    case 'inbox':
      return route.page > 0 ? `#/inbox?page=${route.page}` : '#/inbox';
    case 'preferences':
      return '#/preferences';
    case 'profile':
      return '#/profile';
    case 'organisation':
      return route.id ? `#/organisation/${route.id}` : '#/organisation';
    case 'admin':
      return '#/admin';
    case 'audit':
      return route.workspaceId ? `#/audit/${route.workspaceId}` : '#/audit';
    case 'invitation':
      return `#/invitation/${route.token}`;
    case 'not-found':
      return `#${route.path}`;
  }
}

/** The navigation entry a route belongs to: a workspace and its documents are under "My workspaces". */
export function section(route: Route): Route['name'] {
  return route.name === 'workspace' || route.name === 'document' ? 'workspaces' : route.name;
}

/** Same page, whatever the spelling: `/` and `#/workspaces` are both "My workspaces". */
export function sameSection(a: Route, b: Route): boolean {
  return section(a) === section(b);
}

export function navigate(route: Route): void {
  window.location.hash = href(route);
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
    case 'workspace':
      return 'Workspace';
    case 'document':
      return 'Document';
    case 'search':
      return 'Search documents';
    case 'inbox':
      return 'Inbox';
    case 'preferences':
      return 'Notification preferences';
    case 'profile':
      return 'Profile';
    case 'organisation':
      return 'My organisation';
    case 'admin':
      return 'Portal administration';
    case 'audit':
      return 'Audit trails';
    case 'invitation':
      return 'Your invitation';
    case 'not-found':
      return 'Page not found';
  }
}

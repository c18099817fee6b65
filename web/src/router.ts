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
  | { name: 'owed' }
  | { name: 'admin' }
  | { name: 'audit'; workspaceId: string | null }
  | { name: 'invitation'; token: string }
  | { name: 'rollouts'; workspaceId: string | null; state: ReleaseStateFilter | null }
  | { name: 'release-declare' }
  | { name: 'release'; id: string }
  | { name: 'rollout-calendar' }
  | { name: 'not-found'; path: string };

/** The states a release can be in (the rollouts service's state machine); the board filters on them. */
export const RELEASE_STATES = ['DRAFT', 'SCHEDULED', 'IN_RING', 'HALTED', 'COMPLETED', 'ROLLED_BACK', 'CANCELLED'] as const;

export type ReleaseStateFilter = (typeof RELEASE_STATES)[number];

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
  const release = new RegExp(`^/rollouts/releases/${ID}$`).exec(path);
  if (release) {
    return { name: 'release', id: release[1] };
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
    case '/owed':
      return { name: 'owed' };
    case '/rollouts': {
      const workspaceId = params.get('workspace');
      const state = params.get('state');
      return {
        name: 'rollouts',
        workspaceId: workspaceId && new RegExp(`^${ID}$`).test(workspaceId) ? workspaceId : null,
        state: (RELEASE_STATES as readonly string[]).includes(state ?? '') ? (state as ReleaseStateFilter) : null,
      };
    }
    case '/rollouts/new':
      return { name: 'release-declare' };
    case '/rollouts/calendar':
      return { name: 'rollout-calendar' };
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
    case 'owed':
      return '#/owed';
    case 'audit':
      return route.workspaceId ? `#/audit/${route.workspaceId}` : '#/audit';
    case 'invitation':
      return `#/invitation/${route.token}`;
    case 'rollouts': {
      const params = new URLSearchParams();
      if (route.workspaceId) {
        params.set('workspace', route.workspaceId);
      }
      if (route.state) {
        params.set('state', route.state);
      }
      const query = params.toString();
      return query ? `#/rollouts?${query}` : '#/rollouts';
    }
    case 'release-declare':
      return '#/rollouts/new';
    case 'release':
      return `#/rollouts/releases/${route.id}`;
    case 'rollout-calendar':
      return '#/rollouts/calendar';
    case 'not-found':
      return `#${route.path}`;
  }
}

/**
 * The navigation entry a route belongs to: a workspace and its documents are under "My workspaces"; a release,
 * the declare form and the calendar under "Rollouts".
 */
export function section(route: Route): Route['name'] {
  switch (route.name) {
    case 'workspace':
    case 'document':
      return 'workspaces';
    case 'release':
    case 'release-declare':
    case 'rollout-calendar':
      return 'rollouts';
    default:
      return route.name;
  }
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
    case 'owed':
      return 'What we owe';
    case 'audit':
      return 'Audit trails';
    case 'invitation':
      return 'Your invitation';
    case 'rollouts':
      return 'Rollouts';
    case 'release-declare':
      return 'Declare a release';
    case 'release':
      return 'Release';
    case 'rollout-calendar':
      return 'Release calendar';
    case 'not-found':
      return 'Page not found';
  }
}

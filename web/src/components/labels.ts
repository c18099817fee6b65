import type { OrganisationType, WorkspaceRole } from '../api/types';

export function organisationTypeLabel(type: OrganisationType | null | undefined): string {
  switch (type) {
    case 'HOST':
      return 'Host';
    case 'VENDOR':
      return 'Security partner';
    case 'GOVERNMENT':
      return 'Government';
    default:
      return 'Organisation type not set';
  }
}

const ROLES: Record<string, string> = {
  'portal-admin': 'Portal administrator',
  'org-admin': 'Organisation administrator',
  member: 'Member',
  auditor: 'Auditor',
};

/** Parley's realm roles in words; anything else (Keycloak's own defaults) is not shown. */
export function roleLabels(roles: readonly string[]): string[] {
  return roles.filter((role) => role in ROLES).map((role) => ROLES[role]);
}

export function workspaceRoleLabel(role: WorkspaceRole | string): string {
  switch (String(role).toUpperCase()) {
    case 'OWNER':
      return 'Owner';
    case 'CONTRIBUTOR':
      return 'Contributor';
    case 'READER':
      return 'Reader';
    default:
      return String(role);
  }
}

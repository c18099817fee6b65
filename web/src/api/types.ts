// The shapes the services return, as the SPA uses them (see the services' controllers).
export type OrganisationType = 'HOST' | 'VENDOR' | 'GOVERNMENT';

export interface Me {
  id: string;
  name: string;
  email: string | null;
  organisation: string | null;
  organisationType: OrganisationType | null;
  roles: string[];
}

export type WorkspaceRole = 'OWNER' | 'CONTRIBUTOR' | 'READER';

export interface WorkspaceSummary {
  id: string;
  name: string;
  purpose: string;
  myRole: WorkspaceRole;
}

export interface Notification {
  id: string;
  type: string;
  title: string;
  link: string | null;
  createdAt: string;
  readAt: string | null;
}

export interface NotificationPage {
  items: Notification[];
  page: number;
  size: number;
  total: number;
}

export interface UnreadCount {
  unread: number;
}

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
  labelCeiling?: string;
  myRole: WorkspaceRole;
}

/** A workspace as the host's auditors list them (`GET /api/workspaces/all`): no documents, no member names. */
export interface AuditedWorkspace {
  id: string;
  name: string;
  labelCeiling: string;
  organisations: string[];
  members: number;
  createdAt: string;
}

export interface Notification {
  id: string;
  type: string;
  title: string;
  label?: string | null;
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

// --- workspace (ADR 0008) and collaboration (ADR 0009) ---

export type TlpLabel = 'TLP:CLEAR' | 'TLP:GREEN' | 'TLP:AMBER' | 'TLP:AMBER+STRICT' | 'TLP:RED';

export interface Member {
  personId: string;
  organisation: string;
  role: WorkspaceRole;
  /** Not in ADR 0008 yet: the person's display name, when workspace knows it (see ADR 0013). */
  name?: string | null;
}

export interface WorkspaceView {
  id: string;
  name: string;
  purpose: string;
  labelCeiling: string;
  myRole: WorkspaceRole;
  members: Member[];
  createdAt: string;
}

export type ScanStatus = 'PENDING' | 'CLEAN' | 'QUARANTINED' | 'UNSCANNED';

export interface DocumentVersion {
  version: number;
  fileName: string;
  size: number;
  sha256: string;
  mediaType: string;
  uploadedBy: string;
  uploadedAt: string;
  scan: ScanStatus;
  scanFinding?: string | null;
}

export interface ParleyDocument {
  id: string;
  workspaceId: string;
  title: string;
  label: string;
  namedPeople: string[];
  namedOrganisations: string[];
  uploadedBy: string;
  uploaderOrganisationId: string;
  createdAt: string;
  deleted: boolean;
  latestVersion: number;
  versions: DocumentVersion[];
  /** Until `until` the document keeps its label, then it takes this one (ADR 0042); null or absent when none. */
  embargo?: DocumentEmbargo | null;
}

export interface DocumentEmbargo {
  until: string;
  label: string;
  namedPeople: string[];
  namedOrganisations: string[];
  setBy: string;
  setAt: string;
}

export interface Comment {
  id: string;
  authorId: string;
  authorName?: string | null;
  text: string;
  createdAt: string;
  mentions?: string[];
}

export interface Announcement {
  id: string;
  title: string;
  body: string;
  label: string;
  postedBy: string;
  postedAt: string;
}

export interface Acknowledgement {
  personId: string;
  name?: string | null;
  acknowledgedAt: string;
}

export interface OrganisationAcknowledgement {
  organisation: string;
  acknowledgements: Acknowledgement[];
  /** The server's verdict; the client also works it out from the deadline when missing. */
  overdue?: boolean;
}

export interface AcknowledgementRequest {
  id: string;
  documentId: string;
  version: number;
  deadline: string;
  requestedBy: string;
  requestedAt?: string;
  organisations: OrganisationAcknowledgement[];
}

export interface AuditEntry {
  id?: string;
  sequence: number;
  at: string;
  actorId: string;
  action: string;
  subject: string;
  details: Record<string, string>;
  hash: string;
}

export interface AuditPage {
  items: AuditEntry[];
  page: number;
  size: number;
  total: number;
}

export interface AuditVerification {
  valid: boolean;
  entries: number;
  firstBrokenSequence?: number | null;
}

// --- notifications (ADR 0009) ---

export type Channel = 'IN_APP' | 'EMAIL' | 'DIGEST' | 'OFF';

/** One kind of notice as the service describes it (ADR 0031), so the page can draw its row. */
export interface NoticeInfo {
  type: string;
  /** The service's words for it (also what a mail says when the title must stay in the portal). */
  description: string;
  defaultChannel: Channel;
  /** Cannot be OFF. */
  mandatory: boolean;
  /** Cannot leave its default channel at all: `allowedChannels` is that one channel (halted releases). */
  locked: boolean;
  allowedChannels: Channel[];
}

export interface Preferences {
  timeZone: string;
  channels: Record<string, Channel>;
  /** Event types that cannot be OFF (see ADR 0013: the server says which). */
  mandatory?: string[];
  /** Per notice type, what may be chosen (ADR 0031); read only, never sent back. */
  notices?: NoticeInfo[];
}

/** What `PUT /api/notifications/preferences` takes: types left out go back to their default. */
export interface PreferencesChoice {
  timeZone: string;
  channels: Record<string, Channel>;
}

// --- identity (ADR 0006) ---

export interface Organisation {
  id: string;
  name: string;
  type: OrganisationType;
  domains?: string[];
  active?: boolean;
  createdAt?: string;
}

export type PersonRole = 'MEMBER' | 'ORG_ADMIN';

/** A person the people search found (ADR 0045): the e-mail address only where the directory shows it to the caller. */
export interface PersonMatch {
  id: string;
  name: string;
  email?: string;
  organisationId: string;
  organisationName: string;
}

export interface PeopleFound {
  people: PersonMatch[];
  /** More people matched than the answer lists: type more of the name. */
  more: boolean;
}

/** The directory answers more or fewer of these fields depending on who asks (ADR 0006). */
export interface Person {
  id?: string;
  name: string;
  email?: string;
  organisationId: string;
  organisationType?: OrganisationType;
  role: PersonRole;
  status?: 'JOINING' | 'ACTIVE' | 'OFFBOARDED';
  sponsorId?: string | null;
  accessEndsAt?: string | null;
  joinedAt?: string | null;
  offboardedAt?: string | null;
}

export interface Invitation {
  id: string;
  organisationId: string;
  name: string;
  email: string;
  role: PersonRole;
  state: 'PENDING' | 'ACCEPTING' | 'ACCEPTED' | 'REVOKED' | 'EXPIRED';
  expiresAt: string;
  invitedBy: string;
  sponsorId?: string | null;
  accessEndsAt?: string | null;
  timesSent: number;
  createdAt: string;
  acceptedAt?: string | null;
  personId?: string | null;
  emailSent?: boolean | null;
}

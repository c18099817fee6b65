import type { Me, WorkspaceView } from '../api/types';
import { useApi } from '../api/useApi';
import { workspaceRoleLabel } from '../components/labels';
import { Loading, Problem } from '../components/Problem';
import { TlpBadge } from '../components/TlpBadge';
import { AuditTrail } from '../audit/AuditTrail';
import { href, type WorkspaceSection } from '../router';
import { Announcements } from './Announcements';
import { DocumentsSection } from './DocumentsSection';
import { Members } from './Members';

const SECTION_NAMES: Record<WorkspaceSection, string> = {
  documents: 'Documents',
  announcements: 'Announcements',
  members: 'Members',
  audit: 'Audit trail',
};

/** Which sections a person sees: the audit trail is for owners and auditors (ADR 0009). */
export function visibleSections(workspace: WorkspaceView, me: Me): WorkspaceSection[] {
  const sections: WorkspaceSection[] = ['documents', 'announcements', 'members'];
  if (workspace.myRole === 'OWNER' || me.roles.includes('auditor')) {
    sections.push('audit');
  }
  return sections;
}

export function WorkspacePage({ id, section, me }: { id: string; section: WorkspaceSection; me: Me }) {
  const workspace = useApi<WorkspaceView>(`/api/workspaces/${id}`);
  if (workspace.state === 'loading') {
    return <Loading what="Loading the workspace…" />;
  }
  if (workspace.state === 'error') {
    return (
      <>
        <h1 id="page-heading" tabIndex={-1}>
          Workspace
        </h1>
        <Problem error={workspace.error} what="This workspace could not be loaded." onRetry={workspace.reload} />
      </>
    );
  }
  const data = workspace.data;
  const sections = visibleSections(data, me);
  const shown = sections.includes(section) ? section : 'documents';
  return (
    <>
      <h1 id="page-heading" tabIndex={-1}>
        {data.name}
      </h1>
      {data.purpose && <p className="lead">{data.purpose}</p>}
      <p className="card-meta">
        Labels up to <TlpBadge label={data.labelCeiling} /> · Your role: <span className="role">{workspaceRoleLabel(data.myRole)}</span>
      </p>
      <nav className="tabs" aria-label="Workspace sections">
        <ul>
          {sections.map((name) => (
            <li key={name}>
              <a href={href({ name: 'workspace', id: data.id, section: name })} aria-current={name === shown ? 'page' : undefined}>
                {SECTION_NAMES[name]}
              </a>
            </li>
          ))}
        </ul>
      </nav>
      {shown === 'documents' && <DocumentsSection workspace={data} me={me} />}
      {shown === 'announcements' && <Announcements workspace={data} />}
      {shown === 'members' && <Members workspace={data} onChanged={workspace.reload} />}
      {shown === 'audit' && <AuditTrail workspaceId={data.id} members={data.members} />}
    </>
  );
}

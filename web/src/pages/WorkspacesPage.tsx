import type { WorkspaceSummary } from '../api/types';
import { useApi } from '../api/useApi';
import { workspaceRoleLabel } from '../components/labels';
import { Loading, Problem } from '../components/Problem';
import { TlpBadge } from '../components/TlpBadge';
import { href } from '../router';
import { OwedPanel } from '../owed/Owed';
import { SearchForm } from './SearchPage';

export function WorkspacesPage() {
  const workspaces = useApi<WorkspaceSummary[]>('/api/workspaces');
  return (
    <>
      <h1 id="page-heading" tabIndex={-1}>
        My workspaces
      </h1>
      <SearchForm />
      <OwedPanel />
      {workspaces.state === 'loading' && <Loading what="Loading your workspaces…" />}
      {workspaces.state === 'error' && (
        <Problem error={workspaces.error} what="Your workspaces could not be loaded." onRetry={workspaces.reload} />
      )}
      {workspaces.state === 'ok' && workspaces.data.length === 0 && (
        <div className="empty">
          <p>You are not a member of any workspace yet.</p>
          <p>A workspace owner or your host programme manager adds you; you will get a notification when they do.</p>
        </div>
      )}
      {workspaces.state === 'ok' && workspaces.data.length > 0 && (
        <ul className="cards" aria-label="Workspaces">
          {workspaces.data.map((workspace) => (
            <li key={workspace.id} className="card">
              <h2 className="card-title">
                <a href={href({ name: 'workspace', id: workspace.id, section: 'documents' })}>{workspace.name}</a>
              </h2>
              <p className="card-text">{workspace.purpose}</p>
              <p className="card-meta">
                Your role: <span className="role">{workspaceRoleLabel(workspace.myRole)}</span>
                {workspace.labelCeiling && (
                  <>
                    {' '}
                    · Labels up to <TlpBadge label={workspace.labelCeiling} />
                  </>
                )}
              </p>
            </li>
          ))}
        </ul>
      )}
    </>
  );
}

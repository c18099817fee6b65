import { useId, useState, type FormEvent } from 'react';
import type { AuditedWorkspace } from '../api/types';
import { useApi } from '../api/useApi';
import { AuditTrail } from '../audit/AuditTrail';
import { Loading, Problem } from '../components/Problem';
import { href, navigate } from '../router';

/** The portal's own chain (global announcements), which no workspace lists. */
const PORTAL_TRAIL = '00000000-0000-0000-0000-000000000000';

/** Auditors: read-only trails with verification and export; nothing here changes anything. */
export function AuditPage({ workspaceId }: { workspaceId: string | null }) {
  return (
    <>
      <h1 id="page-heading" tabIndex={-1}>
        Audit trails
      </h1>
      <p className="hint">Read-only. Every workspace keeps its own hash chain; “Verify chain” checks that no entry was changed or removed.</p>
      <WorkspaceChooser current={workspaceId} />
      {workspaceId && <AuditTrail key={workspaceId} workspaceId={workspaceId} />}
    </>
  );
}

/** Every workspace (auditors are not members of them): name, label ceiling, organisations and member count. */
function WorkspaceChooser({ current }: { current: string | null }) {
  const id = useId();
  const workspaces = useApi<AuditedWorkspace[]>('/api/workspaces/all');
  const [typed, setTyped] = useState(current ?? '');
  function submit(event: FormEvent) {
    event.preventDefault();
    if (/^[A-Za-z0-9-]{1,64}$/.test(typed.trim())) {
      navigate({ name: 'audit', workspaceId: typed.trim() });
    }
  }
  return (
    <section className="panel" aria-labelledby={`${id}-heading`}>
      <h2 id={`${id}-heading`}>Workspaces</h2>
      {workspaces.state === 'loading' && <Loading what="Loading workspaces…" />}
      {workspaces.state === 'error' && <Problem error={workspaces.error} what="The workspaces could not be loaded." onRetry={workspaces.reload} />}
      {workspaces.state === 'ok' && workspaces.data.length === 0 && <p className="hint">There are no workspaces yet.</p>}
      {workspaces.state === 'ok' && workspaces.data.length > 0 && (
        <ul className="link-list">
          {workspaces.data.map((workspace) => (
            <li key={workspace.id}>
              <a href={href({ name: 'audit', workspaceId: workspace.id })} aria-current={workspace.id === current ? 'page' : undefined}>
                {workspace.name}
              </a>{' '}
              <span className="hint">
                {workspace.labelCeiling} ceiling · {workspace.members} member{workspace.members === 1 ? '' : 's'} of{' '}
                {workspace.organisations.join(', ')}
              </span>
            </li>
          ))}
        </ul>
      )}
      <form className="inline-form" onSubmit={submit}>
        <label htmlFor={`${id}-id`}>Workspace id (or the portal’s own trail, {PORTAL_TRAIL})</label>
        <input id={`${id}-id`} value={typed} onChange={(event) => setTyped(event.target.value)} />
        <button type="submit">Show audit trail</button>
      </form>
    </section>
  );
}

import { useState } from 'react';
import { api } from '../api/client';
import type { Me, ParleyDocument, WorkspaceView } from '../api/types';
import { useAction, useApi } from '../api/useApi';
import { formatWhen, personName } from '../components/format';
import { Loading, Problem } from '../components/Problem';
import { TlpBadge } from '../components/TlpBadge';
import { href, navigate } from '../router';
import { formatBytes } from '../upload/upload';
import { Uploader } from '../upload/Uploader';
import { Acknowledgements } from './Acknowledgements';
import { Comments } from './Comments';
import { CopyDocument } from './CopyDocument';
import { canContribute } from './DocumentsSection';
import { DownloadLink, ScanStatusText } from './documentFacts';
import { Embargo } from './Embargo';
import { LabelChange } from './LabelChange';
import { Table } from '../components/Table';

export function DocumentPage({ workspaceId, documentId, me }: { workspaceId: string; documentId: string; me: Me }) {
  const workspace = useApi<WorkspaceView>(`/api/workspaces/${workspaceId}`);
  const document = useApi<ParleyDocument>(`/api/workspaces/${workspaceId}/documents/${documentId}`);
  if (workspace.state === 'error' || document.state === 'error') {
    const failed = workspace.state === 'error' ? workspace : document.state === 'error' ? document : null;
    return (
      <>
        <h1 id="page-heading" tabIndex={-1}>
          Document
        </h1>
        {failed && failed.state === 'error' && (
          <Problem error={failed.error} what="This document could not be loaded." onRetry={failed.reload} />
        )}
      </>
    );
  }
  if (workspace.state === 'loading' || document.state === 'loading') {
    return <Loading what="Loading the document…" />;
  }
  return <DocumentView workspace={workspace.data} document={document.data} me={me} reload={document.reload} />;
}

interface DocumentViewProps {
  workspace: WorkspaceView;
  document: ParleyDocument;
  me: Me;
  reload: () => void;
}

function DocumentView({ workspace, document, me, reload }: DocumentViewProps) {
  const members = workspace.members;
  const versions = [...document.versions].sort((a, b) => b.version - a.version);
  return (
    <>
      <nav aria-label="Breadcrumb" className="breadcrumb">
        <a href={href({ name: 'workspace', id: workspace.id, section: 'documents' })}>{workspace.name}</a>
      </nav>
      <h1 id="page-heading" tabIndex={-1}>
        {document.title}
      </h1>
      <dl className="facts">
        <dt>Label</dt>
        <dd>
          <TlpBadge label={document.label} showAudience />
        </dd>
        {document.namedPeople.length > 0 && (
          <>
            <dt>Named people</dt>
            <dd>{document.namedPeople.map((id) => personName(members, id)).join(', ')}</dd>
          </>
        )}
        {document.namedOrganisations.length > 0 && (
          <>
            <dt>Named organisations</dt>
            <dd>{document.namedOrganisations.join(', ')}</dd>
          </>
        )}
        <dt>Uploaded by</dt>
        <dd>
          {personName(members, document.uploadedBy)} ({document.uploaderOrganisationId}), {formatWhen(document.createdAt)}
        </dd>
      </dl>

      <section className="panel" aria-labelledby="versions-heading">
        <h2 id="versions-heading">Version history</h2>
        <Table columns={['Version', 'File', 'Size', 'Scan', 'Uploaded', 'SHA-256', 'Download']}>
          {versions.map((version) => (
            <tr key={version.version}>
              <th scope="row">{version.version}</th>
              <td>
                {version.fileName} <span className="hint">{version.mediaType}</span>
              </td>
              <td>{formatBytes(version.size)}</td>
              <td>
                <ScanStatusText scan={version.scan} />
                {version.scanFinding && <span className="hint"> ({version.scanFinding})</span>}
              </td>
              <td>
                {personName(members, version.uploadedBy)}, {formatWhen(version.uploadedAt)}
              </td>
              <td>
                <code className="hash" title={version.sha256}>
                  {version.sha256.slice(0, 12)}…
                </code>
              </td>
              <td>
                <DownloadLink document={document} version={version} />
              </td>
            </tr>
          ))}
        </Table>
        {canContribute(workspace) && (
          <Uploader
            url={`/api/workspaces/${workspace.id}/documents/${document.id}/versions`}
            label="New version of this document"
            buttonLabel="Upload new version"
            onUploaded={reload}
          />
        )}
      </section>

      <Embargo
        key={`${document.label} ${document.embargo?.until ?? ''} ${document.embargo?.label ?? ''}`}
        workspace={workspace}
        document={document}
        me={me}
        onChanged={reload}
      />
      {canContribute(workspace) && !document.embargo && (
        <LabelChange key={document.label} workspace={workspace} document={document} me={me} onChanged={reload} />
      )}
      <CopyDocument workspaceId={workspace.id} document={document} />
      <Acknowledgements workspace={workspace} document={document} me={me} />
      <Comments workspace={workspace} document={document} />
      {workspace.myRole === 'OWNER' && <DeleteDocument workspace={workspace} document={document} />}
    </>
  );
}

/** Owners only; a soft delete on the service's side (ADR 0009), still a step nobody should take by a slip. */
function DeleteDocument({ workspace, document }: { workspace: WorkspaceView; document: ParleyDocument }) {
  const [confirming, setConfirming] = useState(false);
  const remove = useAction();
  async function confirm() {
    if (await remove.run(() => api(`/api/workspaces/${workspace.id}/documents/${document.id}`, { method: 'DELETE' }))) {
      navigate({ name: 'workspace', id: workspace.id, section: 'documents' });
    }
  }
  return (
    <section className="panel" aria-labelledby="delete-heading">
      <h2 id="delete-heading">Delete</h2>
      {!confirming ? (
        <button type="button" className="button-secondary" onClick={() => setConfirming(true)}>
          Delete document
        </button>
      ) : (
        <div className="message message-warning" role="group" aria-label="Confirm deletion">
          <p>
            Delete “{document.title}” with all {document.versions.length} version{document.versions.length === 1 ? '' : 's'}? Nobody
            can open it afterwards; the audit trail keeps the record.
          </p>
          <p className="actions">
            <button type="button" className="button-danger" disabled={remove.busy} onClick={confirm}>
              Yes, delete “{document.title}”
            </button>
            <button type="button" className="button-secondary" onClick={() => setConfirming(false)}>
              Cancel
            </button>
          </p>
        </div>
      )}
      {remove.error && <Problem error={remove.error} what="The document was not deleted." />}
    </section>
  );
}

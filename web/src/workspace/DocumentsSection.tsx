import type { Me, ParleyDocument, WorkspaceView } from '../api/types';
import { useApi } from '../api/useApi';
import { formatWhen, personName } from '../components/format';
import { Loading, Problem } from '../components/Problem';
import { TlpBadge } from '../components/TlpBadge';
import { href } from '../router';
import { formatBytes } from '../upload/upload';
import { DocumentUpload } from './DocumentUpload';
import { DownloadLink, latest, ScanStatusText } from './documentFacts';
import { Table } from '../components/Table';

interface DocumentsSectionProps {
  workspace: WorkspaceView;
  me: Me;
}

export function canContribute(workspace: WorkspaceView): boolean {
  return workspace.myRole === 'OWNER' || workspace.myRole === 'CONTRIBUTOR';
}

export function DocumentsSection({ workspace, me }: DocumentsSectionProps) {
  const documents = useApi<ParleyDocument[]>(`/api/workspaces/${workspace.id}/documents`);
  return (
    <>
      {canContribute(workspace) && <DocumentUpload workspace={workspace} me={me} onUploaded={documents.reload} />}
      <section className="panel" aria-labelledby="documents-heading">
        <h2 id="documents-heading">Documents</h2>
        {documents.state === 'loading' && <Loading what="Loading documents…" />}
        {documents.state === 'error' && (
          <Problem error={documents.error} what="The documents could not be loaded." onRetry={documents.reload} />
        )}
        {documents.state === 'ok' && (
          <DocumentTable documents={documents.data.filter((document) => !document.deleted)} workspace={workspace} />
        )}
      </section>
    </>
  );
}

export function DocumentTable({ documents, workspace }: { documents: ParleyDocument[]; workspace?: WorkspaceView }) {
  if (documents.length === 0) {
    return <p className="empty">No documents yet.</p>;
  }
  const members = workspace?.members ?? [];
  return (
    <Table columns={['Title', 'Label', 'Latest version', 'Scan', 'Size', 'Uploaded by', 'File']} caption="Documents you may see">
      {documents.map((document) => {
        const version = latest(document);
        return (
          <tr key={document.id}>
            <th scope="row">
              <a href={href({ name: 'document', workspaceId: document.workspaceId, documentId: document.id })}>
                {document.title}
              </a>
            </th>
            <td>
              <TlpBadge label={document.label} />
              {document.embargo && (
                <span className="hint">
                  {' '}
                  until {formatWhen(document.embargo.until)}, then <TlpBadge label={document.embargo.label} />
                </span>
              )}
            </td>
            <td>{document.latestVersion}</td>
            <td>{version ? <ScanStatusText scan={version.scan} /> : '—'}</td>
            <td>{version ? formatBytes(version.size) : '—'}</td>
            <td>{personName(members, version?.uploadedBy ?? document.uploadedBy)}</td>
            <td>{version ? <DownloadLink document={document} version={version} /> : '—'}</td>
          </tr>
        );
      })}
    </Table>
  );
}

import { useState } from 'react';
import { api } from '../api/client';
import type { AuditEntry, AuditPage, AuditVerification, Member } from '../api/types';
import { useAction, useApi } from '../api/useApi';
import { formatWhen, personName } from '../components/format';
import { Loading, Problem } from '../components/Problem';
import { Table } from '../components/Table';

export const AUDIT_PAGE_SIZE = 50;

/** The page shape of ADR 0009's `?page=&size=`; a bare array is taken as one page. */
function asPage(data: AuditPage | AuditEntry[]): AuditPage {
  return Array.isArray(data) ? { items: data, page: 0, size: data.length, total: data.length } : data;
}

interface AuditTrailProps {
  workspaceId: string;
  /** For names instead of ids, when the viewer is a member. */
  members?: readonly Member[];
}

/** Read-only: the chain's entries, a check that it is unbroken, and the export for auditors. */
export function AuditTrail({ workspaceId, members = [] }: AuditTrailProps) {
  const [page, setPage] = useState(0);
  const base = `/api/workspaces/${workspaceId}/audit`;
  const entries = useApi<AuditPage | AuditEntry[]>(`${base}?page=${page}&size=${AUDIT_PAGE_SIZE}`);
  return (
    <section className="panel" aria-labelledby="audit-heading">
      <h2 id="audit-heading">Audit trail</h2>
      <div className="actions">
        <VerifyChain path={`${base}/verify`} />
        <a className="button button-secondary" href={`${base}/export`} download={`audit-${workspaceId}.ndjson`}>
          Export audit trail (NDJSON)
        </a>
      </div>
      {entries.state === 'loading' && <Loading what="Loading the audit trail…" />}
      {entries.state === 'error' && <Problem error={entries.error} what="The audit trail could not be loaded." onRetry={entries.reload} />}
      {entries.state === 'ok' && <AuditTable data={asPage(entries.data)} members={members} onPage={setPage} />}
    </section>
  );
}

export function VerifyChain({ path }: { path: string }) {
  const [result, setResult] = useState<AuditVerification | null>(null);
  const verify = useAction();
  return (
    <div className="verify">
      <button
        type="button"
        disabled={verify.busy}
        onClick={async () => {
          setResult(null);
          await verify.run(async () => setResult(await api<AuditVerification>(path)));
        }}
      >
        Verify chain
      </button>
      {verify.busy && <span role="status">Checking every entry…</span>}
      {result?.valid === true && (
        <p className="verified" role="status">
          <strong>Chain verified</strong>: all {result.entries} entries are linked and unchanged.
        </p>
      )}
      {result?.valid === false && (
        <p className="message message-error" role="alert">
          <strong>Chain broken</strong>
          {result.firstBrokenSequence != null ? ` at entry ${result.firstBrokenSequence}` : ''}: the entries from there on do not
          match what was recorded. Export the trail and tell the host’s security contact.
        </p>
      )}
      {verify.error && <Problem error={verify.error} what="The chain could not be verified." />}
    </div>
  );
}

function AuditTable({ data, members, onPage }: { data: AuditPage; members: readonly Member[]; onPage: (page: number) => void }) {
  if (data.total === 0 || data.items.length === 0) {
    return <p className="hint">Nothing has been recorded yet.</p>;
  }
  const pages = Math.max(1, Math.ceil(data.total / Math.max(1, data.size)));
  return (
    <>
      <Table columns={['#', 'When', 'Who', 'What', 'Subject', 'Details']} caption={`Audit entries, page ${data.page + 1} of ${pages}`}>
        {data.items.map((entry) => (
          <tr key={entry.sequence}>
            <th scope="row">{entry.sequence}</th>
            <td>{formatWhen(entry.at)}</td>
            <td>{entry.actorId === 'system' ? 'Parley' : personName(members, entry.actorId)}</td>
            <td>{entry.action}</td>
            <td>
              <code>{entry.subject}</code>
            </td>
            <td>
              {Object.entries(entry.details ?? {})
                .map(([key, value]) => `${key}: ${value}`)
                .join('; ')}
            </td>
          </tr>
        ))}
      </Table>
      {pages > 1 && (
        <nav className="pager" aria-label="Audit pages">
          <button type="button" className="button-secondary" disabled={data.page === 0} onClick={() => onPage(data.page - 1)}>
            Previous
          </button>
          <span>
            Page {data.page + 1} of {pages}
          </span>
          <button type="button" className="button-secondary" disabled={data.page + 1 >= pages} onClick={() => onPage(data.page + 1)}>
            Next
          </button>
        </nav>
      )}
    </>
  );
}

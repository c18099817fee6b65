import type { Me } from '../api/types';
import { useApi, type Loadable } from '../api/useApi';
import { formatWhen } from '../components/format';
import { Loading, Problem } from '../components/Problem';
import { Table } from '../components/Table';
import { TlpBadge } from '../components/TlpBadge';
import { href } from '../router';

/** Workspace's `GET /api/documents/acknowledgement-requests/owed` (ADR 0044). */
export interface OwedAcknowledgement {
  requestId: string;
  workspaceId: string;
  /** Left out when only the organisation as a whole, not the reader, may see the document. */
  workspaceName?: string;
  documentId: string;
  title?: string;
  label: string;
  version: number;
  organisation: string;
  deadline: string;
  overdue: boolean;
}

/** Workspace's `GET /api/documents/embargoes/ending`. */
export interface EndingEmbargo {
  workspaceId: string;
  workspaceName?: string;
  documentId: string;
  title?: string;
  label: string;
  until: string;
  becomes: string;
}

/** Rollouts' `GET /api/rollouts/sign-offs/owed`. */
export interface OwedSignOff {
  releaseId: string;
  workspaceId: string;
  product?: string;
  version?: string;
  label: string;
  ring: number;
  ringName?: string;
  organisation: string;
  soakEndsAt: string;
  overdue: boolean;
}

export type OwedScope = 'mine' | 'organisation';

/** One line of the list, whichever service it came from. */
export interface OwedItem {
  key: string;
  kind: 'Acknowledgement' | 'Sign-off' | 'Embargo ends';
  what: string;
  label: string;
  deadline: string;
  status: 'Overdue' | 'Due' | 'Waiting' | 'Ending';
  link: string;
}

/** Everything owed, deadline first: what the three lists say, in one. */
export function owedItems(
  acknowledgements: readonly OwedAcknowledgement[],
  signOffs: readonly OwedSignOff[],
  embargoes: readonly EndingEmbargo[],
): OwedItem[] {
  const items: OwedItem[] = [
    ...acknowledgements.map((item): OwedItem => ({
      key: `a-${item.requestId}`,
      kind: 'Acknowledgement',
      what: `${item.title ?? `A ${item.label} document`}, version ${item.version}${item.workspaceName ? ` (${item.workspaceName})` : ''}`,
      label: item.label,
      deadline: item.deadline,
      status: item.overdue ? 'Overdue' : 'Due',
      link: href({ name: 'document', workspaceId: item.workspaceId, documentId: item.documentId }),
    })),
    ...signOffs.map((item): OwedItem => ({
      key: `s-${item.releaseId}`,
      kind: 'Sign-off',
      what: `${item.product ? `${item.product} ${item.version ?? ''}`.trim() : `A ${item.label} release`}, ring ${item.ring + 1}${item.ringName ? ` (${item.ringName})` : ''}`,
      label: item.label,
      deadline: item.soakEndsAt,
      status: item.overdue ? 'Overdue' : 'Waiting',
      link: href({ name: 'release', id: item.releaseId }),
    })),
    ...embargoes.map((item): OwedItem => ({
      key: `e-${item.documentId}`,
      kind: 'Embargo ends',
      what: `${item.title ?? `A ${item.label} document`} becomes ${item.becomes}${item.workspaceName ? ` (${item.workspaceName})` : ''}`,
      label: item.label,
      deadline: item.until,
      status: 'Ending',
      link: href({ name: 'document', workspaceId: item.workspaceId, documentId: item.documentId }),
    })),
  ];
  return items.sort((a, b) => a.deadline.localeCompare(b.deadline) || a.key.localeCompare(b.key));
}

const STATUS_HINT: Record<OwedItem['status'], string> = {
  Overdue: 'Overdue',
  Due: 'Due',
  Waiting: 'Waiting for your sign-off',
  Ending: 'Ends',
};

function firstError(...loads: Loadable<unknown>[]) {
  for (const load of loads) {
    if (load.state === 'error') {
      return load.error;
    }
  }
  return null;
}

/** The list itself: for the home page's panel (`mine`) and the organisation's page. */
export function OwedList({ scope, caption }: { scope: OwedScope; caption: string }) {
  const query = scope === 'organisation' ? '?scope=organisation' : '';
  const acknowledgements = useApi<OwedAcknowledgement[]>(`/api/documents/acknowledgement-requests/owed${query}`);
  const signOffs = useApi<OwedSignOff[]>(`/api/rollouts/sign-offs/owed${query}`);
  const embargoes = useApi<EndingEmbargo[]>(`/api/documents/embargoes/ending${query}`);
  const error = firstError(acknowledgements, signOffs, embargoes);
  if (error) {
    return (
      <Problem
        error={error}
        what="What is owed could not be loaded."
        onRetry={() => {
          acknowledgements.reload();
          signOffs.reload();
          embargoes.reload();
        }}
      />
    );
  }
  if (acknowledgements.state !== 'ok' || signOffs.state !== 'ok' || embargoes.state !== 'ok') {
    return <Loading what="Loading what is owed…" />;
  }
  const items = owedItems(acknowledgements.data, signOffs.data, embargoes.data);
  const overdue = items.filter((item) => item.status === 'Overdue').length;
  return (
    <>
      <p className="message" role="status">
        {items.length === 0
          ? 'Nothing is owed: no acknowledgement requests, no sign-offs waiting and no embargo ending in the next 7 days.'
          : `${acknowledgements.data.length} acknowledgement request(s), ${signOffs.data.length} sign-off(s) waiting, ` +
            `${embargoes.data.length} embargo(es) ending in the next 7 days` +
            (overdue > 0 ? `; ${overdue} overdue.` : '.')}
      </p>
      {items.length > 0 && (
        <Table columns={['What', 'For', 'Label', 'Deadline', 'Status']} caption={caption}>
          {items.map((item) => (
            <tr key={item.key} className={item.status === 'Overdue' ? 'overdue' : undefined}>
              <td>
                <a href={item.link}>{item.what}</a>
              </td>
              <td>{item.kind}</td>
              <td>
                <TlpBadge label={item.label} />
              </td>
              <td>
                <time dateTime={item.deadline}>{formatWhen(item.deadline)}</time>
              </td>
              <td>{STATUS_HINT[item.status]}</td>
            </tr>
          ))}
        </Table>
      )}
    </>
  );
}

/** The panel on the home page: what the signed-in person owes. */
export function OwedPanel() {
  return (
    <section className="panel" aria-labelledby="owed-heading">
      <h2 id="owed-heading">What you owe</h2>
      <OwedList scope="mine" caption="What you owe" />
    </section>
  );
}

/**
 * The organisation's page: its administrators see everything it owes (items only others of it may open show no
 * title), everyone else what they owe themselves.
 */
export function OwedPage({ me }: { me: Me }) {
  const admin = me.roles.includes('org-admin') && me.organisation !== null;
  const name = me.organisation ?? 'your organisation';
  return (
    <>
      <h1 id="page-heading" tabIndex={-1}>
        What {name} owes
      </h1>
      <p>
        {admin
          ? 'Everything your organisation owes, as its administrator: items only others of it may open show their label, not their title.'
          : 'What you owe for your organisation. Its administrators see everything it owes.'}
      </p>
      <OwedList scope={admin ? 'organisation' : 'mine'} caption={`What ${name} owes`} />
    </>
  );
}

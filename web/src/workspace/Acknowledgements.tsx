import { useId, useState, type FormEvent } from 'react';
import { api } from '../api/client';
import type { AcknowledgementRequest, Me, OrganisationAcknowledgement, ParleyDocument, WorkspaceView } from '../api/types';
import { useAction, useApi } from '../api/useApi';
import { CheckboxList } from '../components/CheckboxList';
import { SelectField, TextField } from '../components/fields';
import { endOfDay, formatWhen, memberOrganisations, personName } from '../components/format';
import { Loading, Missing, Problem } from '../components/Problem';
import { Table } from '../components/Table';

export type OrganisationStatus = 'done' | 'overdue' | 'waiting';

/** Done once anyone of the organisation acknowledged; overdue when not done by the deadline (server's word first). */
export function organisationStatus(entry: OrganisationAcknowledgement, deadline: string, now: Date): OrganisationStatus {
  if (entry.acknowledgements.length > 0) {
    return 'done';
  }
  if (entry.overdue !== undefined) {
    return entry.overdue ? 'overdue' : 'waiting';
  }
  return new Date(deadline).getTime() < now.getTime() ? 'overdue' : 'waiting';
}

const STATUS_TEXT: Record<OrganisationStatus, string> = {
  done: 'Acknowledged',
  overdue: 'Overdue',
  waiting: 'Waiting',
};

interface AcknowledgementsProps {
  workspace: WorkspaceView;
  document: ParleyDocument;
  me: Me;
  now?: () => Date;
}

export function Acknowledgements({ workspace, document, me, now = () => new Date() }: AcknowledgementsProps) {
  const path = `/api/workspaces/${workspace.id}/documents/${document.id}/acknowledgement-requests`;
  const requests = useApi<AcknowledgementRequest[]>(path);
  const acknowledge = useAction();
  const owner = workspace.myRole === 'OWNER';

  async function acknowledgeRequest(request: AcknowledgementRequest) {
    if (await acknowledge.run(() => api<void>(`${path}/${request.id}/acknowledge`, { method: 'POST' }))) {
      requests.reload();
    }
  }

  return (
    <section className="panel" aria-labelledby="acknowledgements-heading">
      <h2 id="acknowledgements-heading">Acknowledgements</h2>
      {requests.state === 'loading' && <Loading what="Loading acknowledgement requests…" />}
      {requests.state === 'error' && (
        <Problem error={requests.error} what="The acknowledgement requests could not be loaded." onRetry={requests.reload} />
      )}
      {requests.state === 'ok' && requests.data.length === 0 && <p className="hint">Nobody has been asked to acknowledge this document.</p>}
      {acknowledge.error && <Problem error={acknowledge.error} what="Your acknowledgement was not recorded." />}
      {requests.state === 'ok' &&
        requests.data.map((request) => {
          const mine = request.organisations.find((entry) => entry.organisation === me.organisation);
          const iAcknowledged = mine?.acknowledgements.some((ack) => ack.personId === me.id) ?? false;
          return (
            <article key={request.id} className="ack-request" aria-label={`Acknowledgement of version ${request.version}`}>
              <h3>
                Version {request.version}: acknowledge by <time dateTime={request.deadline}>{formatWhen(request.deadline)}</time>
              </h3>
              {mine && !iAcknowledged && (
                <p>
                  <button type="button" disabled={acknowledge.busy} onClick={() => acknowledgeRequest(request)}>
                    Acknowledge
                  </button>{' '}
                  <span className="hint">I have read version {request.version} of this document.</span>
                </p>
              )}
              {mine && iAcknowledged && <p role="status">You acknowledged this version.</p>}
              <AcknowledgementStatus request={request} workspace={workspace} now={now()} />
            </article>
          );
        })}
      {owner && <RequestAcknowledgement path={path} workspace={workspace} document={document} onRequested={requests.reload} />}
    </section>
  );
}

export function AcknowledgementStatus({ request, workspace, now }: { request: AcknowledgementRequest; workspace: WorkspaceView; now: Date }) {
  return (
    <Table columns={['Organisation', 'Status', 'Acknowledged by']} caption="Acknowledgement status per organisation">
      {request.organisations.map((entry) => {
        const status = organisationStatus(entry, request.deadline, now);
        return (
          <tr key={entry.organisation}>
            <th scope="row">{entry.organisation}</th>
            <td>
              <span className={`ack-status ack-${status}`}>{STATUS_TEXT[status]}</span>
            </td>
            <td>
              {entry.acknowledgements.length === 0
                ? 'Nobody yet'
                : entry.acknowledgements
                    .map((ack) => `${ack.name ?? personName(workspace.members, ack.personId)} (${formatWhen(ack.acknowledgedAt)})`)
                    .join(', ')}
            </td>
          </tr>
        );
      })}
    </Table>
  );
}

interface RequestAcknowledgementProps {
  path: string;
  workspace: WorkspaceView;
  document: ParleyDocument;
  onRequested: () => void;
}

function RequestAcknowledgement({ path, workspace, document, onRequested }: RequestAcknowledgementProps) {
  const id = useId();
  const organisations = memberOrganisations(workspace.members);
  const [version, setVersion] = useState(document.latestVersion);
  const [chosen, setChosen] = useState<string[]>([]);
  const [deadline, setDeadline] = useState('');
  const [missing, setMissing] = useState<string | null>(null);
  const ask = useAction();

  async function submit(event: FormEvent) {
    event.preventDefault();
    const until = endOfDay(deadline);
    if (chosen.length === 0 || !until) {
      setMissing(chosen.length === 0 ? 'Choose at least one organisation.' : 'Choose a deadline.');
      return;
    }
    setMissing(null);
    if (await ask.run(() => api(path, { method: 'POST', body: { version, organisations: chosen, deadline: until } }))) {
      setChosen([]);
      setDeadline('');
      onRequested();
    }
  }

  return (
    <form className="form" onSubmit={submit} aria-labelledby={`${id}-heading`}>
      <h3 id={`${id}-heading`}>Ask organisations to acknowledge</h3>
      <SelectField
        label="Version"
        value={String(version)}
        onChange={(value) => setVersion(Number(value))}
        options={document.versions.map((candidate) => ({
          value: String(candidate.version),
          text: `Version ${candidate.version} (${candidate.fileName})`,
        }))}
      />
      <fieldset>
        <legend>Organisations</legend>
        <CheckboxList
          items={organisations.map((organisation) => ({ value: organisation, label: organisation }))}
          selected={chosen}
          onChange={setChosen}
        />
      </fieldset>
      <TextField label="Deadline (end of that day)" type="date" value={deadline} onChange={setDeadline} />
      <Missing text={missing} />
      {ask.error && <Problem error={ask.error} what="The request was not sent." />}
      <button type="submit" disabled={ask.busy}>
        Request acknowledgement
      </button>
    </form>
  );
}

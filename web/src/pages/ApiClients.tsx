import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { SecretOnce } from '../components/SecretOnce';
import { api } from '../api/client';
import { useAction, useApi } from '../api/useApi';
import { TextField } from '../components/fields';
import { formatWhen } from '../components/format';
import { Loading, Problem } from '../components/Problem';
import { Table } from '../components/Table';

/**
 * Machine clients of an organisation (identity creates them in Keycloak as client-credentials clients): the
 * partner's pipeline signs in with one to post ring health. The secret exists in the browser only in the answer
 * to create or rotate, is shown once in a read-only field with a copy button, and is dropped when the person says
 * they have it (or leaves the page); the list never has it.
 */
export interface ApiClient {
  clientId: string;
  name: string;
  createdAt: string;
  createdBy: string;
  lastRotatedAt?: string | null;
}

interface IssuedSecret {
  clientId: string;
  name: string;
  secret: string;
  rotated: boolean;
}

type Confirming = { client: ApiClient; what: 'rotate' | 'revoke' };

export function ApiClients({ organisationId }: { organisationId: string }) {
  const base = `/api/identity/organisations/${organisationId}/clients`;
  const clients = useApi<ApiClient[]>(base);
  const [issued, setIssued] = useState<IssuedSecret | null>(null);
  const [confirming, setConfirming] = useState<Confirming | null>(null);
  const change = useAction();

  async function confirm() {
    if (!confirming) {
      return;
    }
    const { client, what } = confirming;
    const path = `${base}/${encodeURIComponent(client.clientId)}`;
    const done = await change.run(async () => {
      if (what === 'rotate') {
        const answer = await api<{ clientId: string; secret: string }>(`${path}/rotate`, { method: 'POST' });
        setIssued({ clientId: answer.clientId, name: client.name, secret: answer.secret, rotated: true });
      } else {
        await api<void>(path, { method: 'DELETE' });
        if (issued?.clientId === client.clientId) {
          setIssued(null);
        }
      }
    });
    if (done) {
      setConfirming(null);
      clients.reload();
    }
  }

  return (
    <section className="panel" aria-labelledby="api-clients-heading">
      <h2 id="api-clients-heading">API clients</h2>
      <p className="hint">
        Your pipeline signs in with an API client to post rollout health for your organisation’s releases. It can read
        those releases and post their health, nothing else.
      </p>
      {issued && (
        <SecretOnce
          heading={issued.rotated ? `New secret for ${issued.name}` : `API client ${issued.name} created`}
          secretLabel="Client secret"
          secret={issued.secret}
          onDone={() => setIssued(null)}
        >
          <p className="field">
            <span className="field-label">Client id</span>
            <code>{issued.clientId}</code>
          </p>
        </SecretOnce>
      )}
      {clients.state === 'loading' && <Loading what="Loading API clients…" />}
      {clients.state === 'error' && <Problem error={clients.error} what="The API clients could not be loaded." onRetry={clients.reload} />}
      {clients.state === 'ok' && clients.data.length === 0 && <p className="hint">No API clients yet.</p>}
      {change.error && <Problem error={change.error} what="The API client was not changed." />}
      {confirming && <ConfirmClientChange confirming={confirming} busy={change.busy} onConfirm={confirm} onCancel={() => setConfirming(null)} />}
      {clients.state === 'ok' && clients.data.length > 0 && (
        <Table columns={['Name', 'Client id', 'Created', 'Secret last rotated', 'Actions']}>
          {clients.data.map((client) => (
            <tr key={client.clientId}>
              <th scope="row">{client.name}</th>
              <td>
                <code>{client.clientId}</code>
              </td>
              <td>{formatWhen(client.createdAt)}</td>
              <td>{client.lastRotatedAt ? formatWhen(client.lastRotatedAt) : 'Never'}</td>
              <td>
                <div className="row-actions">
                  <button type="button" className="button-secondary" onClick={() => setConfirming({ client, what: 'rotate' })}>
                    Rotate secret<span className="visually-hidden"> of {client.name}</span>
                  </button>
                  <button type="button" className="button-secondary" onClick={() => setConfirming({ client, what: 'revoke' })}>
                    Revoke<span className="visually-hidden"> {client.name}</span>
                  </button>
                </div>
              </td>
            </tr>
          ))}
        </Table>
      )}
      <CreateClient
        base={base}
        onCreated={(created) => {
          setIssued({ ...created, rotated: false });
          clients.reload();
        }}
      />
    </section>
  );
}

interface ConfirmClientChangeProps {
  confirming: Confirming;
  busy: boolean;
  onConfirm: () => void;
  onCancel: () => void;
}

/** What rotating or revoking does to the pipeline using the client, and a button that names the client. */
function ConfirmClientChange({ confirming, busy, onConfirm, onCancel }: ConfirmClientChangeProps) {
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), [confirming]);
  const { client, what } = confirming;
  const rotate = what === 'rotate';
  return (
    <div className="message message-warning" role="group" aria-labelledby="client-change-heading">
      <h3 id="client-change-heading" ref={heading} tabIndex={-1}>
        {rotate ? `Rotate the secret of ${client.name}?` : `Revoke ${client.name}?`}
      </h3>
      <p>
        {rotate
          ? 'A new secret is made and the old one stops working at once: the pipeline using it cannot sign in until it has the new one.'
          : 'The client is deleted and its secret stops working at once. This cannot be undone: a pipeline using it needs a new client.'}
      </p>
      <p className="actions">
        <button type="button" className="button-danger" disabled={busy} onClick={onConfirm}>
          {rotate ? `Yes, rotate the secret of ${client.name}` : `Yes, revoke ${client.name}`}
        </button>
        <button type="button" className="button-secondary" onClick={onCancel}>
          Keep it as it is
        </button>
      </p>
    </div>
  );
}

function CreateClient({ base, onCreated }: { base: string; onCreated: (created: { clientId: string; name: string; secret: string }) => void }) {
  const id = useId();
  const [name, setName] = useState('');
  const create = useAction();
  async function submit(event: FormEvent) {
    event.preventDefault();
    await create.run(async () => {
      const created = await api<{ clientId: string; name: string; secret: string }>(base, { method: 'POST', body: { name: name.trim() } });
      setName('');
      onCreated(created);
    });
  }
  return (
    <form className="form" onSubmit={submit} aria-labelledby={`${id}-heading`}>
      <h3 id={`${id}-heading`}>Create an API client</h3>
      <TextField label="Name (what uses it, e.g. “release pipeline”)" required maxLength={100} autoComplete="off" value={name} onChange={setName} />
      {create.error && <Problem error={create.error} what="The API client was not created." />}
      <button type="submit" disabled={create.busy || !name.trim()}>
        Create API client
      </button>
    </form>
  );
}

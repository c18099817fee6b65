import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { api } from '../api/client';
import { useAction, useApi } from '../api/useApi';
import { CheckboxList } from '../components/CheckboxList';
import { TextField } from '../components/fields';
import { formatWhen } from '../components/format';
import { Loading, Problem } from '../components/Problem';
import { SecretOnce } from '../components/SecretOnce';
import { Table } from '../components/Table';

/**
 * An organisation's webhook endpoints (notifications, ADR 0043): its receiving systems get the events their
 * organisation may see, signed with a secret shown once. Admins rotate it, pause and resume, send a test event,
 * delete, and read each endpoint's delivery log.
 */
export interface WebhookEndpoint {
  id: string;
  organisationId: string;
  url: string;
  eventTypes: string[];
  description?: string | null;
  state: 'ACTIVE' | 'PAUSED' | 'FAILING';
  createdAt: string;
  secretRotatedAt?: string | null;
  failingSince?: string | null;
}

export interface WebhookDelivery {
  id: string;
  type: string;
  state: 'PENDING' | 'SENDING' | 'DELIVERED' | 'FAILED' | 'HELD';
  attempts: number;
  createdAt: string;
  lastAttemptAt?: string | null;
  nextAttemptAt?: string | null;
  lastStatus?: number | null;
  lastLatencyMs?: number | null;
  lastError?: string | null;
  test: boolean;
}

interface EventType {
  type: string;
  description: string;
}

interface Issued {
  endpoint: WebhookEndpoint;
  secret: string;
}

const STATE_TEXT: Record<WebhookEndpoint['state'], string> = {
  ACTIVE: 'Active',
  PAUSED: 'Paused',
  FAILING: 'Failing: deliveries are held until you resume it',
};

const DELIVERY_TEXT: Record<WebhookDelivery['state'], string> = {
  PENDING: 'Waiting to be retried',
  SENDING: 'Sending',
  DELIVERED: 'Delivered',
  FAILED: 'Given up',
  HELD: 'Held (endpoint paused or failing)',
};

type Confirming = { endpoint: WebhookEndpoint; what: 'rotate' | 'delete' };

export function Webhooks({ organisationId }: { organisationId: string }) {
  const base = `/api/notifications/organisations/${organisationId}/webhooks`;
  const endpoints = useApi<WebhookEndpoint[]>(base);
  const types = useApi<EventType[]>('/api/notifications/webhooks/event-types');
  const [issued, setIssued] = useState<{ heading: string; secret: string } | null>(null);
  const [confirming, setConfirming] = useState<Confirming | null>(null);
  const [logOf, setLogOf] = useState<WebhookEndpoint | null>(null);
  const [note, setNote] = useState<string | null>(null);
  const change = useAction();

  async function act(endpoint: WebhookEndpoint, what: 'pause' | 'resume' | 'test') {
    setNote(null);
    const done = await change.run(async () => {
      await api<unknown>(`${base}/${endpoint.id}/${what}`, { method: 'POST' });
    });
    if (done) {
      if (what === 'test') {
        setNote(`A test event is on its way to ${endpoint.url}: its delivery log shows how the receiver answered.`);
        setLogOf(endpoint);
      }
      endpoints.reload();
    }
  }

  async function confirm() {
    if (!confirming) {
      return;
    }
    const { endpoint, what } = confirming;
    const done = await change.run(async () => {
      if (what === 'rotate') {
        const answer = await api<Issued>(`${base}/${endpoint.id}/rotate`, { method: 'POST' });
        setIssued({ heading: `New secret for ${endpoint.url}`, secret: answer.secret });
      } else {
        await api<void>(`${base}/${endpoint.id}`, { method: 'DELETE' });
        if (logOf?.id === endpoint.id) {
          setLogOf(null);
        }
      }
    });
    if (done) {
      setConfirming(null);
      endpoints.reload();
    }
  }

  return (
    <section className="panel" aria-labelledby="webhooks-heading">
      <h2 id="webhooks-heading">Webhooks</h2>
      <p className="hint">
        Parley sends your systems (ticketing, SIEM) the events your organisation may see, signed as Standard Webhooks.
        For TLP:AMBER and narrower they carry ids, the label and a link, never titles or text.
      </p>
      {issued && <SecretOnce heading={issued.heading} secretLabel="Signing secret" secret={issued.secret} onDone={() => setIssued(null)} />}
      {endpoints.state === 'loading' && <Loading what="Loading webhook endpoints…" />}
      {endpoints.state === 'error' && <Problem error={endpoints.error} what="The webhook endpoints could not be loaded." onRetry={endpoints.reload} />}
      {endpoints.state === 'ok' && endpoints.data.length === 0 && <p className="hint">No webhook endpoints yet.</p>}
      {change.error && <Problem error={change.error} what="The webhook endpoint was not changed." />}
      {note && <p role="status">{note}</p>}
      {confirming && <ConfirmEndpointChange confirming={confirming} busy={change.busy} onConfirm={confirm} onCancel={() => setConfirming(null)} />}
      {endpoints.state === 'ok' && endpoints.data.length > 0 && (
        <Table columns={['Endpoint', 'Events', 'State', 'Created', 'Actions']}>
          {endpoints.data.map((endpoint) => (
            <tr key={endpoint.id}>
              <th scope="row">
                <code>{endpoint.url}</code>
                {endpoint.description && <div className="hint">{endpoint.description}</div>}
              </th>
              <td>{endpoint.eventTypes.join(', ')}</td>
              <td>{STATE_TEXT[endpoint.state]}</td>
              <td>{formatWhen(endpoint.createdAt)}</td>
              <td>
                <div className="row-actions">
                  {endpoint.state === 'ACTIVE' ? (
                    <button type="button" className="button-secondary" disabled={change.busy} onClick={() => act(endpoint, 'pause')}>
                      Pause<span className="visually-hidden"> {endpoint.url}</span>
                    </button>
                  ) : (
                    <button type="button" className="button-secondary" disabled={change.busy} onClick={() => act(endpoint, 'resume')}>
                      Resume<span className="visually-hidden"> {endpoint.url}</span>
                    </button>
                  )}
                  <button type="button" className="button-secondary" disabled={change.busy} onClick={() => act(endpoint, 'test')}>
                    Send test event<span className="visually-hidden"> to {endpoint.url}</span>
                  </button>
                  <button type="button" className="button-secondary" onClick={() => setLogOf(endpoint)}>
                    Delivery log<span className="visually-hidden"> of {endpoint.url}</span>
                  </button>
                  <button type="button" className="button-secondary" onClick={() => setConfirming({ endpoint, what: 'rotate' })}>
                    Rotate secret<span className="visually-hidden"> of {endpoint.url}</span>
                  </button>
                  <button type="button" className="button-secondary" onClick={() => setConfirming({ endpoint, what: 'delete' })}>
                    Delete<span className="visually-hidden"> {endpoint.url}</span>
                  </button>
                </div>
              </td>
            </tr>
          ))}
        </Table>
      )}
      {logOf && <DeliveryLog key={logOf.id} base={base} endpoint={logOf} onClose={() => setLogOf(null)} />}
      <RegisterEndpoint
        base={base}
        types={types.state === 'ok' ? types.data : []}
        onRegistered={(answer) => {
          setIssued({ heading: `Webhook endpoint ${answer.endpoint.url} registered`, secret: answer.secret });
          endpoints.reload();
        }}
      />
    </section>
  );
}

interface ConfirmProps {
  confirming: Confirming;
  busy: boolean;
  onConfirm: () => void;
  onCancel: () => void;
}

function ConfirmEndpointChange({ confirming, busy, onConfirm, onCancel }: ConfirmProps) {
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), [confirming]);
  const { endpoint, what } = confirming;
  const rotate = what === 'rotate';
  return (
    <div className="message message-warning" role="group" aria-labelledby="webhook-change-heading">
      <h3 id="webhook-change-heading" ref={heading} tabIndex={-1}>
        {rotate ? `Rotate the signing secret of ${endpoint.url}?` : `Delete the webhook endpoint ${endpoint.url}?`}
      </h3>
      <p>
        {rotate
          ? 'A new secret is made and the old one stops signing at once: your receiver rejects deliveries until it has the new one.'
          : 'The endpoint, its delivery log and what it is still owed are deleted. This cannot be undone.'}
      </p>
      <p className="actions">
        <button type="button" className="button-danger" disabled={busy} onClick={onConfirm}>
          {rotate ? 'Yes, rotate the secret' : 'Yes, delete the endpoint'}
        </button>
        <button type="button" className="button-secondary" onClick={onCancel}>
          Keep it as it is
        </button>
      </p>
    </div>
  );
}

function DeliveryLog({ base, endpoint, onClose }: { base: string; endpoint: WebhookEndpoint; onClose: () => void }) {
  const id = useId();
  const log = useApi<WebhookDelivery[]>(`${base}/${endpoint.id}/deliveries`);
  return (
    <div className="panel" role="region" aria-labelledby={`${id}-heading`}>
      <h3 id={`${id}-heading`}>Delivery log of {endpoint.url}</h3>
      {log.state === 'loading' && <Loading what="Loading deliveries…" />}
      {log.state === 'error' && <Problem error={log.error} what="The delivery log could not be loaded." onRetry={log.reload} />}
      {log.state === 'ok' && log.data.length === 0 && <p className="hint">Nothing was sent to this endpoint yet.</p>}
      {log.state === 'ok' && log.data.length > 0 && (
        <Table columns={['Event', 'Status', 'Answer', 'Latency', 'Attempts', 'Last attempt']}>
          {log.data.map((delivery) => (
            <tr key={delivery.id}>
              <th scope="row">
                {delivery.test ? 'Test event' : delivery.type}
                <div className="hint">
                  <code>{delivery.id}</code>
                </div>
              </th>
              <td>
                {DELIVERY_TEXT[delivery.state]}
                {delivery.nextAttemptAt && <div className="hint">next attempt {formatWhen(delivery.nextAttemptAt)}</div>}
              </td>
              <td>{delivery.lastError ?? (delivery.lastStatus != null ? `HTTP ${delivery.lastStatus}` : '—')}</td>
              <td>{delivery.lastLatencyMs != null ? `${delivery.lastLatencyMs} ms` : '—'}</td>
              <td>{delivery.attempts}</td>
              <td>{delivery.lastAttemptAt ? formatWhen(delivery.lastAttemptAt) : 'Not yet'}</td>
            </tr>
          ))}
        </Table>
      )}
      <p className="actions">
        <button type="button" className="button-secondary" onClick={log.reload}>
          Refresh the log
        </button>
        <button type="button" className="button-secondary" onClick={onClose}>
          Close the log
        </button>
      </p>
    </div>
  );
}

function RegisterEndpoint({ base, types, onRegistered }: { base: string; types: EventType[]; onRegistered: (answer: Issued) => void }) {
  const id = useId();
  const [url, setUrl] = useState('');
  const [description, setDescription] = useState('');
  const [chosen, setChosen] = useState<string[]>([]);
  const register = useAction();
  async function submit(event: FormEvent) {
    event.preventDefault();
    await register.run(async () => {
      const answer = await api<Issued>(base, {
        method: 'POST',
        body: { url: url.trim(), eventTypes: chosen, description: description.trim() || null },
      });
      setUrl('');
      setDescription('');
      setChosen([]);
      onRegistered(answer);
    });
  }
  return (
    <form className="form" onSubmit={submit} aria-labelledby={`${id}-heading`}>
      <h3 id={`${id}-heading`}>Register a webhook endpoint</h3>
      <TextField label="URL (https://…)" required maxLength={2000} autoComplete="off" value={url} onChange={setUrl} />
      <TextField label="Description (optional, e.g. “SOC ticketing”)" maxLength={200} autoComplete="off" value={description} onChange={setDescription} />
      <fieldset>
        <legend>Events to send</legend>
        <CheckboxList items={types.map((type) => ({ value: type.type, label: type.description }))} selected={chosen} onChange={setChosen} />
      </fieldset>
      {register.error && <Problem error={register.error} what="The webhook endpoint was not registered." />}
      <button type="submit" disabled={register.busy || !url.trim() || chosen.length === 0}>
        Register endpoint
      </button>
    </form>
  );
}

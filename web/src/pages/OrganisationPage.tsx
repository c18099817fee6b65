import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { api } from '../api/client';
import type { Invitation, Me, Organisation, Person, PersonRole } from '../api/types';
import { useAction, useApi } from '../api/useApi';
import { TextField, SelectField } from '../components/fields';
import { endOfDay, formatDay, formatWhen } from '../components/format';
import { Loading, Problem } from '../components/Problem';
import { Table } from '../components/Table';
import { ApiClients } from './ApiClients';
import { Webhooks } from './Webhooks';

const ROLE_TEXT: Record<PersonRole, string> = { MEMBER: 'Member', ORG_ADMIN: 'Organisation administrator' };
const STATE_TEXT: Record<Invitation['state'], string> = {
  PENDING: 'Pending',
  ACCEPTING: 'Being accepted',
  ACCEPTED: 'Accepted',
  REVOKED: 'Revoked',
  EXPIRED: 'Expired',
};

/** Org admins manage their own organisation; portal admins reach any one from the administration page. */
export function OrganisationPage({ id, me }: { id: string | null; me: Me }) {
  const organisationId = id ?? me.organisation;
  if (!organisationId) {
    return (
      <>
        <h1 id="page-heading" tabIndex={-1}>
          My organisation
        </h1>
        <p className="message">Your account belongs to no organisation.</p>
      </>
    );
  }
  return <ManagedOrganisation organisationId={organisationId} me={me} />;
}

function ManagedOrganisation({ organisationId, me }: { organisationId: string; me: Me }) {
  const organisation = useApi<Organisation>(`/api/identity/organisations/${organisationId}`);
  const people = useApi<Person[]>(`/api/identity/organisations/${organisationId}/people`);
  const invitations = useApi<Invitation[]>(`/api/identity/organisations/${organisationId}/invitations`);
  const sponsored = organisation.state === 'ok' && organisation.data.type !== 'HOST';
  return (
    <>
      <h1 id="page-heading" tabIndex={-1}>
        {organisation.state === 'ok' ? organisation.data.name : 'My organisation'}
      </h1>
      {organisation.state === 'error' && <Problem error={organisation.error} what="The organisation could not be loaded." onRetry={organisation.reload} />}
      <section className="panel" aria-labelledby="people-heading">
        <h2 id="people-heading">People</h2>
        {people.state === 'loading' && <Loading what="Loading people…" />}
        {people.state === 'error' && <Problem error={people.error} what="The people could not be loaded." onRetry={people.reload} />}
        {people.state === 'ok' && <PeopleTable people={people.data} me={me} onChanged={people.reload} />}
      </section>
      <InviteForm organisationId={organisationId} sponsored={sponsored} onInvited={invitations.reload} />
      <section className="panel" aria-labelledby="invitations-heading">
        <h2 id="invitations-heading">Invitations</h2>
        {invitations.state === 'loading' && <Loading what="Loading invitations…" />}
        {invitations.state === 'error' && (
          <Problem error={invitations.error} what="The invitations could not be loaded." onRetry={invitations.reload} />
        )}
        {invitations.state === 'ok' && <InvitationTable invitations={invitations.data} onChanged={invitations.reload} />}
      </section>
      <ApiClients organisationId={organisationId} />
      <Webhooks organisationId={organisationId} />
    </>
  );
}

/** The sponsor is usually a host person, whom this organisation's directory does not list. */
function sponsorName(people: Person[], sponsorId: string): string {
  return people.find((candidate) => candidate.id === sponsorId)?.name ?? 'a person of another organisation';
}

function PeopleTable({ people, me, onChanged }: { people: Person[]; me: Me; onChanged: () => void }) {
  const [confirming, setConfirming] = useState<Person | null>(null);
  const change = useAction();
  if (people.length === 0) {
    return <p className="hint">Nobody has joined yet.</p>;
  }
  return (
    <>
      {change.error && <Problem error={change.error} what="The change was not made." />}
      {confirming && (
        <ConfirmOffboarding
          person={confirming}
          busy={change.busy}
          onCancel={() => setConfirming(null)}
          onConfirm={async () => {
            if (await change.run(() => api(`/api/identity/people/${confirming.id}/offboarding`, { method: 'POST' }))) {
              setConfirming(null);
              onChanged();
            }
          }}
        />
      )}
      <Table columns={['Name', 'E-mail', 'Role', 'Status', 'Access ends', 'Actions']}>
        {people.map((person) => (
          <tr key={person.id ?? person.name}>
            <th scope="row">{person.name}</th>
            <td>{person.email ?? ''}</td>
            <td>{ROLE_TEXT[person.role] ?? person.role}</td>
            <td>{person.status === 'OFFBOARDED' ? `Offboarded ${formatDay(person.offboardedAt)}` : person.status === 'JOINING' ? 'Joining' : 'Active'}</td>
            <td>
              {person.accessEndsAt ? formatDay(person.accessEndsAt) : 'No end date'}
              {person.sponsorId && <span className="hint"> (sponsor: {sponsorName(people, person.sponsorId)})</span>}
            </td>
            <td>
              {person.id && person.status !== 'OFFBOARDED' && (
                <div className="row-actions">
                  {person.accessEndsAt && (
                    <ExtendAccess person={person} onExtended={onChanged} run={change.run} busy={change.busy} />
                  )}
                  {person.id !== me.id && (
                    <button type="button" className="button-secondary" onClick={() => setConfirming(person)}>
                      Offboard<span className="visually-hidden"> {person.name}</span>
                    </button>
                  )}
                </div>
              )}
            </td>
          </tr>
        ))}
      </Table>
    </>
  );
}

interface ConfirmOffboardingProps {
  person: Person;
  busy: boolean;
  onCancel: () => void;
  onConfirm: () => void;
}

/** The second step: what offboarding does, in words, and a button that names the person. Focus moves here. */
export function ConfirmOffboarding({ person, busy, onCancel, onConfirm }: ConfirmOffboardingProps) {
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), [person]);
  return (
    <div className="message message-warning" role="group" aria-labelledby="offboard-heading">
      <h3 id="offboard-heading" ref={heading} tabIndex={-1}>
        Offboard {person.name}?
      </h3>
      <p>
        {person.name} is signed out everywhere at once and loses access to every workspace. This cannot be undone:
        coming back needs a new invitation and a new account.
      </p>
      <p className="actions">
        <button type="button" className="button-danger" disabled={busy} onClick={onConfirm}>
          Yes, offboard {person.name}
        </button>
        <button type="button" className="button-secondary" onClick={onCancel}>
          Cancel
        </button>
      </p>
    </div>
  );
}

interface ExtendAccessProps {
  person: Person;
  onExtended: () => void;
  run: (action: () => Promise<unknown>) => Promise<boolean>;
  busy: boolean;
}

function ExtendAccess({ person, onExtended, run, busy }: ExtendAccessProps) {
  const id = useId();
  const [date, setDate] = useState('');
  async function submit(event: FormEvent) {
    event.preventDefault();
    const accessEndsAt = endOfDay(date);
    if (accessEndsAt && (await run(() => api(`/api/identity/people/${person.id}/access-extension`, { method: 'POST', body: { accessEndsAt } })))) {
      setDate('');
      onExtended();
    }
  }
  return (
    <form className="inline-form" onSubmit={submit}>
      <label htmlFor={id} className="visually-hidden">
        New access end for {person.name}
      </label>
      <input id={id} type="date" value={date} onChange={(event) => setDate(event.target.value)} />
      <button type="submit" className="button-secondary" disabled={busy || !date}>
        Extend<span className="visually-hidden"> access for {person.name}</span>
      </button>
    </form>
  );
}

function InvitationTable({ invitations, onChanged }: { invitations: Invitation[]; onChanged: () => void }) {
  const [all, setAll] = useState(false);
  const act = useAction();
  const shown = all ? invitations : invitations.filter((invitation) => invitation.state === 'PENDING' || invitation.state === 'EXPIRED');
  async function post(invitation: Invitation, what: 'resend' | 'revocation') {
    if (await act.run(() => api(`/api/identity/invitations/${invitation.id}/${what}`, { method: 'POST' }))) {
      onChanged();
    }
  }
  return (
    <>
      <label className="choice">
        <input type="checkbox" checked={all} onChange={(event) => setAll(event.target.checked)} />
        Also show accepted and revoked invitations
      </label>
      {act.error && <Problem error={act.error} what="The invitation was not changed." />}
      {shown.length === 0 ? (
        <p className="hint">No open invitations.</p>
      ) : (
        <Table columns={['Invitee', 'Role', 'State', 'Link valid until', 'Sent', 'Actions']}>
          {shown.map((invitation) => (
            <tr key={invitation.id}>
              <th scope="row">
                {invitation.name} <span className="hint">&lt;{invitation.email}&gt;</span>
              </th>
              <td>{ROLE_TEXT[invitation.role] ?? invitation.role}</td>
              <td>
                <span className={`invitation-${invitation.state.toLowerCase()}`}>{STATE_TEXT[invitation.state] ?? invitation.state}</span>
              </td>
              <td>{formatWhen(invitation.expiresAt)}</td>
              <td>{invitation.timesSent}×</td>
              <td>
                {(invitation.state === 'PENDING' || invitation.state === 'EXPIRED') && (
                  <div className="row-actions">
                    <button type="button" className="button-secondary" disabled={act.busy} onClick={() => post(invitation, 'resend')}>
                      Re-send<span className="visually-hidden"> invitation to {invitation.email}</span>
                    </button>
                    <button type="button" className="button-secondary" disabled={act.busy} onClick={() => post(invitation, 'revocation')}>
                      Revoke<span className="visually-hidden"> invitation to {invitation.email}</span>
                    </button>
                  </div>
                )}
              </td>
            </tr>
          ))}
        </Table>
      )}
    </>
  );
}

function InviteForm({ organisationId, sponsored, onInvited }: { organisationId: string; sponsored: boolean; onInvited: () => void }) {
  const id = useId();
  const [name, setName] = useState('');
  const [email, setEmail] = useState('');
  const [role, setRole] = useState<PersonRole>('MEMBER');
  const [accessEnds, setAccessEnds] = useState('');
  const [sent, setSent] = useState<Invitation | null>(null);
  const invite = useAction();

  async function submit(event: FormEvent) {
    event.preventDefault();
    setSent(null);
    const accessEndsAt = sponsored ? endOfDay(accessEnds) : null;
    const body = { name: name.trim(), email: email.trim(), role, ...(accessEndsAt ? { accessEndsAt } : {}) };
    await invite.run(async () => {
      setSent(await api<Invitation>(`/api/identity/organisations/${organisationId}/invitations`, { method: 'POST', body }));
      setName('');
      setEmail('');
      setAccessEnds('');
      onInvited();
    });
  }

  return (
    <form className="panel form" onSubmit={submit} aria-labelledby={`${id}-heading`}>
      <h2 id={`${id}-heading`}>Invite someone</h2>
      <TextField label="Name" required maxLength={100} autoComplete="off" value={name} onChange={setName} />
      <TextField label="E-mail" type="email" required maxLength={254} autoComplete="off" value={email} onChange={setEmail} />
      <SelectField
        label="Role"
        value={role}
        onChange={(value) => setRole(value as PersonRole)}
        options={(['MEMBER', 'ORG_ADMIN'] as const).map((value) => ({ value, text: ROLE_TEXT[value] }))}
      />
      {sponsored && (
        <TextField
          label="Access ends (optional; 180 days after joining otherwise, at most a year)"
          type="date"
          value={accessEnds}
          onChange={setAccessEnds}
        />
      )}
      {invite.error && <Problem error={invite.error} what="The invitation was not sent." />}
      <p role="status">
        {sent &&
          (sent.emailSent === false
            ? `The invitation for ${sent.email} is recorded, but the e-mail did not go out: use Re-send.`
            : `Invitation sent to ${sent.email}.`)}
      </p>
      <button type="submit" disabled={invite.busy}>
        Send invitation
      </button>
    </form>
  );
}

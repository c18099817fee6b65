import { useId, useState, type FormEvent } from 'react';
import { api } from '../api/client';
import type { Organisation, Person, WorkspaceRole, WorkspaceView } from '../api/types';
import { useAction, useApi } from '../api/useApi';
import { SelectField } from '../components/fields';
import { personName } from '../components/format';
import { workspaceRoleLabel } from '../components/labels';
import { Missing, Problem } from '../components/Problem';

const ROLES: WorkspaceRole[] = ['OWNER', 'CONTRIBUTOR', 'READER'];
const CHOOSE = { value: '', text: 'Choose…' };
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Members grouped by organisation; owners add and remove people (ADR 0008), never the last owner. */
export function Members({ workspace, onChanged }: { workspace: WorkspaceView; onChanged: () => void }) {
  const owner = workspace.myRole === 'OWNER';
  const remove = useAction();
  const byOrganisation = new Map<string, WorkspaceView['members']>();
  for (const member of workspace.members) {
    byOrganisation.set(member.organisation, [...(byOrganisation.get(member.organisation) ?? []), member]);
  }
  const owners = workspace.members.filter((member) => member.role === 'OWNER').length;

  async function removeMember(personId: string) {
    if (await remove.run(() => api(`/api/workspaces/${workspace.id}/members/${personId}`, { method: 'DELETE' }))) {
      onChanged();
    }
  }

  return (
    <>
      <section className="panel" aria-labelledby="members-heading">
        <h2 id="members-heading">Members</h2>
        <p className="hint">
          {workspace.members.length} people from {byOrganisation.size} organisation{byOrganisation.size === 1 ? '' : 's'}.
        </p>
        {remove.error && <Problem error={remove.error} what="The member was not removed." />}
        {[...byOrganisation.entries()]
          .sort(([a], [b]) => a.localeCompare(b))
          .map(([organisation, members]) => (
            <div key={organisation} className="org-group">
              <h3>{organisation}</h3>
              <ul className="member-list">
                {members.map((member) => (
                  <li key={member.personId}>
                    <span>{personName(workspace.members, member.personId)}</span>
                    <span className="role">{workspaceRoleLabel(member.role)}</span>
                    {owner && !(member.role === 'OWNER' && owners === 1) && (
                      <button
                        type="button"
                        className="button-secondary"
                        disabled={remove.busy}
                        onClick={() => removeMember(member.personId)}
                      >
                        Remove<span className="visually-hidden"> {personName(workspace.members, member.personId)}</span>
                      </button>
                    )}
                  </li>
                ))}
              </ul>
            </div>
          ))}
      </section>
      {owner && <AddMember workspace={workspace} onAdded={onChanged} />}
    </>
  );
}

function AddMember({ workspace, onAdded }: { workspace: WorkspaceView; onAdded: () => void }) {
  const id = useId();
  const organisations = useApi<Organisation[]>('/api/identity/organisations');
  const [organisation, setOrganisation] = useState('');
  const [personId, setPersonId] = useState('');
  const [role, setRole] = useState<WorkspaceRole>('CONTRIBUTOR');
  const [missing, setMissing] = useState<string | null>(null);
  const add = useAction();

  async function submit(event: FormEvent) {
    event.preventDefault();
    const problem = !organisation ? 'Choose an organisation.' : !UUID.test(personId.trim()) ? 'Choose a person.' : null;
    setMissing(problem);
    if (problem) {
      return;
    }
    const body = { personId: personId.trim(), organisation, role };
    if (await add.run(() => api(`/api/workspaces/${workspace.id}/members`, { method: 'POST', body }))) {
      setPersonId('');
      onAdded();
    }
  }

  return (
    <form className="panel form" onSubmit={submit} aria-labelledby={`${id}-heading`}>
      <h2 id={`${id}-heading`}>Add a member</h2>
      <SelectField
        label="Organisation"
        value={organisation}
        onChange={(value) => {
          setOrganisation(value);
          setPersonId('');
        }}
        options={[
          CHOOSE,
          ...(organisations.state === 'ok'
            ? organisations.data.map((candidate) => ({ value: candidate.id, text: `${candidate.name} (${candidate.id})` }))
            : []),
        ]}
      />
      {organisations.state === 'error' && <Problem error={organisations.error} what="The organisations could not be loaded." />}
      {organisation && <PersonChooser organisation={organisation} value={personId} onChange={setPersonId} />}
      <SelectField
        label="Role in this workspace"
        value={role}
        onChange={(value) => setRole(value as WorkspaceRole)}
        options={ROLES.map((option) => ({ value: option, text: workspaceRoleLabel(option) }))}
      />
      <Missing text={missing} />
      {add.error && <Problem error={add.error} what="The member was not added." />}
      <button type="submit" disabled={add.busy}>
        Add member
      </button>
    </form>
  );
}

/**
 * The organisation's people from identity's directory. Identity shows ids only to colleagues and admins
 * (ADR 0006); where it shows none, the owner pastes the person id their contact gave them.
 */
function PersonChooser({ organisation, value, onChange }: { organisation: string; value: string; onChange: (id: string) => void }) {
  const id = useId();
  const people = useApi<Person[]>(`/api/identity/organisations/${organisation}/people`);
  const withIds = people.state === 'ok' ? people.data.filter((person) => person.id && person.status !== 'OFFBOARDED') : [];
  if (withIds.length > 0) {
    return (
      <SelectField
        label="Person"
        value={value}
        onChange={onChange}
        options={[CHOOSE, ...withIds.map((person) => ({ value: person.id ?? '', text: person.email ? `${person.name} <${person.email}>` : person.name }))]}
      />
    );
  }
  return (
    <p className="field">
      <label htmlFor={id}>Person id</label>
      <input id={id} value={value} onChange={(event) => onChange(event.target.value)} aria-describedby={`${id}-hint`} />
      <span className="hint" id={`${id}-hint`}>
        {people.state === 'loading'
          ? 'Loading the organisation’s people…'
          : 'Parley does not show other organisations’ person ids; ask their administrator for it (Profile page).'}
      </span>
    </p>
  );
}

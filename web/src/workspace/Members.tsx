import { useId, useState, type FormEvent } from 'react';
import { api } from '../api/client';
import type { PersonMatch, WorkspaceRole, WorkspaceView } from '../api/types';
import { useAction } from '../api/useApi';
import { SelectField } from '../components/fields';
import { PersonPicker } from '../components/PersonPicker';
import { personName } from '../components/format';
import { workspaceRoleLabel } from '../components/labels';
import { Missing, Problem } from '../components/Problem';

const ROLES: WorkspaceRole[] = ['OWNER', 'CONTRIBUTOR', 'READER'];

/**
 * Members grouped by organisation; owners add people (found with the people picker), change their roles in place and
 * remove them (ADR 0008, 0045), never the last owner.
 */
export function Members({ workspace, onChanged }: { workspace: WorkspaceView; onChanged: () => void }) {
  const owner = workspace.myRole === 'OWNER';
  const remove = useAction();
  const change = useAction();
  const byOrganisation = new Map<string, WorkspaceView['members']>();
  for (const member of workspace.members) {
    byOrganisation.set(member.organisation, [...(byOrganisation.get(member.organisation) ?? []), member]);
  }
  const owners = workspace.members.filter((member) => member.role === 'OWNER').length;

  async function changeRole(personId: string, role: WorkspaceRole) {
    const body = { role };
    if (await change.run(() => api(`/api/workspaces/${workspace.id}/members/${personId}/role`, { method: 'PUT', body }))) {
      onChanged();
    }
  }

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
        {change.error && <Problem error={change.error} what="The role was not changed." />}
        {owner && owners === 1 && (
          <p className="hint">The only owner keeps their role; make someone else an owner first to change it.</p>
        )}
        {[...byOrganisation.entries()]
          .sort(([a], [b]) => a.localeCompare(b))
          .map(([organisation, members]) => (
            <div key={organisation} className="org-group">
              <h3>{organisation}</h3>
              <ul className="member-list">
                {members.map((member) => (
                  <li key={member.personId}>
                    <span>{personName(workspace.members, member.personId)}</span>
                    {owner && !(member.role === 'OWNER' && owners === 1) ? (
                      <select
                        aria-label={`Role of ${personName(workspace.members, member.personId)}`}
                        value={member.role}
                        disabled={change.busy}
                        onChange={(event) => changeRole(member.personId, event.target.value as WorkspaceRole)}
                      >
                        {ROLES.map((option) => (
                          <option key={option} value={option}>
                            {workspaceRoleLabel(option)}
                          </option>
                        ))}
                      </select>
                    ) : (
                      <span className="role">{workspaceRoleLabel(member.role)}</span>
                    )}
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
  const [person, setPerson] = useState<PersonMatch | null>(null);
  // a new picker after each addition: it starts empty instead of searching for the name just added
  const [round, setRound] = useState(0);
  const [role, setRole] = useState<WorkspaceRole>('CONTRIBUTOR');
  const [missing, setMissing] = useState<string | null>(null);
  const add = useAction();

  async function submit(event: FormEvent) {
    event.preventDefault();
    setMissing(person ? null : 'Choose a person: type part of their name and pick them from the list.');
    if (!person) {
      return;
    }
    // no organisation: workspace takes it from identity (ADR 0027)
    const body = { personId: person.id, role };
    if (await add.run(() => api(`/api/workspaces/${workspace.id}/members`, { method: 'POST', body }))) {
      setPerson(null);
      setRound((n) => n + 1);
      onAdded();
    }
  }

  return (
    <form className="panel form" onSubmit={submit} aria-labelledby={`${id}-heading`}>
      <h2 id={`${id}-heading`}>Add a member</h2>
      <PersonPicker
        key={round}
        label="Person"
        value={person}
        onChange={setPerson}
        exclude={workspace.members.map((member) => member.personId)}
      />
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

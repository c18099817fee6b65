import { useId, useState, type FormEvent } from 'react';
import { api } from '../api/client';
import type { Organisation, OrganisationType, WorkspaceView } from '../api/types';
import { useAction, useApi } from '../api/useApi';
import { SelectField, TextAreaField, TextField } from '../components/fields';
import { organisationTypeLabel } from '../components/labels';
import { Loading, Problem } from '../components/Problem';
import { TLP, TLP_LEVELS } from '../components/TlpBadge';
import { href, navigate } from '../router';
import { AnnouncementForm } from '../workspace/Announcements';
import { Table } from '../components/Table';

const LABELS = TLP_LEVELS.map((label) => TLP[label].text);

/** Portal administrators: organisations, new workspaces, announcements beyond one workspace. */
export function AdminPage() {
  const organisations = useApi<Organisation[]>('/api/identity/organisations');
  return (
    <>
      <h1 id="page-heading" tabIndex={-1}>
        Portal administration
      </h1>
      <CreateWorkspace />
      <AnnouncementForm
        heading="Announce to every workspace or to government"
        labels={LABELS}
        audiences={[
          { value: 'ALL_WORKSPACES', text: 'Everyone in every workspace' },
          { value: 'GOVERNMENT', text: 'Government representatives only' },
        ]}
        send={(draft) => api('/api/announcements', { method: 'POST', body: draft })}
      />
      <section className="panel" aria-labelledby="organisations-heading">
        <h2 id="organisations-heading">Organisations</h2>
        {organisations.state === 'loading' && <Loading what="Loading organisations…" />}
        {organisations.state === 'error' && (
          <Problem error={organisations.error} what="The organisations could not be loaded." onRetry={organisations.reload} />
        )}
        {organisations.state === 'ok' && (
          <Table columns={['Name', 'Id', 'Type', 'E-mail domains', 'State']}>
            {organisations.data.map((organisation) => (
              <tr key={organisation.id}>
                <th scope="row">
                  <a href={href({ name: 'organisation', id: organisation.id })}>{organisation.name}</a>
                </th>
                <td>
                  <code>{organisation.id}</code>
                </td>
                <td>{organisationTypeLabel(organisation.type)}</td>
                <td>{organisation.domains?.join(', ') || 'Any'}</td>
                <td>{organisation.active === false ? 'Deactivated' : 'Active'}</td>
              </tr>
            ))}
          </Table>
        )}
        <CreateOrganisation onCreated={organisations.reload} />
      </section>
    </>
  );
}

function CreateWorkspace() {
  const id = useId();
  const [name, setName] = useState('');
  const [purpose, setPurpose] = useState('');
  const [labelCeiling, setLabelCeiling] = useState('TLP:AMBER');
  const create = useAction();
  async function submit(event: FormEvent) {
    event.preventDefault();
    await create.run(async () => {
      const workspace = await api<WorkspaceView>('/api/workspaces', {
        method: 'POST',
        body: { name: name.trim(), purpose: purpose.trim(), labelCeiling },
      });
      navigate({ name: 'workspace', id: workspace.id, section: 'members' });
    });
  }
  return (
    <form className="panel form" onSubmit={submit} aria-labelledby={`${id}-heading`}>
      <h2 id={`${id}-heading`}>Create a workspace</h2>
      <TextField label="Name" required maxLength={100} value={name} onChange={setName} />
      <TextAreaField label="Purpose" rows={3} maxLength={2000} value={purpose} onChange={setPurpose} />
      <SelectField
        label="Label ceiling (the most restricted label documents may carry)"
        value={labelCeiling}
        onChange={setLabelCeiling}
        options={LABELS.map((label) => ({ value: label, text: label }))}
      />
      {create.error && <Problem error={create.error} what="The workspace was not created." />}
      <button type="submit" disabled={create.busy}>
        Create workspace
      </button>
    </form>
  );
}

function CreateOrganisation({ onCreated }: { onCreated: () => void }) {
  const id = useId();
  const [slug, setSlug] = useState('');
  const [name, setName] = useState('');
  const [type, setType] = useState<OrganisationType>('VENDOR');
  const [domains, setDomains] = useState('');
  const create = useAction();
  async function submit(event: FormEvent) {
    event.preventDefault();
    const body = {
      id: slug.trim(),
      name: name.trim(),
      type,
      domains: domains.split(/[\s,]+/).map((domain) => domain.trim().toLowerCase()).filter(Boolean),
    };
    if (await create.run(() => api('/api/identity/organisations', { method: 'POST', body }))) {
      setSlug('');
      setName('');
      setDomains('');
      onCreated();
    }
  }
  return (
    <form className="form" onSubmit={submit} aria-labelledby={`${id}-heading`}>
      <h3 id={`${id}-heading`}>Add an organisation</h3>
      <TextField label="Name" required maxLength={100} value={name} onChange={setName} />
      <TextField
        label="Id (lower-case letters, digits and hyphens, e.g. acme-security)"
        required
        pattern="[a-z0-9](?:[a-z0-9\-]{0,62}[a-z0-9])?"
        value={slug}
        onChange={setSlug}
      />
      <SelectField
        label="Type"
        value={type}
        onChange={(value) => setType(value as OrganisationType)}
        options={(['HOST', 'VENDOR', 'GOVERNMENT'] as const).map((option) => ({ value: option, text: organisationTypeLabel(option) }))}
      />
      <TextField label="E-mail domains (optional, separated by commas)" value={domains} onChange={setDomains} />
      {create.error && <Problem error={create.error} what="The organisation was not created." />}
      <button type="submit" disabled={create.busy}>
        Add organisation
      </button>
    </form>
  );
}

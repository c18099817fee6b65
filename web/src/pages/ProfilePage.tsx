import type { Me } from '../api/types';
import { organisationTypeLabel, roleLabels } from '../components/labels';

export function ProfilePage({ me }: { me: Me }) {
  const roles = roleLabels(me.roles);
  return (
    <>
      <h1 id="page-heading" tabIndex={-1}>
        Profile
      </h1>
      <dl className="facts">
        <dt>Name</dt>
        <dd>{me.name}</dd>
        <dt>E-mail</dt>
        <dd>{me.email ?? 'Not set'}</dd>
        <dt>Organisation</dt>
        <dd>{me.organisation ?? 'No organisation'}</dd>
        <dt>Organisation type</dt>
        <dd>{organisationTypeLabel(me.organisationType)}</dd>
        <dt>Person id</dt>
        <dd>
          <code>{me.id}</code> <span className="hint">(a workspace owner of another organisation may ask for it to add you)</span>
        </dd>
        <dt>Roles</dt>
        <dd>{roles.length > 0 ? roles.join(', ') : 'None'}</dd>
      </dl>
      <p className="hint">
        Your name, e-mail and organisation come from your Parley account. Your organisation’s administrator can change
        them.
      </p>
    </>
  );
}

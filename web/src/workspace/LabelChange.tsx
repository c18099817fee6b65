import { useId, useState, type FormEvent } from 'react';
import { api } from '../api/client';
import type { Me, ParleyDocument, WorkspaceView } from '../api/types';
import { useAction } from '../api/useApi';
import { Missing, Problem } from '../components/Problem';
import { isLowering, parseTlp, TLP } from '../components/TlpBadge';
import { choiceFields, LabelPicker, labelProblem, type LabelChoice } from './LabelPicker';

/** Raising: owners and contributors. Lowering widens the audience: only the uploader or an owner, and it is audited. */
export function mayLower(workspace: WorkspaceView, document: ParleyDocument, me: Me): boolean {
  return workspace.myRole === 'OWNER' || document.uploadedBy === me.id;
}

interface LabelChangeProps {
  workspace: WorkspaceView;
  document: ParleyDocument;
  me: Me;
  onChanged: () => void;
}

export function LabelChange({ workspace, document, me, onChanged }: LabelChangeProps) {
  const id = useId();
  const current = parseTlp(document.label) ?? 'RED';
  const [choice, setChoice] = useState<LabelChoice>({
    label: current,
    namedPeople: document.namedPeople ?? [],
    namedOrganisations: document.namedOrganisations ?? [],
  });
  const [understood, setUnderstood] = useState(false);
  const [missing, setMissing] = useState<string | null>(null);
  const change = useAction();
  const lowering = isLowering(current, choice.label);
  const allowedToLower = mayLower(workspace, document, me);

  async function submit(event: FormEvent) {
    event.preventDefault();
    const problem =
      labelProblem(choice, workspace.labelCeiling) ??
      (lowering && !allowedToLower ? 'Only the uploader or a workspace owner can lower a label.' : null) ??
      (lowering && !understood ? 'Confirm that you mean to let more people see this document.' : null);
    setMissing(problem);
    if (problem) {
      return;
    }
    const path = `/api/workspaces/${workspace.id}/documents/${document.id}/label`;
    if (await change.run(() => api(path, { method: 'PUT', body: choiceFields(choice) }))) {
      setUnderstood(false);
      onChanged();
    }
  }

  return (
    <form className="panel form" onSubmit={submit} aria-labelledby={`${id}-heading`}>
      <h2 id={`${id}-heading`}>Change the label</h2>
      <LabelPicker
        legend="New handling label"
        ceiling={workspace.labelCeiling}
        value={choice}
        onChange={(next) => {
          setChoice(next);
          setUnderstood(false);
        }}
        members={workspace.members}
        myId={document.uploadedBy}
        myOrganisation={document.uploaderOrganisationId}
      />
      {lowering && (
        <div className="message message-warning" id={`${id}-lowering`}>
          <p>
            <strong>
              Lowering {TLP[current].text} to {TLP[choice.label].text} lets more people see this document.
            </strong>{' '}
            Now: {TLP[current].audience} After the change: {TLP[choice.label].audience}
          </p>
          <p>People who could not see it before will be able to open every version. The change is recorded in the audit trail with your name.</p>
          {allowedToLower ? (
            <label className="choice">
              <input type="checkbox" checked={understood} onChange={(event) => setUnderstood(event.target.checked)} />
              I mean to let more people see it
            </label>
          ) : (
            <p>Only the uploader or a workspace owner can lower a label.</p>
          )}
        </div>
      )}
      <Missing text={missing} />
      {change.error && <Problem error={change.error} what="The label was not changed." />}
      <button type="submit" disabled={change.busy || (lowering && !allowedToLower)}>
        Change label
      </button>
    </form>
  );
}

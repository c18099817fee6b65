import { useEffect, useId, useState, type FormEvent } from 'react';
import { api } from '../api/client';
import type { Me, ParleyDocument, WorkspaceView } from '../api/types';
import { useAction } from '../api/useApi';
import { TextField } from '../components/fields';
import { formatWhen, personName } from '../components/format';
import { Missing, Problem } from '../components/Problem';
import { parseTlp, TLP, TlpBadge, tlpRank, type Tlp } from '../components/TlpBadge';
import { choiceFields, LabelPicker, labelProblem, type LabelChoice } from './LabelPicker';
import { mayLower } from './LabelChange';

/** "2 days 3 h 4 min" until `until`; seconds only in the last minute; "ending now" once it has come. */
export function countdown(until: string, now: number): string {
  const left = Math.floor((new Date(until).getTime() - now) / 1000);
  if (Number.isNaN(left)) {
    return '';
  }
  if (left <= 0) {
    return 'ending now';
  }
  const days = Math.floor(left / 86400);
  const hours = Math.floor((left % 86400) / 3600);
  const minutes = Math.floor((left % 3600) / 60);
  if (days === 0 && hours === 0 && minutes === 0) {
    return `${left} s`;
  }
  return [days > 0 ? `${days} day${days === 1 ? '' : 's'}` : null, days > 0 || hours > 0 ? `${hours} h` : null, `${minutes} min`]
    .filter(Boolean)
    .join(' ');
}

/** `<input type="datetime-local">` shows local wall time: an instant as that input wants it. */
export function localInput(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) {
    return '';
  }
  const local = new Date(date.getTime() - date.getTimezoneOffset() * 60000);
  return local.toISOString().slice(0, 16);
}

/** The local wall time of a `datetime-local` input as the instant the service wants. */
export function instantOf(local: string): string | null {
  const date = new Date(local);
  return local && !Number.isNaN(date.getTime()) ? date.toISOString() : null;
}

function useNow(intervalMs = 1000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), intervalMs);
    return () => clearInterval(timer);
  }, [intervalMs]);
  return now;
}

interface EmbargoProps {
  workspace: WorkspaceView;
  document: ParleyDocument;
  me: Me;
  onChanged: () => void;
}

/**
 * The document's embargo (ADR 0042): when it ends, what the document becomes then and a countdown; for
 * contributors and owners a form to set, extend or cancel it. Setting one, bringing its end forward or widening what
 * it becomes is for the uploader or an owner; others may only move the end later, narrow what it becomes or cancel.
 */
export function Embargo({ workspace, document, me, onChanged }: EmbargoProps) {
  const id = useId();
  const now = useNow();
  const embargo = document.embargo ?? null;
  const current = parseTlp(document.label) ?? 'RED';
  const mayEdit = workspace.myRole === 'OWNER' || workspace.myRole === 'CONTRIBUTOR';
  const mayWiden = mayLower(workspace, document, me);
  const [editing, setEditing] = useState(false);
  const [until, setUntil] = useState(embargo ? localInput(embargo.until) : '');
  const [choice, setChoice] = useState<LabelChoice>({
    label: parseTlp(embargo?.label) ?? wider(current),
    namedPeople: embargo?.namedPeople ?? document.namedPeople,
    namedOrganisations: embargo?.namedOrganisations ?? document.namedOrganisations,
  });
  const [missing, setMissing] = useState<string | null>(null);
  const save = useAction();
  const cancel = useAction();
  const path = `/api/workspaces/${workspace.id}/documents/${document.id}/embargo`;

  async function submit(event: FormEvent) {
    event.preventDefault();
    const end = instantOf(until);
    const problem =
      (!end ? 'Give the date and time the embargo ends.' : null) ??
      (end && new Date(end).getTime() <= Date.now() ? 'The embargo must end in the future.' : null) ??
      labelProblem(choice, workspace.labelCeiling) ??
      (tlpRank(choice.label) > tlpRank(current) ? `At its end the document must become wider than ${TLP[current].text}, not narrower.` : null);
    setMissing(problem);
    if (problem || !end) {
      return;
    }
    if (await save.run(() => api(path, { method: 'PUT', body: { until: end, ...choiceFields(choice) } }))) {
      setEditing(false);
      onChanged();
    }
  }

  async function cancelEmbargo() {
    if (await cancel.run(() => api(path, { method: 'DELETE' }))) {
      onChanged();
    }
  }

  const showForm = mayEdit && editing;
  return (
    <section className="panel" aria-labelledby={`${id}-heading`}>
      <h2 id={`${id}-heading`}>Embargo</h2>
      {embargo ? (
        <div className="message message-warning" role="group" aria-label="Embargo">
          <p>
            <strong>Embargoed until {formatWhen(embargo.until)}</strong>{' '}
            <span role="timer" aria-live="off">
              ({countdown(embargo.until, now)} left)
            </span>
          </p>
          <p>
            Until then it stays <TlpBadge label={document.label} />. Then it becomes <TlpBadge label={embargo.label} />
            {embargo.namedPeople.length > 0 && <> naming {embargo.namedPeople.map((person) => personName(workspace.members, person)).join(', ')}</>}
            {embargo.namedOrganisations.length > 0 && <> naming {embargo.namedOrganisations.join(', ')}</>}.
          </p>
          <p className="hint">Set by {personName(workspace.members, embargo.setBy)}, {formatWhen(embargo.setAt)}.</p>
          {mayEdit && !editing && (
            <p className="actions">
              <button type="button" className="button-secondary" onClick={() => setEditing(true)}>
                Change embargo
              </button>
              <button type="button" className="button-secondary" disabled={cancel.busy} onClick={cancelEmbargo}>
                Cancel embargo
              </button>
            </p>
          )}
          {cancel.error && <Problem error={cancel.error} what="The embargo was not cancelled." />}
        </div>
      ) : (
        <>
          <p className="hint">
            No embargo. {mayEdit && !mayWiden && 'Only the uploader or a workspace owner can set one.'}
          </p>
          {mayEdit && mayWiden && !editing && (
            <p className="actions">
              <button type="button" className="button-secondary" onClick={() => setEditing(true)}>
                Set an embargo…
              </button>
            </p>
          )}
        </>
      )}
      {showForm && (
        <form className="form" onSubmit={submit} aria-label={embargo ? 'Change the embargo' : 'Set an embargo'}>
          <p className="hint">
            Until the time below the document keeps {TLP[current].text}; at that time it becomes the label you choose,
            which must let more people see it.
            {embargo && !mayWiden && ' You can move the end later, narrow what it becomes or cancel it; only the uploader or an owner can bring it forward or widen it.'}
          </p>
          <TextField label="Ends at (your time zone)" type="datetime-local" value={until} onChange={setUntil} />
          <LabelPicker
            legend="Label at the end of the embargo"
            ceiling={workspace.labelCeiling}
            value={choice}
            onChange={setChoice}
            members={workspace.members}
            myId={document.uploadedBy}
            myOrganisation={document.uploaderOrganisationId}
          />
          <Missing text={missing} />
          {save.error && <Problem error={save.error} what="The embargo was not saved." />}
          <p className="actions">
            <button type="submit" disabled={save.busy}>
              {embargo ? 'Save embargo' : 'Set embargo'}
            </button>
            <button type="button" className="button-secondary" onClick={() => setEditing(false)}>
              {embargo ? 'Keep it as it is' : 'Do not set one'}
            </button>
          </p>
        </form>
      )}
    </section>
  );
}

/** The next wider label, as a starting choice: GREEN for AMBER+STRICT and AMBER, CLEAR for GREEN. */
function wider(label: Tlp): Tlp {
  switch (label) {
    case 'RED':
      return 'RED';
    case 'AMBER+STRICT':
    case 'AMBER':
      return 'GREEN';
    default:
      return 'CLEAR';
  }
}

import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { api, type ApiError } from '../api/client';
import { useAction } from '../api/useApi';
import { Problem } from '../components/Problem';
import { HealthReportForm } from './HealthReportForm';
import { listOf } from './ReleaseBits';
import type { Release, ReleaseAction } from './types';
import { stateText } from './words';

/**
 * The buttons for what the person may do now: exactly the actions the service lists in `allowed`, nothing else
 * (a government liaison's list is empty, so they see none). Every action answers with the release as it now is.
 */
interface ReleaseActionsProps {
  release: Release;
  onDone: (release: Release) => void;
}

/** A refusal; a 409's detail lists every condition still unmet, so it is shown as a list. */
export function ActionProblem({ error, what }: { error: ApiError; what: string }) {
  if (error.status !== 409) {
    return <Problem error={error} what={what} />;
  }
  const conditions = error.message
    .split(/;\s+|\n+/)
    .map((part) => part.trim())
    .filter((part) => part !== '');
  const state = typeof error.problem?.state === 'string' ? error.problem.state : null;
  return (
    <div className="message message-error action-refused" role="alert">
      <p>
        <strong>{what}</strong>
        {state && ` The release is ${stateText(state).toLowerCase()}.`}
      </p>
      {conditions.length > 1 ? (
        <>
          <p>Still needed:</p>
          <ul>
            {conditions.map((condition) => (
              <li key={condition}>{condition}</li>
            ))}
          </ul>
        </>
      ) : (
        <p>{error.message}</p>
      )}
    </div>
  );
}

/** The actions that stop or end a release: each needs a reason, which the other organisations read. */
const STOPPING_ACTIONS: { action: ReleaseAction; toggle: string; submit: string; reasonLabel: string; what: string }[] = [
  {
    action: 'halt',
    toggle: 'Halt the release',
    submit: 'Halt now',
    reasonLabel: 'Why halt? (every participating organisation is told)',
    what: 'The release was not halted.',
  },
  {
    action: 'roll-back',
    toggle: 'Roll back the release',
    submit: 'Roll back now',
    reasonLabel: 'Why roll back? (recorded with the release; this cannot be undone)',
    what: 'The release was not rolled back.',
  },
  {
    action: 'cancel',
    toggle: 'Cancel the release',
    submit: 'Cancel it now',
    reasonLabel: 'Why cancel? (this cannot be undone)',
    what: 'The release was not cancelled.',
  },
];

function post(release: Release, action: string, body?: unknown): Promise<Release> {
  return api<Release>(`/api/rollouts/releases/${release.id}/${action}`, { method: 'POST', body });
}

export function ReleaseActions({ release, onDone }: ReleaseActionsProps) {
  const allowed = new Set(release.allowed);
  if (allowed.size === 0) {
    return <p className="hint">There is nothing for you to do on this release now; this page follows it as it changes.</p>;
  }
  const ring = release.currentRing ?? 0;
  const last = ring + 1 >= release.ringCount;
  const ringWords = `ring ${ring + 1}${release.ringName ? ` (${release.ringName})` : ''}`;
  return (
    <div className="release-actions">
      {allowed.has('sign-off') && (
        <section className="action-group" aria-labelledby="sign-off-heading">
          <h3 id="sign-off-heading">Your organisation’s decision on {ringWords}</h3>
          <p className="hint">Your latest decision counts. A no-go blocks the ring from advancing until your organisation says go.</p>
          <div className="row-actions">
            <ActionButton label="Go" what="Your go was not recorded." send={() => api<Release>(`/api/rollouts/releases/${release.id}/rings/${ring}/sign-offs`, { method: 'POST', body: { decision: 'GO' } })} onDone={onDone} />
            <ReasonAction
              toggle="No-go"
              submit="Send no-go"
              reasonLabel="Why not? (the other organisations read this)"
              what="Your no-go was not recorded."
              send={(reason) => api<Release>(`/api/rollouts/releases/${release.id}/rings/${ring}/sign-offs`, { method: 'POST', body: { decision: 'NO_GO', reason } })}
              onDone={onDone}
            />
          </div>
        </section>
      )}
      {allowed.has('schedule') && <ScheduleForm release={release} onDone={onDone} />}
      {allowed.has('approve-calendar') && (
        <ActionButton
          label="Approve the calendar conflicts"
          what="The calendar conflicts were not approved."
          send={() => post(release, 'calendar-approval')}
          onDone={onDone}
        />
      )}
      {allowed.has('start') && <ActionButton label="Start ring 1" what="The release did not start." send={() => post(release, 'start')} onDone={onDone} />}
      {allowed.has('advance') && (
        <ActionButton
          label={last ? 'Complete the release' : `Advance to ring ${ring + 2}`}
          what={last ? 'The release cannot be completed yet.' : 'The release cannot advance yet.'}
          send={() => post(release, 'advance')}
          onDone={onDone}
        />
      )}
      {allowed.has('resume') && (
        <div className="action-group">
          <ActionButton
            label="Agree to resume"
            what="Your agreement to resume was not recorded."
            send={() => post(release, 'resume')}
            onDone={onDone}
            said={(answer) =>
              answer.state === 'HALTED'
                ? `Your agreement is recorded. The release resumes once the releasing organisation and the host have both agreed${answer.resumeAgreedBy.length > 0 ? ` (so far: ${listOf(answer.resumeAgreedBy)})` : ''}.`
                : `The release resumed: it is ${stateText(answer.state).toLowerCase()} again.`
            }
          />
        </div>
      )}
      {allowed.has('report-health') && <HealthReportForm release={release} onDone={onDone} />}
      {STOPPING_ACTIONS.filter(({ action }) => allowed.has(action)).map(({ action, ...words }) => (
        <ReasonAction
          key={action}
          {...words}
          danger
          offerWarRoom={action === 'halt'}
          send={(reason, openWarRoom) => post(release, action, action === 'halt' ? { reason, openWarRoom } : { reason })}
          onDone={onDone}
        />
      ))}
    </div>
  );
}

interface ActionButtonProps {
  label: string;
  what: string;
  send: () => Promise<Release>;
  onDone: (release: Release) => void;
  /** What to say after it worked, when the page itself does not show it. */
  said?: (release: Release) => string | null;
}

function ActionButton({ label, what, send, onDone, said }: ActionButtonProps) {
  const action = useAction();
  const [status, setStatus] = useState<string | null>(null);
  async function click() {
    setStatus(null);
    await action.run(async () => {
      const answer = await send();
      setStatus(said?.(answer) ?? null);
      onDone(answer);
    });
  }
  return (
    <div className="action">
      <button type="button" disabled={action.busy} onClick={click}>
        {label}
      </button>
      {action.error && <ActionProblem error={action.error} what={what} />}
      <p role="status" className="action-status">
        {status}
      </p>
    </div>
  );
}

interface ReasonActionProps {
  toggle: string;
  submit: string;
  reasonLabel: string;
  what: string;
  danger?: boolean;
  offerWarRoom?: boolean;
  send: (reason: string, openWarRoom: boolean) => Promise<Release>;
  onDone: (release: Release) => void;
}

/** An action that needs a reason: the button opens a small form; focus goes to the reason. */
function ReasonAction({ toggle, submit, reasonLabel, what, danger = false, offerWarRoom = false, send, onDone }: ReasonActionProps) {
  const id = useId();
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState('');
  const [warRoom, setWarRoom] = useState(false);
  const [missing, setMissing] = useState(false);
  const action = useAction();
  const reasonBox = useRef<HTMLTextAreaElement>(null);
  useEffect(() => {
    if (open) {
      reasonBox.current?.focus();
    }
  }, [open]);

  async function confirm(event: FormEvent) {
    event.preventDefault();
    if (!reason.trim()) {
      setMissing(true);
      reasonBox.current?.focus();
      return;
    }
    setMissing(false);
    await action.run(async () => {
      const answer = await send(reason.trim(), warRoom);
      setOpen(false);
      setReason('');
      onDone(answer);
    });
  }

  return (
    <div className="action">
      <button
        type="button"
        className={danger ? 'button-danger' : 'button-secondary'}
        aria-expanded={open}
        aria-controls={`${id}-form`}
        onClick={() => setOpen(!open)}
      >
        {toggle}
      </button>
      <form id={`${id}-form`} className="reason-form" hidden={!open} onSubmit={confirm} aria-label={toggle}>
        <p className="field">
          <label htmlFor={`${id}-reason`}>{reasonLabel}</label>
          <textarea
            id={`${id}-reason`}
            ref={reasonBox}
            maxLength={1000}
            value={reason}
            aria-invalid={missing ? true : undefined}
            aria-describedby={missing ? `${id}-missing` : undefined}
            onChange={(event) => setReason(event.target.value)}
          />
          {missing && (
            <span className="field-error" id={`${id}-missing`}>
              Give a reason: the other organisations read it.
            </span>
          )}
        </p>
        {offerWarRoom && (
          <label className="choice">
            <input type="checkbox" checked={warRoom} onChange={(event) => setWarRoom(event.target.checked)} />
            Open a war room (an incident workspace for the participating organisations)
          </label>
        )}
        <p className="actions">
          <button type="submit" className={danger ? 'button-danger' : undefined} disabled={action.busy}>
            {submit}
          </button>
        </p>
      </form>
      {action.error && <ActionProblem error={action.error} what={what} />}
    </div>
  );
}

function ScheduleForm({ release, onDone }: ReleaseActionsProps) {
  const id = useId();
  const [start, setStart] = useState('');
  const action = useAction();
  async function submit(event: FormEvent) {
    event.preventDefault();
    const when = new Date(start);
    if (!start || Number.isNaN(when.getTime())) {
      return;
    }
    await action.run(async () => onDone(await post(release, 'schedule', { start: when.toISOString() })));
  }
  return (
    <form className="inline-form action" onSubmit={submit} aria-label="Schedule the release">
      <label htmlFor={`${id}-start`}>First ring starts (your time zone)</label>
      <input id={`${id}-start`} type="datetime-local" required value={start} onChange={(event) => setStart(event.target.value)} />
      <button type="submit" disabled={action.busy || !start}>
        Schedule
      </button>
      {action.error && <ActionProblem error={action.error} what="The release was not scheduled." />}
    </form>
  );
}

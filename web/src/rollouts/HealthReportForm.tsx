import { useState, type FormEvent } from 'react';
import { api } from '../api/client';
import { fieldProblems } from '../api/fieldProblems';
import { NETWORK_FAILURE } from '../api/problem';
import { useAction } from '../api/useApi';
import { TextField } from '../components/fields';
import { ActionProblem } from './ReleaseActions';
import type { HealthReport, Release } from './types';
import { formatCount, formatPerMille } from './words';

/** What the service answers to a health report (201, or 200 with the same answer for a retry). */
export interface HealthAnswer {
  report: HealthReport;
  gates: { gate: string; measuredPerMille: number | null; limitPerMille: number; breached: boolean }[];
  halted: boolean;
  release: Release;
}

const COUNTS = [
  { field: 'devicesUpdated', label: 'Devices updated', hint: 'How many devices in this ring have the update.' },
  { field: 'devicesReporting', label: 'Devices reporting', hint: 'How many of them sent telemetry since the ring started.' },
  { field: 'crashes', label: 'Crashes', hint: 'Devices reporting that crashed.' },
  { field: 'bootFailures', label: 'Boot failures', hint: 'Devices reporting that failed to boot.' },
  { field: 'rollbacks', label: 'Rollbacks', hint: 'Devices reporting that rolled the update back.' },
] as const;

type CountField = (typeof COUNTS)[number]['field'];
type Counts = Record<CountField, string>;

const EMPTY: Counts = { devicesUpdated: '', devicesReporting: '', crashes: '', bootFailures: '', rollbacks: '' };

/**
 * A key for one report, made here: the service applies a report once per key, so sending the same report again
 * after a network failure (same key) cannot count it twice. Any change to the numbers makes a new key.
 */
export function newIdempotencyKey(): string {
  if (typeof crypto.randomUUID === 'function') {
    return crypto.randomUUID();
  }
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join('');
}

/** What is wrong with the numbers before anything is sent, by field; empty when they could be true. */
export function checkCounts(counts: Counts): Partial<Record<CountField, string>> {
  const problems: Partial<Record<CountField, string>> = {};
  const values: Partial<Record<CountField, number>> = {};
  for (const { field } of COUNTS) {
    const text = counts[field].trim();
    if (!/^\d+$/.test(text)) {
      problems[field] = text === '' ? 'Enter a number (0 if there were none).' : 'Enter a whole number, 0 or more.';
    } else {
      values[field] = Number(text);
    }
  }
  const { devicesUpdated, devicesReporting } = values;
  if (devicesUpdated !== undefined && devicesReporting !== undefined && devicesReporting > devicesUpdated) {
    problems.devicesReporting = `More devices reporting than updated (${devicesUpdated}).`;
  }
  for (const field of ['crashes', 'bootFailures', 'rollbacks'] as const) {
    const value = values[field];
    if (value !== undefined && devicesReporting !== undefined && value > devicesReporting) {
      problems[field] = `More than the ${devicesReporting} devices reporting.`;
    }
  }
  return problems;
}

interface HealthReportFormProps {
  release: Release;
  onDone: (release: Release) => void;
}

/**
 * The health of the current ring, reported by hand by someone of the releasing organisation whose pipeline does not
 * post reports itself. The same gates apply as to a pipeline's report: one above a gate halts the release at once.
 */
export function HealthReportForm({ release, onDone }: HealthReportFormProps) {
  const ring = release.currentRing ?? 0;
  const ringWords = `ring ${ring + 1}${release.ringName ? ` (${release.ringName})` : ''}`;
  const [counts, setCounts] = useState<Counts>(EMPTY);
  const [observedAt, setObservedAt] = useState('');
  const [key, setKey] = useState(newIdempotencyKey);
  const [checked, setChecked] = useState<Partial<Record<CountField, string>> | null>(null);
  const [said, setSaid] = useState<string | null>(null);
  const action = useAction();
  const fromServer = fieldProblems(action.error);

  function change(field: CountField, value: string) {
    setCounts({ ...counts, [field]: value });
    setKey(newIdempotencyKey());
  }

  async function submit(event: FormEvent) {
    event.preventDefault();
    setSaid(null);
    const problems = checkCounts(counts);
    setChecked(problems);
    if (Object.keys(problems).length > 0) {
      return;
    }
    const when = observedAt ? new Date(observedAt) : new Date();
    const body = {
      observedAt: when.toISOString(),
      ...Object.fromEntries(COUNTS.map(({ field }) => [field, Number(counts[field].trim())])),
    };
    await action.run(async () => {
      const answer = await api<HealthAnswer>(`/api/rollouts/releases/${release.id}/rings/${ring}/health`, {
        method: 'POST',
        body,
        headers: { 'Idempotency-Key': key },
      });
      setSaid(outcome(answer));
      setCounts(EMPTY);
      setObservedAt('');
      setChecked(null);
      setKey(newIdempotencyKey());
      onDone(answer.release);
    });
  }

  return (
    <section className="action-group" aria-labelledby="health-report-heading">
      <h3 id="health-report-heading">Report the health of {ringWords} by hand</h3>
      <p className="hint">
        For a team without a pipeline that reports by itself. Give what your telemetry shows now for this ring. A rate above one of its gates halts the
        release at once, for everyone.
      </p>
      <form className="health-report-form" onSubmit={submit} aria-label={`Health report for ${ringWords}`} noValidate>
        {COUNTS.map(({ field, label, hint }) => (
          <TextField
            key={field}
            label={label}
            hint={hint}
            inputMode="numeric"
            autoComplete="off"
            value={counts[field]}
            onChange={(value) => change(field, value)}
            error={checked?.[field] ?? fromServer[field]}
          />
        ))}
        <TextField
          label="Observed at (your time zone)"
          hint="Leave empty for now."
          type="datetime-local"
          value={observedAt}
          onChange={(value) => {
            setObservedAt(value);
            setKey(newIdempotencyKey());
          }}
          error={fromServer.observedAt}
        />
        <p className="actions">
          <button type="submit" disabled={action.busy}>
            Send the report
          </button>
        </p>
      </form>
      {action.error && (
        <ActionProblem
          error={action.error}
          what={action.error.status === NETWORK_FAILURE ? 'The report may not have arrived. Send it again as it is: it counts once.' : 'The report was not accepted.'}
        />
      )}
      <p role="status" className="action-status">
        {said}
      </p>
    </section>
  );
}

function outcome(answer: HealthAnswer): string {
  const { report } = answer;
  const rates = `crashes ${formatPerMille(report.crashPerMille)}, boot failures ${formatPerMille(report.bootFailurePerMille)} on ${formatCount(report.devicesReporting)} devices reporting`;
  if (answer.halted) {
    const breached = answer.gates.filter((gate) => gate.breached).map((gate) => gate.gate.toLowerCase().replace(/_/g, ' '));
    return `Report recorded (${rates}). It breached a gate (${breached.join(', ')}): the release is halted.`;
  }
  return `Report recorded (${rates}). No gate was breached.`;
}

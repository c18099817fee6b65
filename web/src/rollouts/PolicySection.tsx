import { useId, useState, type FormEvent } from 'react';
import { api } from '../api/client';
import { fieldProblems } from '../api/fieldProblems';
import { useAction, useApi } from '../api/useApi';
import { CheckboxList } from '../components/CheckboxList';
import { TextField } from '../components/fields';
import { Loading, Problem } from '../components/Problem';
import { draftIso, durationDraft, DurationField, type DurationDraft } from './DurationField';
import { listOf } from './ReleaseBits';
import { RELEASE_KINDS, type RolloutPolicy } from './types';
import { formatDuration, kindText } from './words';

/** The portal's rollout policy: everyone reads it; portal admins change it (the service audits each change). */
export function PolicySection({ canEdit, onSaved }: { canEdit: boolean; onSaved: () => void }) {
  const policy = useApi<RolloutPolicy>('/api/rollouts/policy');
  return (
    <section className="panel" aria-labelledby="policy-heading">
      <h2 id="policy-heading">Rollout policy</h2>
      {policy.state === 'loading' && <Loading what="Loading the policy…" />}
      {policy.state === 'error' && <Problem error={policy.error} what="The policy could not be loaded." onRetry={policy.reload} />}
      {policy.state === 'ok' && (
        <>
          <dl className="facts">
            <dt>Kernel-mode kinds</dt>
            <dd>{policy.data.kernelModeKinds.length > 0 ? listOf(policy.data.kernelModeKinds.map(kindText)) : 'None'}</dd>
            <dt>Host’s go before leaving ring 1</dt>
            <dd>{policy.data.hostSignOffBeforeLeavingFirstRing ? 'Needed for kernel-mode kinds' : 'Not needed'}</dd>
            <dt>Rings at least</dt>
            <dd>{policy.data.minimumRings}</dd>
            <dt>Soak time at least</dt>
            <dd>{formatDuration(policy.data.minimumSoak)}</dd>
            <dt>Kernel-mode ring starts per day</dt>
            <dd>at most {policy.data.kernelModeStartsPerDay} without the host’s approval</dd>
          </dl>
          {canEdit && (
            <PolicyForm
              policy={policy.data}
              onSaved={() => {
                policy.reload();
                onSaved();
              }}
            />
          )}
        </>
      )}
    </section>
  );
}

function PolicyForm({ policy, onSaved }: { policy: RolloutPolicy; onSaved: () => void }) {
  const id = useId();
  const [kinds, setKinds] = useState<string[]>(policy.kernelModeKinds);
  const [hostGo, setHostGo] = useState(policy.hostSignOffBeforeLeavingFirstRing);
  const [rings, setRings] = useState(String(policy.minimumRings));
  const [soak, setSoak] = useState<DurationDraft>(() => durationDraft(policy.minimumSoak));
  const [perDay, setPerDay] = useState(String(policy.kernelModeStartsPerDay));
  const [checked, setChecked] = useState<Record<string, string>>({});
  const [saved, setSaved] = useState(false);
  const save = useAction();
  const problems = { ...fieldProblems(save.error), ...checked };

  async function submit(event: FormEvent) {
    event.preventDefault();
    setSaved(false);
    const found: Record<string, string> = {};
    if (!/^\d+$/.test(rings.trim()) || Number(rings) < 1) found.minimumRings = 'At least 1 ring: no release skips rings.';
    const minimumSoak = draftIso(soak);
    if (!minimumSoak) found.minimumSoak = 'A whole number above 0 (the shortest allowed is 1 second).';
    if (!/^\d+$/.test(perDay.trim())) found.kernelModeStartsPerDay = 'A whole number, 0 or more.';
    setChecked(found);
    if (Object.keys(found).length > 0 || !minimumSoak) {
      return;
    }
    const body: RolloutPolicy = {
      kernelModeKinds: RELEASE_KINDS.filter((kind) => kinds.includes(kind)),
      hostSignOffBeforeLeavingFirstRing: hostGo,
      minimumRings: Number(rings),
      minimumSoak,
      kernelModeStartsPerDay: Number(perDay),
    };
    if (await save.run(() => api('/api/rollouts/policy', { method: 'PUT', body }))) {
      setSaved(true);
      onSaved();
    }
  }

  return (
    <form className="form" onSubmit={submit} aria-labelledby={`${id}-heading`} noValidate>
      <h3 id={`${id}-heading`}>Change the policy</h3>
      <fieldset>
        <legend>Kernel-mode kinds</legend>
        <CheckboxList items={RELEASE_KINDS.map((kind) => ({ value: kind, label: kindText(kind) }))} selected={kinds} onChange={setKinds} />
      </fieldset>
      <label className="choice">
        <input type="checkbox" checked={hostGo} onChange={(event) => setHostGo(event.target.checked)} />
        Kernel-mode releases need the host’s go before leaving ring 1
      </label>
      <TextField label="Rings at least" type="number" min={1} step={1} value={rings} onChange={setRings} error={problems.minimumRings} />
      <DurationField label="Soak time at least" value={soak} onChange={setSoak} error={problems.minimumSoak} />
      <TextField
        label="Kernel-mode ring starts per day (UTC) without the host’s approval"
        type="number"
        min={0}
        step={1}
        value={perDay}
        onChange={setPerDay}
        error={problems.kernelModeStartsPerDay}
      />
      {save.error && <Problem error={save.error} what="The policy was not changed." />}
      <p role="status">{saved && 'Policy saved.'}</p>
      <button type="submit" disabled={save.busy}>
        Save policy
      </button>
    </form>
  );
}

import { useId, useRef, type ReactNode } from 'react';
import type { FieldProblems } from '../api/fieldProblems';
import { CheckboxList } from '../components/CheckboxList';
import { TextField } from '../components/fields';
import { DurationField } from './DurationField';
import { newRing, type RingDraft } from './plan';

interface PlanEditorProps {
  rings: RingDraft[];
  onChange: (rings: RingDraft[]) => void;
  /** The workspace's member organisations: whose go a ring may ask for. */
  organisations: readonly string[];
  problems: FieldProblems;
  /** Said once above the rings, e.g. that kernel-mode kinds need the host's go before leaving ring 1. */
  note?: string | null;
}

/** Ordered rings, each with its target, soak time, gates and sign-offs; rings can be added, moved and removed. */
export function PlanEditor({ rings, onChange, organisations, problems, note }: PlanEditorProps) {
  const headingId = useId();
  const heading = useRef<HTMLHeadingElement>(null);
  const update = (index: number, change: Partial<RingDraft>) => onChange(rings.map((ring, at) => (at === index ? { ...ring, ...change } : ring)));
  const move = (index: number, by: -1 | 1) => {
    const moved = [...rings];
    [moved[index], moved[index + by]] = [moved[index + by], moved[index]];
    onChange(moved);
  };
  const remove = (index: number) => {
    onChange(rings.filter((_, at) => at !== index));
    // the button that had focus is gone: put focus where the person can go on from
    heading.current?.focus();
  };

  return (
    <section className="plan" aria-labelledby={headingId}>
      <h2 id={headingId} ref={heading} tabIndex={-1}>
        Rollout plan
      </h2>
      <p className="hint">
        Rings run in this order. A ring advances only after its soak time, with every gate green on enough devices
        and a go from every organisation it asks. Rates are per thousand devices reporting (‰, 0–1000).
      </p>
      {note && <p className="message message-warning">{note}</p>}
      {problems.rings && (
        <p className="field-error" role="alert">
          {problems.rings}
        </p>
      )}
      <ol className="rings-editor">
        {rings.map((ring, index) => (
          <li key={ring.key}>
            <RingEditor
              ring={ring}
              index={index}
              count={rings.length}
              organisations={organisations}
              problems={problems}
              onChange={(change) => update(index, change)}
              onMove={(by) => move(index, by)}
              onRemove={() => remove(index)}
            />
          </li>
        ))}
      </ol>
      <button type="button" className="button-secondary" onClick={() => onChange([...rings, newRing()])}>
        Add a ring
      </button>
    </section>
  );
}

interface RingEditorProps {
  ring: RingDraft;
  index: number;
  count: number;
  organisations: readonly string[];
  problems: FieldProblems;
  onChange: (change: Partial<RingDraft>) => void;
  onMove: (by: -1 | 1) => void;
  onRemove: () => void;
}

function RingEditor({ ring, index, count, organisations, problems, onChange, onMove, onRemove }: RingEditorProps) {
  const targetName = useId();
  const n = index + 1;
  const problem = (path: string) => problems[`rings[${index}].${path}`] ?? null;
  // every ring has the same fields: their accessible names say which ring, the legend says it to the eye
  const of = <span className="visually-hidden"> (ring {n})</span>;
  return (
    <fieldset className="ring-editor">
      <legend>Ring {n}</legend>
      <TextField label={<>Name{of}</>} maxLength={60} value={ring.name} onChange={(name) => onChange({ name })} error={problem('name')} />
      <fieldset className="target">
        <legend>Ring {n} target</legend>
        <label className="choice">
          <input type="radio" name={targetName} checked={ring.target === 'share'} onChange={() => onChange({ target: 'share' })} />
          Share of devices{of}
        </label>
        <label className="choice">
          <input type="radio" name={targetName} checked={ring.target === 'devices'} onChange={() => onChange({ target: 'devices' })} />
          Number of devices{of}
        </label>
        {ring.target === 'share' ? (
          <TextField
            label={<>Share of devices (%){of}</>}
            type="number"
            min={0}
            max={100}
            step="any"
            value={ring.share}
            onChange={(share) => onChange({ share })}
            error={problem('targetShare')}
          />
        ) : (
          <TextField
            label={<>Number of devices{of}</>}
            type="number"
            min={1}
            step={1}
            value={ring.devices}
            onChange={(devices) => onChange({ devices })}
            error={problem('targetDevices')}
          />
        )}
      </fieldset>
      <DurationField label="Minimum soak time" context={`ring ${n}`} value={ring.soak} onChange={(soak) => onChange({ soak })} error={problem('minSoak')} />
      <fieldset>
        <legend>Ring {n} health gates</legend>
        <div className="gate-fields">
          <GateField label={<>Highest crash rate (‰){of}</>} value={ring.maxCrash} onChange={(maxCrash) => onChange({ maxCrash })} error={problem('gates.maxCrashPerMille')} />
          <GateField label={<>Highest boot-failure rate (‰){of}</>} value={ring.maxBoot} onChange={(maxBoot) => onChange({ maxBoot })} error={problem('gates.maxBootFailurePerMille')} />
          <GateField
            label={<>Highest rollback rate (‰, optional){of}</>}
            value={ring.maxRollback}
            onChange={(maxRollback) => onChange({ maxRollback })}
            error={problem('gates.maxRollbackPerMille')}
          />
          <TextField
            label={<>Devices that must report{of}</>}
            type="number"
            min={1}
            step={1}
            value={ring.minDevices}
            onChange={(minDevices) => onChange({ minDevices })}
            error={problem('gates.minDevicesReporting')}
          />
        </div>
      </fieldset>
      <fieldset>
        <legend>Organisations whose go ring {n} needs</legend>
        {organisations.length === 0 ? (
          <p className="hint">Choose the workspace first: its member organisations can be asked.</p>
        ) : (
          <CheckboxList
            items={organisations.map((organisation) => ({ value: organisation, label: organisation }))}
            selected={ring.signOffOrganisations}
            onChange={(signOffOrganisations) => onChange({ signOffOrganisations })}
          />
        )}
        {problem('signOffOrganisations') && <span className="field-error">{problem('signOffOrganisations')}</span>}
      </fieldset>
      <p className="row-actions">
        <button type="button" className="button-secondary button-small" disabled={index === 0} onClick={() => onMove(-1)}>
          Move ring {n} up
        </button>
        <button type="button" className="button-secondary button-small" disabled={index === count - 1} onClick={() => onMove(1)}>
          Move ring {n} down
        </button>
        <button type="button" className="button-secondary button-small" onClick={onRemove}>
          Remove ring {n}
        </button>
      </p>
    </fieldset>
  );
}

function GateField({ label, value, onChange, error }: { label: ReactNode; value: string; onChange: (value: string) => void; error: string | null }) {
  return <TextField label={label} type="number" min={0} max={1000} step="any" inputMode="decimal" value={value} onChange={onChange} error={error} />;
}

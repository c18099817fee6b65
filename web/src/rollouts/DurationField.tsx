import type { ReactNode } from 'react';
import { useFieldIds } from '../components/fields';
import { durationSeconds, isoDuration } from './words';

/** A soak time as people enter it: an amount and a unit; the API wants ISO-8601 (`PT2H`). */
export type DurationUnit = 'seconds' | 'minutes' | 'hours' | 'days';

export interface DurationDraft {
  amount: string;
  unit: DurationUnit;
}

const UNIT_SECONDS: Record<DurationUnit, number> = { seconds: 1, minutes: 60, hours: 3_600, days: 86_400 };
const UNIT_TEXT: Record<DurationUnit, string> = { seconds: 'seconds', minutes: 'minutes', hours: 'hours', days: 'days' };

/** The largest unit that divides the duration: `PT36H` → 36 hours, `PT90M` → 90 minutes. */
export function durationDraft(iso: string): DurationDraft {
  const seconds = durationSeconds(iso) ?? 3_600;
  const unit = (['days', 'hours', 'minutes'] as const).find((candidate) => seconds > 0 && seconds % UNIT_SECONDS[candidate] === 0) ?? 'seconds';
  return { amount: String(seconds / UNIT_SECONDS[unit]), unit };
}

/** Seconds, or null when the amount is not a positive whole number. */
export function draftSeconds(draft: DurationDraft): number | null {
  if (!/^\d+$/.test(draft.amount.trim())) {
    return null;
  }
  const amount = Number(draft.amount.trim());
  return amount > 0 ? amount * UNIT_SECONDS[draft.unit] : null;
}

export function draftIso(draft: DurationDraft): string | null {
  const seconds = draftSeconds(draft);
  return seconds === null ? null : isoDuration(seconds);
}

interface DurationFieldProps {
  label: string;
  /** Added to the controls' names where several such fields are on one page: "ring 2". */
  context?: string;
  value: DurationDraft;
  onChange: (value: DurationDraft) => void;
  hint?: ReactNode;
  error?: string | null;
}

/** Two controls, one value: a labelled group so that both are read with the question they answer. */
export function DurationField({ label, context, value, onChange, hint, error }: DurationFieldProps) {
  const name = context ? `${label} (${context})` : label;
  const field = useFieldIds(hint, error);
  return (
    <div className="field" role="group" aria-labelledby={`${field.id}-label`}>
      <span className="field-label" id={`${field.id}-label`}>
        {label}
      </span>
      {field.hint}
      <span className="duration">
        <input
          {...field.control}
          type="number"
          inputMode="numeric"
          min={1}
          step={1}
          aria-label={`${name}, amount`}
          value={value.amount}
          onChange={(event) => onChange({ ...value, amount: event.target.value })}
        />
        <select aria-label={`${name}, unit`} value={value.unit} onChange={(event) => onChange({ ...value, unit: event.target.value as DurationUnit })}>
          {(Object.keys(UNIT_TEXT) as DurationUnit[]).map((unit) => (
            <option key={unit} value={unit}>
              {UNIT_TEXT[unit]}
            </option>
          ))}
        </select>
      </span>
      {field.error}
    </div>
  );
}

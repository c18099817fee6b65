import { useId, type InputHTMLAttributes, type ReactNode, type TextareaHTMLAttributes } from 'react';

/**
 * A labelled form field: the label above the control, tied to it by id; an optional hint under the label and an
 * error under the control, both read out with the control (`aria-describedby`), the error also as `aria-invalid`.
 */
interface FieldProps {
  label: ReactNode;
  value: string;
  onChange: (value: string) => void;
  hint?: ReactNode;
  /** What is wrong with the value, in words (checked here or said by the service); nothing when it is fine. */
  error?: string | null;
}

type InputProps = Omit<InputHTMLAttributes<HTMLInputElement>, 'value' | 'onChange' | 'id'>;
type TextAreaProps = Omit<TextareaHTMLAttributes<HTMLTextAreaElement>, 'value' | 'onChange' | 'id'>;

/** The ids and attributes that tie a control to its hint and error. */
export function useFieldIds(hint: ReactNode, error: string | null | undefined) {
  const id = useId();
  const describedBy = [hint ? `${id}-hint` : null, error ? `${id}-error` : null].filter(Boolean).join(' ');
  return {
    id,
    control: { id, 'aria-describedby': describedBy || undefined, 'aria-invalid': error ? true : undefined },
    hint: hint ? (
      <span className="field-hint" id={`${id}-hint`}>
        {hint}
      </span>
    ) : null,
    error: error ? (
      <span className="field-error" id={`${id}-error`}>
        {error}
      </span>
    ) : null,
  };
}

export function TextField({ label, value, onChange, hint, error, ...input }: FieldProps & InputProps) {
  const field = useFieldIds(hint, error);
  return (
    <p className="field">
      <label htmlFor={field.id}>{label}</label>
      {field.hint}
      <input type="text" {...input} {...field.control} value={value} onChange={(event) => onChange(event.target.value)} />
      {field.error}
    </p>
  );
}

export function TextAreaField({ label, value, onChange, hint, error, ...area }: FieldProps & TextAreaProps) {
  const field = useFieldIds(hint, error);
  return (
    <p className="field">
      <label htmlFor={field.id}>{label}</label>
      {field.hint}
      <textarea {...area} {...field.control} value={value} onChange={(event) => onChange(event.target.value)} />
      {field.error}
    </p>
  );
}

export interface Option {
  value: string;
  text: string;
}

export function SelectField({ label, value, onChange, options, hint, error }: FieldProps & { options: readonly Option[] }) {
  const field = useFieldIds(hint, error);
  return (
    <p className="field">
      <label htmlFor={field.id}>{label}</label>
      {field.hint}
      <select {...field.control} value={value} onChange={(event) => onChange(event.target.value)}>
        {options.map((option) => (
          <option key={option.value} value={option.value}>
            {option.text}
          </option>
        ))}
      </select>
      {field.error}
    </p>
  );
}

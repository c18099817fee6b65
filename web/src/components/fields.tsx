import { useId, type InputHTMLAttributes, type ReactNode, type TextareaHTMLAttributes } from 'react';

/** A labelled form field: the label above the control, tied to it by id. */
interface FieldProps {
  label: ReactNode;
  value: string;
  onChange: (value: string) => void;
}

type InputProps = Omit<InputHTMLAttributes<HTMLInputElement>, 'value' | 'onChange' | 'id'>;
type TextAreaProps = Omit<TextareaHTMLAttributes<HTMLTextAreaElement>, 'value' | 'onChange' | 'id'>;

export function TextField({ label, value, onChange, ...input }: FieldProps & InputProps) {
  const id = useId();
  return (
    <p className="field">
      <label htmlFor={id}>{label}</label>
      <input id={id} type="text" {...input} value={value} onChange={(event) => onChange(event.target.value)} />
    </p>
  );
}

export function TextAreaField({ label, value, onChange, ...area }: FieldProps & TextAreaProps) {
  const id = useId();
  return (
    <p className="field">
      <label htmlFor={id}>{label}</label>
      <textarea id={id} {...area} value={value} onChange={(event) => onChange(event.target.value)} />
    </p>
  );
}

export interface Option {
  value: string;
  text: string;
}

export function SelectField({ label, value, onChange, options }: FieldProps & { options: readonly Option[] }) {
  const id = useId();
  return (
    <p className="field">
      <label htmlFor={id}>{label}</label>
      <select id={id} value={value} onChange={(event) => onChange(event.target.value)}>
        {options.map((option) => (
          <option key={option.value} value={option.value}>
            {option.text}
          </option>
        ))}
      </select>
    </p>
  );
}

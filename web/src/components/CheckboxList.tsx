import type { ReactNode } from 'react';

interface CheckboxListProps {
  items: { value: string; label: ReactNode }[];
  selected: readonly string[];
  onChange: (selected: string[]) => void;
}

/** A list of labelled checkboxes over a set of values (names for a label, organisations to ask). */
export function CheckboxList({ items, selected, onChange }: CheckboxListProps) {
  return (
    <ul className="choices">
      {items.map((item) => (
        <li key={item.value}>
          <label className="choice">
            <input
              type="checkbox"
              checked={selected.includes(item.value)}
              onChange={(event) =>
                onChange(
                  event.target.checked
                    ? [...selected.filter((value) => value !== item.value), item.value]
                    : selected.filter((value) => value !== item.value),
                )
              }
            />
            {item.label}
          </label>
        </li>
      ))}
    </ul>
  );
}

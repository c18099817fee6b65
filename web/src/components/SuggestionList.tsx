import type { Dispatch, KeyboardEvent, ReactNode, SetStateAction } from 'react';

interface SuggestionListProps<T> {
  /** The list's id; option `i` gets `${id}-${i}` (the control's aria-activedescendant). */
  id: string;
  label: string;
  options: readonly T[];
  active: number;
  keyOf: (option: T) => string;
  onChoose: (index: number) => void;
  children: (option: T) => ReactNode;
}

/**
 * The listbox under a text control that completes something (mentions, the people picker). Options are taken on
 * mousedown, not click: the control must not lose focus first (its blur closes the list).
 */
export function SuggestionList<T>({ id, label, options, active, keyOf, onChoose, children }: SuggestionListProps<T>) {
  return (
    <ul className="mention-list" id={id} role="listbox" aria-label={label}>
      {options.map((option, index) => (
        <li
          key={keyOf(option)}
          id={`${id}-${index}`}
          role="option"
          aria-selected={index === active}
          className={index === active ? 'mention-option mention-active' : 'mention-option'}
          onMouseDown={(event) => {
            event.preventDefault();
            onChoose(index);
          }}
        >
          {children(option)}
        </li>
      ))}
    </ul>
  );
}

/**
 * The keys of an open suggestion list of `size` options: arrows move the active one (wrapping), `chooseKeys` take it,
 * Escape closes the list. Other keys are left to the control.
 */
export function suggestionKeys(
  event: KeyboardEvent,
  size: number,
  on: { setActive: Dispatch<SetStateAction<number>>; choose: () => void; close: () => void },
  chooseKeys: readonly string[] = ['Enter'],
) {
  if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
    event.preventDefault();
    const step = event.key === 'ArrowDown' ? 1 : -1;
    on.setActive((current) => (current + step + size) % size);
  } else if (chooseKeys.includes(event.key)) {
    event.preventDefault();
    on.choose();
  } else if (event.key === 'Escape') {
    event.preventDefault();
    on.close();
  }
}

import { useId, useRef, useState, type KeyboardEvent } from 'react';
import type { Member } from '../api/types';
import { insertMention, mentionAt, mentionSuggestions, type MentionQuery } from './mentions';

interface MentionInputProps {
  label: string;
  value: string;
  onChange: (value: string) => void;
  members: readonly Member[];
  disabled?: boolean;
}

/**
 * A text area that completes `@name` from the workspace's members: a listbox under it, arrows to move, Enter or
 * Tab to take one, Escape to close; the active option is announced through aria-activedescendant.
 */
export function MentionInput({ label, value, onChange, members, disabled }: MentionInputProps) {
  const id = useId();
  const area = useRef<HTMLTextAreaElement>(null);
  const [mention, setMention] = useState<MentionQuery | null>(null);
  const [active, setActive] = useState(0);
  const [dismissed, setDismissed] = useState(false);
  const options = mention && !dismissed ? mentionSuggestions(members, mention.query) : [];
  const open = options.length > 0;
  const listId = `${id}-mentions`;

  function follow(text: string, caret: number) {
    onChange(text);
    setMention(mentionAt(text, caret));
    setActive(0);
    setDismissed(false);
  }

  function choose(index: number) {
    const chosen = options[index];
    const element = area.current;
    if (!chosen || !mention || !element) {
      return;
    }
    const next = insertMention(value, element.selectionStart ?? value.length, mention, chosen.name);
    onChange(next.text);
    setMention(null);
    // put the caret after the inserted name once React has written the new value
    window.requestAnimationFrame(() => {
      element.focus();
      element.setSelectionRange(next.caret, next.caret);
    });
  }

  function onKeyDown(event: KeyboardEvent<HTMLTextAreaElement>) {
    if (!open) {
      return;
    }
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault();
      const step = event.key === 'ArrowDown' ? 1 : -1;
      setActive((current) => (current + step + options.length) % options.length);
    } else if (event.key === 'Enter' || event.key === 'Tab') {
      event.preventDefault();
      choose(active);
    } else if (event.key === 'Escape') {
      event.preventDefault();
      setDismissed(true);
    }
  }

  return (
    <div className="mention-input">
      <label htmlFor={id}>{label}</label>
      <p className="hint" id={`${id}-hint`}>
        Type @ and a name to mention a member; they get a notification if they may see the document.
      </p>
      <textarea
        ref={area}
        id={id}
        rows={3}
        value={value}
        disabled={disabled}
        aria-describedby={`${id}-hint`}
        aria-autocomplete="list"
        aria-controls={open ? listId : undefined}
        aria-activedescendant={open ? `${listId}-${active}` : undefined}
        onChange={(event) => follow(event.target.value, event.target.selectionStart ?? event.target.value.length)}
        onKeyDown={onKeyDown}
        onBlur={() => setDismissed(true)}
      />
      {open && (
        <ul className="mention-list" id={listId} role="listbox" aria-label="Members to mention">
          {options.map((option, index) => (
            <li
              key={option.personId}
              id={`${listId}-${index}`}
              role="option"
              aria-selected={index === active}
              className={index === active ? 'mention-option mention-active' : 'mention-option'}
              // mousedown, not click: the text area must not lose focus (blur closes the list) first
              onMouseDown={(event) => {
                event.preventDefault();
                choose(index);
              }}
            >
              {option.name} <span className="hint">({option.organisation})</span>
            </li>
          ))}
        </ul>
      )}
      <p className="visually-hidden" role="status">
        {open ? `${options.length} member${options.length === 1 ? '' : 's'} to mention; use the arrow keys, Enter to choose.` : ''}
      </p>
    </div>
  );
}

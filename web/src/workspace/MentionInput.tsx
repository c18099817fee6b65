import { useId, useRef, useState, type KeyboardEvent } from 'react';
import type { Member } from '../api/types';
import { SuggestionList, suggestionKeys } from '../components/SuggestionList';
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
    if (open) {
      suggestionKeys(event, options.length, { setActive, choose: () => choose(active), close: () => setDismissed(true) }, ['Enter', 'Tab']);
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
        <SuggestionList id={listId} label="Members to mention" options={options} active={active} keyOf={(option) => option.personId} onChoose={choose}>
          {(option) => (
            <>
              {option.name} <span className="hint">({option.organisation})</span>
            </>
          )}
        </SuggestionList>
      )}
      <p className="visually-hidden" role="status">
        {open ? `${options.length} member${options.length === 1 ? '' : 's'} to mention; use the arrow keys, Enter to choose.` : ''}
      </p>
    </div>
  );
}

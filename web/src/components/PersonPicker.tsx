import { useEffect, useId, useState, type KeyboardEvent } from 'react';
import { api } from '../api/client';
import type { PeopleFound, PersonMatch } from '../api/types';
import { asApiError } from '../api/useApi';
import type { ApiError } from '../api/problem';
import { Problem } from './Problem';
import { SuggestionList, suggestionKeys } from './SuggestionList';

/** What identity refuses below this many characters (`parley.identity.people-search.min-query-length`). */
export const MIN_QUERY_LENGTH = 2;

interface PersonPickerProps {
  label: string;
  /** The person chosen, or null while none is. */
  value: PersonMatch | null;
  onChange: (person: PersonMatch | null) => void;
  /** People who cannot be chosen here (e.g. the workspace's members): left out of the list. */
  exclude?: readonly string[];
  /** Wait this long after the last key before asking identity. */
  delay?: number;
}

type Search =
  | { state: 'idle' }
  | { state: 'searching' }
  | { state: 'found'; found: PeopleFound }
  | { state: 'error'; error: ApiError };

/**
 * Finds a person by part of their name (or e-mail address, where identity shows addresses) as you type, across the
 * organisations you may see, and shows name and organisation as identity tells them (ADR 0045). A combobox: arrows
 * move through the list, Enter takes one, Escape closes it; typing again clears the choice.
 */
export function PersonPicker({ label, value, onChange, exclude = [], delay = 250 }: PersonPickerProps) {
  const id = useId();
  const listId = `${id}-people`;
  const [text, setText] = useState(value ? value.name : '');
  const [search, setSearch] = useState<Search>({ state: 'idle' });
  const [active, setActive] = useState(0);
  const [closed, setClosed] = useState(false);
  const query = text.trim();
  const typing = value === null && query.length >= MIN_QUERY_LENGTH;

  useEffect(() => {
    if (!typing) {
      setSearch({ state: 'idle' });
      return;
    }
    const controller = new AbortController();
    const timer = window.setTimeout(() => {
      setSearch({ state: 'searching' });
      api<PeopleFound>(`/api/identity/people?query=${encodeURIComponent(query)}`, { signal: controller.signal }).then(
        (found) => setSearch({ state: 'found', found }),
        (error: unknown) => {
          if (!controller.signal.aborted) {
            setSearch({ state: 'error', error: asApiError(error) });
          }
        },
      );
    }, delay);
    return () => {
      window.clearTimeout(timer);
      controller.abort();
    };
  }, [query, typing, delay]);

  const options = search.state === 'found' ? search.found.people.filter((person) => !exclude.includes(person.id)) : [];
  const open = typing && !closed && options.length > 0;

  function type(next: string) {
    setText(next);
    setActive(0);
    setClosed(false);
    if (value) {
      onChange(null);
    }
  }

  function choose(index: number) {
    const chosen = options[index];
    if (chosen) {
      setText(chosen.name);
      onChange(chosen);
    }
  }

  function onKeyDown(event: KeyboardEvent<HTMLInputElement>) {
    if (open) {
      suggestionKeys(event, options.length, { setActive, choose: () => choose(active), close: () => setClosed(true) });
    }
  }

  return (
    <div className="mention-input person-picker">
      <label htmlFor={id}>{label}</label>
      <p className="hint" id={`${id}-hint`}>
        Type at least {MIN_QUERY_LENGTH} letters of the person’s name, or their e-mail address if they are your colleague.
      </p>
      <input
        id={id}
        type="text"
        role="combobox"
        autoComplete="off"
        value={text}
        aria-describedby={`${id}-hint ${id}-status`}
        aria-autocomplete="list"
        aria-expanded={open}
        aria-controls={open ? listId : undefined}
        aria-activedescendant={open ? `${listId}-${active}` : undefined}
        onChange={(event) => type(event.target.value)}
        onKeyDown={onKeyDown}
        onBlur={() => setClosed(true)}
        onFocus={() => setClosed(false)}
      />
      {open && (
        <SuggestionList id={listId} label="People found" options={options} active={active} keyOf={(person) => person.id} onChoose={choose}>
          {(person) => (
            <>
              {person.name} <span className="hint">({person.organisationName}{person.email ? `, ${person.email}` : ''})</span>
            </>
          )}
        </SuggestionList>
      )}
      <p className="hint" id={`${id}-status`} role="status">
        {status(value, search, options.length, typing)}
      </p>
      {search.state === 'error' && <Problem error={search.error} what="Nobody could be searched for." />}
    </div>
  );
}

function status(value: PersonMatch | null, search: Search, shown: number, typing: boolean): string {
  if (value) {
    return `Chosen: ${value.name} of ${value.organisationName}.`;
  }
  if (!typing) {
    return '';
  }
  if (search.state === 'searching') {
    return 'Searching…';
  }
  if (search.state !== 'found') {
    return '';
  }
  if (shown === 0) {
    return search.found.people.length > 0
      ? 'Everyone found is here already.'
      : 'Nobody found. Check the spelling, or ask the person’s organisation to invite them to Parley.';
  }
  const count = `${shown} ${shown === 1 ? 'person' : 'people'} found; use the arrow keys and Enter to choose.`;
  return search.found.more ? `${count} More match: type more of the name.` : count;
}

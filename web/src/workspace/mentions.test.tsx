import { fireEvent, render, screen } from '@testing-library/react';
import { useState } from 'react';
import type { Member } from '../api/types';
import { MentionInput } from './MentionInput';
import { insertMention, mentionAt, mentionedIds, mentionSuggestions } from './mentions';

const members: Member[] = [
  { personId: 'p1', organisation: 'gov-cert', role: 'READER', name: 'Grace Liaison' },
  { personId: 'p2', organisation: 'acme-security', role: 'CONTRIBUTOR', name: 'Greg Patch' },
  { personId: 'p3', organisation: 'host', role: 'OWNER', name: 'Hana Host' },
  { personId: 'p4', organisation: 'host', role: 'READER' },
];

describe('mention rules', () => {
  it('finds the mention being typed at the caret, and only after white space', () => {
    expect(mentionAt('Thanks @Gr', 10)).toEqual({ start: 7, query: 'Gr' });
    expect(mentionAt('@', 1)).toEqual({ start: 0, query: '' });
    expect(mentionAt('Ask @Grace Li', 13)).toEqual({ start: 4, query: 'Grace Li' });
    expect(mentionAt('mail me at pat@acme', 19)).toBeNull();
    expect(mentionAt('no mention here', 15)).toBeNull();
  });

  it('suggests named members, those whose name starts with the query first', () => {
    expect(mentionSuggestions(members, 'gr').map((m) => m.name)).toEqual(['Grace Liaison', 'Greg Patch']);
    expect(mentionSuggestions(members, 'host').map((m) => m.name)).toEqual(['Hana Host']);
    expect(mentionSuggestions(members, 'patch').map((m) => m.name)).toEqual(['Greg Patch']);
    expect(mentionSuggestions(members, 'zzz')).toEqual([]);
  });

  it('replaces the typed part with the full name and finds who a text mentions', () => {
    const text = 'Please check @Gr and reply';
    const done = insertMention(text, 16, { start: 13, query: 'Gr' }, 'Grace Liaison');
    expect(done.text).toBe('Please check @Grace Liaison and reply');
    expect(done.caret).toBe('Please check @Grace Liaison '.length);
    expect(mentionedIds(done.text, members)).toEqual(['p1']);
    expect(mentionedIds('@Grace Liaisons are many', members)).toEqual([]);
  });
});

describe('MentionInput', () => {
  function Harness() {
    const [value, setValue] = useState('');
    return (
      <>
        <MentionInput label="Your comment" value={value} onChange={setValue} members={members} />
        <output data-testid="value">{value}</output>
      </>
    );
  }

  function type(text: string) {
    const area = screen.getByLabelText('Your comment') as HTMLTextAreaElement;
    fireEvent.change(area, { target: { value: text, selectionStart: text.length, selectionEnd: text.length } });
    return area;
  }

  it('offers matching members as a listbox and completes the chosen one with the keyboard', () => {
    render(<Harness />);
    const area = type('Hi @gr');
    const list = screen.getByRole('listbox', { name: 'Members to mention' });
    const options = screen.getAllByRole('option');
    expect(options.map((option) => option.textContent)).toEqual(['Grace Liaison (gov-cert)', 'Greg Patch (acme-security)']);
    expect(area.getAttribute('aria-controls')).toBe(list.id);
    expect(area.getAttribute('aria-activedescendant')).toBe(options[0].id);

    fireEvent.keyDown(area, { key: 'ArrowDown' });
    expect(screen.getAllByRole('option')[1].getAttribute('aria-selected')).toBe('true');
    fireEvent.keyDown(area, { key: 'Enter' });

    expect(screen.getByTestId('value').textContent).toBe('Hi @Greg Patch ');
    expect(screen.queryByRole('listbox')).toBeNull();
  });

  it('completes with the mouse too, and Escape closes the list without changing the text', () => {
    render(<Harness />);
    const area = type('@ha');
    fireEvent.keyDown(area, { key: 'Escape' });
    expect(screen.queryByRole('listbox')).toBeNull();
    expect(screen.getByTestId('value').textContent).toBe('@ha');

    type('@han');
    fireEvent.mouseDown(screen.getByRole('option', { name: /Hana Host/ }));
    expect(screen.getByTestId('value').textContent).toBe('@Hana Host ');
  });

  it('shows no list outside a mention', () => {
    render(<Harness />);
    type('plain words');
    expect(screen.queryByRole('listbox')).toBeNull();
  });
});

import { fireEvent, render, screen } from '@testing-library/react';
import { useState } from 'react';
import type { PeopleFound, PersonMatch } from '../api/types';
import { fakeApi, json, settle } from '../test/fakeApi';
import { PersonPicker } from './PersonPicker';

const LIESEL: PersonMatch = { id: 'gov-7', name: 'Liesel Liaison', organisationId: 'gov-cert', organisationName: 'Government CERT' };
const LINUS: PersonMatch = {
  id: 'acme-3',
  name: 'Linus Partner',
  email: 'linus@acme-security.example',
  organisationId: 'acme-security',
  organisationName: 'ACME Security',
};

function Harness({ exclude, onChosen }: { exclude?: string[]; onChosen?: (person: PersonMatch | null) => void }) {
  const [person, setPerson] = useState<PersonMatch | null>(null);
  return (
    <PersonPicker
      label="Person"
      value={person}
      delay={0}
      exclude={exclude}
      onChange={(next) => {
        setPerson(next);
        onChosen?.(next);
      }}
    />
  );
}

async function type(text: string) {
  fireEvent.change(screen.getByRole('combobox', { name: 'Person' }), { target: { value: text } });
  await settle();
  await settle();
}

describe('PersonPicker', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('asks identity only from two characters on, and says so', async () => {
    const api = fakeApi({ 'GET /api/identity/people': { people: [], more: false } });
    render(<Harness />);
    expect(screen.getByText(/Type at least 2 letters/)).toBeTruthy();
    await type('L');
    expect(api.calls).toHaveLength(0);
    await type('Li');
    expect(api.calls.map((call) => call.path)).toEqual(['/api/identity/people?query=Li']);
  });

  it('lists name and organisation as identity tells them, and the e-mail address only where identity gives it', async () => {
    fakeApi({ 'GET /api/identity/people?query=li': { people: [LIESEL, LINUS], more: false } satisfies PeopleFound });
    render(<Harness />);
    await type('li');
    const options = screen.getAllByRole('option');
    expect(options.map((option) => option.textContent)).toEqual([
      'Liesel Liaison (Government CERT)',
      'Linus Partner (ACME Security, linus@acme-security.example)',
    ]);
    expect(screen.getByRole('status').textContent).toContain('2 people found');
  });

  it('takes a person with the arrow keys and Enter, and forgets them when the text changes', async () => {
    fakeApi({ 'GET /api/identity/people': { people: [LIESEL, LINUS], more: false } });
    const chosen = vi.fn();
    render(<Harness onChosen={chosen} />);
    await type('li');
    const input = screen.getByRole('combobox', { name: 'Person' });
    fireEvent.keyDown(input, { key: 'ArrowDown' });
    expect(input.getAttribute('aria-activedescendant')).toMatch(/-1$/);
    fireEvent.keyDown(input, { key: 'Enter' });
    expect(chosen).toHaveBeenLastCalledWith(LINUS);
    expect((input as HTMLInputElement).value).toBe('Linus Partner');
    expect(screen.getByRole('status').textContent).toBe('Chosen: Linus Partner of ACME Security.');
    expect(screen.queryByRole('listbox')).toBeNull();

    await type('Linus');
    expect(chosen).toHaveBeenLastCalledWith(null);
  });

  it('takes a person with the mouse', async () => {
    fakeApi({ 'GET /api/identity/people': { people: [LIESEL], more: false } });
    const chosen = vi.fn();
    render(<Harness onChosen={chosen} />);
    await type('lies');
    fireEvent.mouseDown(screen.getByRole('option', { name: /Liesel Liaison/ }));
    expect(chosen).toHaveBeenLastCalledWith(LIESEL);
  });

  it('leaves out people who cannot be chosen here and says when more matched than shown', async () => {
    fakeApi({ 'GET /api/identity/people': { people: [LIESEL, LINUS], more: true } });
    render(<Harness exclude={['gov-7']} />);
    await type('li');
    expect(screen.getAllByRole('option').map((option) => option.textContent)).toEqual([
      'Linus Partner (ACME Security, linus@acme-security.example)',
    ]);
    expect(screen.getByRole('status').textContent).toBe(
      '1 person found; use the arrow keys and Enter to choose. More match: type more of the name.',
    );
  });

  it('says when nobody was found, and shows identity’s refusal in words', async () => {
    fakeApi({
      'GET /api/identity/people?query=zz': { people: [], more: false },
      'GET /api/identity/people?query=zzz': () =>
        json({ type: 'urn:parley:problem:invalid-request', title: 'Invalid request', status: 400, detail: 'query: a name is at most 100 characters' }, 400, 'application/problem+json'),
    });
    render(<Harness />);
    await type('zz');
    expect(screen.getByRole('status').textContent).toContain('Nobody found');
    await type('zzz');
    expect(screen.getByRole('alert').textContent).toContain('at most 100 characters');
  });
});

import { fireEvent, render, screen } from '@testing-library/react';
import { useState } from 'react';
import type { Me, WorkspaceView } from '../api/types';
import { FakeXhr } from '../test/FakeXhr';
import { DocumentUpload } from './DocumentUpload';
import { initialChoice, LabelPicker, labelProblem, type LabelChoice } from './LabelPicker';

const me: Me = { id: 'me', name: 'Pat', email: null, organisation: 'acme-security', organisationType: 'VENDOR', roles: ['member'] };

function workspace(labelCeiling: string): WorkspaceView {
  return {
    id: 'w1',
    name: 'Safer updates',
    purpose: '',
    labelCeiling,
    myRole: 'CONTRIBUTOR',
    createdAt: '2026-01-01T00:00:00Z',
    members: [
      { personId: 'me', organisation: 'acme-security', role: 'CONTRIBUTOR', name: 'Pat' },
      { personId: 'p2', organisation: 'gov-cert', role: 'READER', name: 'Grace Liaison' },
      { personId: 'p3', organisation: 'host', role: 'OWNER', name: 'Hana Host' },
    ],
  };
}

function Picker({ ceiling }: { ceiling: string }) {
  const [choice, setChoice] = useState<LabelChoice>(initialChoice(ceiling));
  return <LabelPicker ceiling={ceiling} value={choice} onChange={setChoice} members={workspace(ceiling).members} myId="me" myOrganisation="acme-security" />;
}

function radioNames(): string[] {
  return screen.getAllByRole('radio').map((radio) => radio.getAttribute('aria-label') ?? '');
}

describe('LabelPicker', () => {
  it('never offers a label above the workspace ceiling', () => {
    render(<Picker ceiling="TLP:AMBER" />);
    expect(radioNames()).toEqual(['TLP:CLEAR', 'TLP:GREEN', 'TLP:AMBER']);
    expect(screen.queryByRole('radio', { name: 'TLP:RED' })).toBeNull();
    // the default is the most restrictive allowed label that needs no names
    expect((screen.getByRole('radio', { name: 'TLP:AMBER' }) as HTMLInputElement).checked).toBe(true);
  });

  it('offers all five under a TLP:RED ceiling, defaulting to AMBER+STRICT rather than RED', () => {
    render(<Picker ceiling="TLP:RED" />);
    expect(radioNames()).toEqual(['TLP:CLEAR', 'TLP:GREEN', 'TLP:AMBER', 'TLP:AMBER+STRICT', 'TLP:RED']);
    expect((screen.getByRole('radio', { name: 'TLP:AMBER+STRICT' }) as HTMLInputElement).checked).toBe(true);
  });

  it('asks for named people for TLP:RED, never offering the uploader', () => {
    render(<Picker ceiling="TLP:RED" />);
    fireEvent.click(screen.getByRole('radio', { name: 'TLP:RED' }));
    const group = screen.getByRole('group', { name: 'People who may see it (at least one)' });
    expect(group.textContent).toContain('Grace Liaison');
    expect(group.textContent).not.toContain('Pat');
  });

  it('asks for other organisations for TLP:AMBER+STRICT', () => {
    render(<Picker ceiling="TLP:RED" />);
    const group = screen.getByRole('group', { name: 'Other organisations that may see it' });
    expect(screen.getAllByRole('checkbox').map((box) => box.parentElement?.textContent)).toEqual(['gov-cert', 'host']);
    expect(group).toBeTruthy();
  });

  it('refuses RED without names and anything above the ceiling', () => {
    expect(labelProblem({ label: 'RED', namedPeople: [], namedOrganisations: [] }, 'TLP:RED')).toMatch(/name at least one person/);
    expect(labelProblem({ label: 'RED', namedPeople: ['p2'], namedOrganisations: [] }, 'TLP:RED')).toBeNull();
    expect(labelProblem({ label: 'RED', namedPeople: ['p2'], namedOrganisations: [] }, 'TLP:AMBER')).toMatch(/above this workspace’s ceiling/);
  });
});

describe('DocumentUpload', () => {
  beforeEach(() => {
    FakeXhr.created = [];
  });

  function choose(name: string) {
    fireEvent.change(screen.getByLabelText('Document file'), { target: { files: [new File(['x'], name)] } });
  }

  it('refuses to send a TLP:RED document that names nobody', () => {
    render(<DocumentUpload workspace={workspace('TLP:RED')} me={me} onUploaded={vi.fn()} createXhr={FakeXhr.factory()} />);
    fireEvent.click(screen.getByRole('radio', { name: 'TLP:RED' }));
    choose('plan.pdf');
    expect(FakeXhr.created).toHaveLength(0);
    expect(screen.getByRole('alert').textContent).toMatch(/TLP:RED: name at least one person/);
  });

  it('sends the label and the named people with the file', () => {
    render(<DocumentUpload workspace={workspace('TLP:RED')} me={me} onUploaded={vi.fn()} createXhr={FakeXhr.factory()} />);
    fireEvent.click(screen.getByRole('radio', { name: 'TLP:RED' }));
    fireEvent.click(screen.getByRole('checkbox', { name: /Grace Liaison/ }));
    fireEvent.change(screen.getByLabelText(/^Title/), { target: { value: 'Recovery plan' } });
    choose('plan.pdf');
    const xhr = FakeXhr.latest();
    expect(xhr.url).toBe('/api/workspaces/w1/documents');
    const body = xhr.body as FormData;
    expect(body.get('label')).toBe('TLP:RED');
    expect(body.getAll('namedPeople')).toEqual(['p2']);
    expect(body.getAll('namedOrganisations')).toEqual([]);
    expect(body.get('title')).toBe('Recovery plan');
    expect(screen.getByRole('progressbar', { name: 'Upload progress' })).toBeTruthy();
  });
});

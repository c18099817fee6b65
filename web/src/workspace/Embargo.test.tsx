import { act, fireEvent, render, screen } from '@testing-library/react';
import type { Me, ParleyDocument, WorkspaceView } from '../api/types';
import { fakeApi, json, settle } from '../test/fakeApi';
import { countdown, Embargo, instantOf, localInput } from './Embargo';

const uploader: Me = { id: 'me', name: 'Pat', email: null, organisation: 'acme-security', organisationType: 'VENDOR', roles: ['member'] };
const colleague: Me = { ...uploader, id: 'p4', name: 'Cole' };

function workspace(myRole: WorkspaceView['myRole'] = 'CONTRIBUTOR'): WorkspaceView {
  return {
    id: 'w1',
    name: 'Advisories',
    purpose: '',
    labelCeiling: 'TLP:RED',
    myRole,
    createdAt: '2026-01-01T00:00:00Z',
    members: [
      { personId: 'me', organisation: 'acme-security', role: 'CONTRIBUTOR', name: 'Pat' },
      { personId: 'p2', organisation: 'gov-cert', role: 'READER', name: 'Grace Liaison' },
      { personId: 'p4', organisation: 'acme-security', role: 'CONTRIBUTOR', name: 'Cole' },
    ],
  };
}

const base = {
  id: 'd1',
  workspaceId: 'w1',
  title: 'Advisory 42',
  label: 'TLP:AMBER+STRICT',
  namedPeople: [],
  namedOrganisations: [],
  uploadedBy: 'me',
  uploaderOrganisationId: 'acme-security',
  latestVersion: 1,
  versions: [],
} as unknown as ParleyDocument;

const PATH = '/api/workspaces/w1/documents/d1/embargo';

describe('countdown', () => {
  it('says how long is left in days, hours and minutes, seconds only in the last minute', () => {
    const now = Date.parse('2030-01-01T00:00:00Z');
    expect(countdown('2030-01-03T03:04:30Z', now)).toBe('2 days 3 h 4 min');
    expect(countdown('2030-01-01T05:00:00Z', now)).toBe('5 h 0 min');
    expect(countdown('2030-01-01T00:00:42Z', now)).toBe('42 s');
    expect(countdown('2030-01-01T00:00:00Z', now)).toBe('ending now');
  });

  it('turns local wall time into an instant and back', () => {
    const iso = '2030-05-06T07:08:00.000Z';
    expect(instantOf(localInput(iso))).toBe(iso);
    expect(instantOf('')).toBeNull();
  });
});

describe('Embargo', () => {
  afterEach(() => {
    vi.useRealTimers();
    vi.unstubAllGlobals();
  });

  it('shows the embargo, what the document becomes and a countdown that moves with the clock', () => {
    vi.useFakeTimers();
    vi.setSystemTime(new Date('2030-01-01T10:00:00Z'));
    const document = {
      ...base,
      embargo: { until: '2030-01-01T12:00:00Z', label: 'TLP:GREEN', namedPeople: [], namedOrganisations: [], setBy: 'me', setAt: '2029-12-31T09:00:00Z' },
    };
    render(<Embargo workspace={workspace()} document={document} me={colleague} onChanged={() => {}} />);

    const group = screen.getByRole('group', { name: 'Embargo' });
    expect(group.textContent).toContain('Embargoed until');
    expect(group.textContent).toContain('TLP:GREEN');
    expect(group.textContent).toContain('Set by Pat');
    expect(screen.getByRole('timer').textContent).toBe('(2 h 0 min left)');

    act(() => {
      vi.advanceTimersByTime(61 * 60 * 1000);
    });
    expect(screen.getByRole('timer').textContent).toBe('(59 min left)');
  });

  it('lets the uploader set an embargo and sends the end as an instant with the label it becomes', async () => {
    const api = fakeApi({ [`PUT ${PATH}`]: () => json({ ...base }) });
    const changed = vi.fn();
    render(<Embargo workspace={workspace()} document={base} me={uploader} onChanged={changed} />);
    fireEvent.click(screen.getByRole('button', { name: 'Set an embargo…' }));

    fireEvent.change(screen.getByLabelText('Ends at (your time zone)'), { target: { value: '2099-03-04T05:06' } });
    fireEvent.click(screen.getByRole('radio', { name: 'TLP:GREEN' }));
    fireEvent.click(screen.getByRole('button', { name: 'Set embargo' }));
    await settle();

    expect(api.sent('PUT', PATH).map((call) => call.body)).toEqual([
      { until: new Date('2099-03-04T05:06').toISOString(), label: 'TLP:GREEN', namedPeople: [], namedOrganisations: [] },
    ]);
    expect(changed).toHaveBeenCalled();
  });

  it('refuses before sending an end in the past or a label narrower than the current one', async () => {
    const api = fakeApi({});
    render(<Embargo workspace={workspace()} document={base} me={uploader} onChanged={() => {}} />);
    fireEvent.click(screen.getByRole('button', { name: 'Set an embargo…' }));

    fireEvent.change(screen.getByLabelText('Ends at (your time zone)'), { target: { value: '2001-01-01T00:00' } });
    fireEvent.click(screen.getByRole('button', { name: 'Set embargo' }));
    expect(screen.getByText('The embargo must end in the future.')).toBeTruthy();

    fireEvent.change(screen.getByLabelText('Ends at (your time zone)'), { target: { value: '2099-01-01T00:00' } });
    fireEvent.click(screen.getByRole('radio', { name: 'TLP:RED' }));
    fireEvent.click(screen.getByRole('checkbox', { name: /Grace Liaison/ }));
    fireEvent.click(screen.getByRole('button', { name: 'Set embargo' }));
    expect(screen.getByText(/must become wider than TLP:AMBER\+STRICT/)).toBeTruthy();
    expect(api.calls).toHaveLength(0);
  });

  it('offers a contributor who is not the uploader no form to set one, but lets them extend or cancel one', async () => {
    const api = fakeApi({ [`DELETE ${PATH}`]: () => json(null, 204) });
    const { rerender } = render(<Embargo workspace={workspace()} document={base} me={colleague} onChanged={() => {}} />);
    expect(screen.queryByRole('button', { name: 'Set an embargo…' })).toBeNull();
    expect(screen.getByText(/Only the uploader or a workspace owner can set one/)).toBeTruthy();

    const changed = vi.fn();
    const embargoed = {
      ...base,
      embargo: { until: '2099-01-01T00:00:00Z', label: 'TLP:GREEN', namedPeople: [], namedOrganisations: [], setBy: 'me', setAt: '2029-12-31T09:00:00Z' },
    };
    rerender(<Embargo workspace={workspace()} document={embargoed} me={colleague} onChanged={changed} />);
    fireEvent.click(screen.getByRole('button', { name: 'Change embargo' }));
    expect(screen.getByRole('form', { name: 'Change the embargo' }).textContent).toContain('only the uploader or an owner can bring it forward');
    fireEvent.click(screen.getByRole('button', { name: 'Keep it as it is' }));
    fireEvent.click(screen.getByRole('button', { name: 'Cancel embargo' }));
    await settle();

    expect(api.sent('DELETE', PATH)).toHaveLength(1);
    expect(changed).toHaveBeenCalled();
  });

  it('shows why the service refused the embargo', async () => {
    fakeApi({
      [`PUT ${PATH}`]: () =>
        json(
          {
            type: 'urn:parley:problem:embargo-not-wider',
            title: 'Unprocessable Content',
            status: 422,
            detail: 'An embargo must widen who can see the document.',
          },
          422,
          'application/problem+json',
        ),
    });
    render(<Embargo workspace={workspace()} document={base} me={uploader} onChanged={() => {}} />);
    fireEvent.click(screen.getByRole('button', { name: 'Set an embargo…' }));
    fireEvent.change(screen.getByLabelText('Ends at (your time zone)'), { target: { value: '2099-03-04T05:06' } });
    fireEvent.click(screen.getByRole('button', { name: 'Set embargo' }));
    await settle();

    expect(screen.getByText(/An embargo must widen who can see the document/)).toBeTruthy();
  });

  it('shows readers the embargo without any way to change it', () => {
    const embargoed = {
      ...base,
      embargo: { until: '2099-01-01T00:00:00Z', label: 'TLP:GREEN', namedPeople: [], namedOrganisations: [], setBy: 'me', setAt: '2029-12-31T09:00:00Z' },
    };
    render(<Embargo workspace={workspace('READER')} document={embargoed} me={colleague} onChanged={() => {}} />);
    expect(screen.getByRole('group', { name: 'Embargo' })).toBeTruthy();
    expect(screen.queryByRole('button')).toBeNull();
  });
});

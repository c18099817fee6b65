import { fireEvent, render, screen } from '@testing-library/react';
import { fakeApi, json, settle } from '../test/fakeApi';
import { PreferencesPage } from './PreferencesPage';

const PREFERENCES = {
  timeZone: 'Europe/Berlin',
  channels: {
    'workspace.comment.posted': 'IN_APP',
    'workspace.acknowledgement.requested': 'EMAIL',
  },
  mandatory: ['workspace.acknowledgement.requested'],
};

function option(select: HTMLElement, value: string): HTMLOptionElement {
  return [...(select as HTMLSelectElement).options].find((candidate) => candidate.value === value)!;
}

describe('PreferencesPage', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('offers every channel, but never Off for a mandatory event type', async () => {
    fakeApi({ 'GET /api/notifications/preferences': PREFERENCES });
    render(<PreferencesPage />);
    await settle();
    const mandatory = screen.getByLabelText('You are asked to acknowledge a document');
    const optional = screen.getByLabelText('Comments and mentions');
    expect(option(mandatory, 'OFF').disabled).toBe(true);
    expect(option(mandatory, 'DIGEST').disabled).toBe(false);
    expect(mandatory.getAttribute('aria-describedby')).toBeTruthy();
    expect(screen.getByText(/Required: cannot be turned off/)).toBeTruthy();
    expect(option(optional, 'OFF').disabled).toBe(false);
    expect((screen.getByLabelText(/^Time zone/) as HTMLSelectElement).value).toBe('Europe/Berlin');
  });

  it('saves the channels and the time zone', async () => {
    const api = fakeApi({
      'GET /api/notifications/preferences': PREFERENCES,
      'PUT /api/notifications/preferences': () => json(null, 204),
    });
    render(<PreferencesPage />);
    await settle();
    fireEvent.change(screen.getByLabelText('Comments and mentions'), { target: { value: 'OFF' } });
    fireEvent.change(screen.getByLabelText(/^Time zone/), { target: { value: 'America/New_York' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save preferences' }));
    await settle();
    expect(api.sent('PUT', '/api/notifications/preferences')[0].body).toEqual({
      timeZone: 'America/New_York',
      channels: { 'workspace.comment.posted': 'OFF', 'workspace.acknowledgement.requested': 'EMAIL' },
    });
    expect(screen.getByText('Preferences saved.')).toBeTruthy();
  });

  it('shows the service’s words when it refuses', async () => {
    fakeApi({
      'GET /api/notifications/preferences': PREFERENCES,
      'PUT /api/notifications/preferences': () =>
        json({ status: 422, title: 'Mandatory', detail: 'Acknowledgement requests cannot be turned off.' }, 422, 'application/problem+json'),
    });
    render(<PreferencesPage />);
    await settle();
    fireEvent.click(screen.getByRole('button', { name: 'Save preferences' }));
    await settle();
    expect(screen.getByRole('alert').textContent).toContain('Acknowledgement requests cannot be turned off.');
  });
});

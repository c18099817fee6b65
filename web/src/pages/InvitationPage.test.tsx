import { fireEvent, render, screen } from '@testing-library/react';
import { InvitationPage } from './InvitationPage';

const TOKEN = 'A'.repeat(43);

function respond(status: number, body: unknown, contentType = 'application/json') {
  return vi.spyOn(window, 'fetch').mockResolvedValue(
    new Response(JSON.stringify(body), { status, headers: { 'Content-Type': contentType } }),
  );
}

describe('InvitationPage', () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it('posts the token once the invitee accepts and tells them to check their e-mail', async () => {
    const fetch = respond(202, { email: 'grace@gov-cert.example', secondFactorRequired: true, next: 'Check your e-mail: go on there.' });
    render(<InvitationPage token={TOKEN} />);
    expect(fetch).not.toHaveBeenCalled();

    fireEvent.click(screen.getByRole('button', { name: 'Accept invitation' }));

    expect((await screen.findByRole('status')).textContent).toContain('Check your e-mail: go on there.');
    expect(screen.getByRole('status').textContent).toContain('authenticator app');
    const [path, init] = fetch.mock.calls[0];
    expect(path).toBe('/api/identity/invitations/acceptance');
    expect(init?.method).toBe('POST');
    expect(JSON.parse(String(init?.body))).toEqual({ token: TOKEN });
  });

  it('shows the problem in words when the link was used already, and lets them try again', async () => {
    respond(
      410,
      { type: 'urn:parley:problem:invitation-invalid', status: 410, detail: 'This invitation link is no longer valid.' },
      'application/problem+json',
    );
    render(<InvitationPage token={TOKEN} />);

    fireEvent.click(screen.getByRole('button', { name: 'Accept invitation' }));

    expect((await screen.findByRole('alert')).textContent).toContain('This invitation link is no longer valid.');
    expect((screen.getByRole('button', { name: 'Accept invitation' }) as HTMLButtonElement).disabled).toBe(false);
  });
});

import { fireEvent, render, screen, within } from '@testing-library/react';
import { fakeApi, json, settle } from '../test/fakeApi';
import { ApiClients } from './ApiClients';

const BASE = '/api/identity/organisations/acme-security/clients';
const pipeline = { clientId: 'acme-pipeline-7f3a', name: 'Release pipeline', createdAt: '2026-05-01T10:00:00Z', createdBy: 'admin-1', lastRotatedAt: null };

describe('ApiClients', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('shows a new client’s secret once, with a warning and a copy button, and never again', async () => {
    let clients = [pipeline];
    const api = fakeApi({
      [`GET ${BASE}`]: () => json(clients),
      [`POST ${BASE}`]: () => {
        clients = [...clients, { ...pipeline, clientId: 'acme-canary-91bc', name: 'Canary dashboard' }];
        return json({ clientId: 'acme-canary-91bc', name: 'Canary dashboard', secret: 's3cr3t-only-once' }, 201);
      },
    });
    const writeText = vi.fn(async () => undefined);
    vi.stubGlobal('navigator', { ...navigator, clipboard: { writeText } });
    render(<ApiClients organisationId="acme-security" />);
    await settle();
    expect(screen.getByRole('row', { name: /Release pipeline/ }).textContent).toContain('acme-pipeline-7f3a');

    fireEvent.change(screen.getByRole('textbox', { name: /Name \(what uses it/ }), { target: { value: 'Canary dashboard' } });
    fireEvent.click(screen.getByRole('button', { name: 'Create API client' }));
    await settle();
    expect(api.sent('POST', BASE)[0].body).toEqual({ name: 'Canary dashboard' });

    const shown = screen.getByRole('group', { name: 'API client Canary dashboard created' });
    expect(shown.textContent).toContain('Copy the secret now. Parley shows it only this once');
    const secret = within(shown).getByRole('textbox', { name: 'Client secret' }) as HTMLInputElement;
    expect(secret.value).toBe('s3cr3t-only-once');
    expect(secret.readOnly).toBe(true);
    expect(document.activeElement?.textContent).toBe('API client Canary dashboard created');

    fireEvent.click(within(shown).getByRole('button', { name: 'Copy secret' }));
    await settle();
    expect(writeText).toHaveBeenCalledWith('s3cr3t-only-once');
    expect(within(shown).getByRole('status').textContent).toBe('Copied to the clipboard.');

    // the list (reloaded) has the new client, without its secret
    expect(screen.getByRole('row', { name: /Canary dashboard/ }).textContent).not.toContain('s3cr3t');

    fireEvent.click(within(shown).getByRole('button', { name: 'I have stored the secret' }));
    expect(screen.queryByRole('group', { name: /created/ })).toBeNull();
    expect(document.body.textContent).not.toContain('s3cr3t-only-once');
  });

  it('revokes only after a confirmation that says what stops working', async () => {
    const api = fakeApi({ [`GET ${BASE}`]: [pipeline], [`DELETE ${BASE}/acme-pipeline-7f3a`]: () => json(null, 204) });
    render(<ApiClients organisationId="acme-security" />);
    await settle();
    fireEvent.click(screen.getByRole('button', { name: 'Revoke Release pipeline' }));
    expect(api.sent('DELETE', `${BASE}/acme-pipeline-7f3a`)).toHaveLength(0);
    const confirm = screen.getByRole('group', { name: 'Revoke Release pipeline?' });
    expect(confirm.textContent).toContain('This cannot be undone');
    fireEvent.click(within(confirm).getByRole('button', { name: 'Keep it as it is' }));
    expect(screen.queryByRole('group', { name: 'Revoke Release pipeline?' })).toBeNull();

    fireEvent.click(screen.getByRole('button', { name: 'Revoke Release pipeline' }));
    fireEvent.click(screen.getByRole('button', { name: 'Yes, revoke Release pipeline' }));
    await settle();
    expect(api.sent('DELETE', `${BASE}/acme-pipeline-7f3a`)).toHaveLength(1);
  });

  it('rotates after confirming and shows the new secret once', async () => {
    const api = fakeApi({ [`GET ${BASE}`]: [pipeline], [`POST ${BASE}/acme-pipeline-7f3a/rotate`]: { clientId: 'acme-pipeline-7f3a', secret: 'n3w-s3cr3t' } });
    render(<ApiClients organisationId="acme-security" />);
    await settle();
    fireEvent.click(screen.getByRole('button', { name: 'Rotate secret of Release pipeline' }));
    expect(screen.getByRole('group', { name: 'Rotate the secret of Release pipeline?' }).textContent).toContain('the old one stops working at once');
    fireEvent.click(screen.getByRole('button', { name: 'Yes, rotate the secret of Release pipeline' }));
    await settle();
    expect(api.sent('POST', `${BASE}/acme-pipeline-7f3a/rotate`)).toHaveLength(1);
    const shown = screen.getByRole('group', { name: 'New secret for Release pipeline' });
    expect((within(shown).getByRole('textbox', { name: 'Client secret' }) as HTMLInputElement).value).toBe('n3w-s3cr3t');
  });
});

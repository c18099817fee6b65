import { fireEvent, render, screen, within } from '@testing-library/react';
import { fakeApi, json, settle } from '../test/fakeApi';
import { Webhooks, type WebhookDelivery, type WebhookEndpoint } from './Webhooks';

const BASE = '/api/notifications/organisations/acme-security/webhooks';
const TYPES = '/api/notifications/webhooks/event-types';
const siem: WebhookEndpoint = {
  id: 'e1',
  organisationId: 'acme-security',
  url: 'https://siem.acme.example/parley',
  eventTypes: ['workspace.document.version-added'],
  description: 'SOC',
  state: 'ACTIVE',
  createdAt: '2026-05-01T10:00:00Z',
};
const types = [
  { type: 'workspace.document.version-added', description: 'A new document version' },
  { type: 'rollouts.release.halted', description: 'A release was halted: stop the line' },
];

describe('Webhooks', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('registers an endpoint for the chosen events and shows its signing secret once', async () => {
    let endpoints: WebhookEndpoint[] = [];
    const api = fakeApi({
      [`GET ${BASE}`]: () => json(endpoints),
      [`GET ${TYPES}`]: types,
      [`POST ${BASE}`]: () => {
        endpoints = [{ ...siem, eventTypes: ['rollouts.release.halted'] }];
        return json({ endpoint: endpoints[0], secret: 'whsec_b25seS1vbmNl' }, 201);
      },
    });
    render(<Webhooks organisationId="acme-security" />);
    await settle();
    expect(screen.getByText('No webhook endpoints yet.')).toBeTruthy();
    const register = screen.getByRole('button', { name: 'Register endpoint' }) as HTMLButtonElement;
    expect(register.disabled).toBe(true);

    fireEvent.change(screen.getByRole('textbox', { name: /URL/ }), { target: { value: ' https://siem.acme.example/parley ' } });
    fireEvent.click(screen.getByRole('checkbox', { name: 'A release was halted: stop the line' }));
    fireEvent.click(register);
    await settle();

    expect(api.sent('POST', BASE)[0].body).toEqual({
      url: 'https://siem.acme.example/parley',
      eventTypes: ['rollouts.release.halted'],
      description: null,
    });
    const shown = screen.getByRole('group', { name: 'Webhook endpoint https://siem.acme.example/parley registered' });
    expect(shown.textContent).toContain('Parley shows it only this once');
    expect((within(shown).getByRole('textbox', { name: 'Signing secret' }) as HTMLInputElement).value).toBe('whsec_b25seS1vbmNl');
    expect(screen.getByRole('row', { name: /siem\.acme\.example/ }).textContent).not.toContain('whsec_');

    fireEvent.click(within(shown).getByRole('button', { name: 'I have stored the secret' }));
    expect(document.body.textContent).not.toContain('whsec_b25seS1vbmNl');
  });

  it('says in words why the address was refused', async () => {
    fakeApi({
      [`GET ${BASE}`]: [],
      [`GET ${TYPES}`]: types,
      [`POST ${BASE}`]: () =>
        json(
          {
            type: 'urn:parley:problem:webhook-address-refused',
            title: 'Address not allowed',
            status: 422,
            detail: 'The host 169.254.169.254 resolves to 169.254.169.254, a link-local address (where cloud metadata services answer): webhooks only go to public internet addresses.',
          },
          422,
          'application/problem+json',
        ),
    });
    render(<Webhooks organisationId="acme-security" />);
    await settle();
    fireEvent.change(screen.getByRole('textbox', { name: /URL/ }), { target: { value: 'https://169.254.169.254/' } });
    fireEvent.click(screen.getByRole('checkbox', { name: 'A new document version' }));
    fireEvent.click(screen.getByRole('button', { name: 'Register endpoint' }));
    await settle();
    expect(document.body.textContent).toContain('The webhook endpoint was not registered.');
    expect(document.body.textContent).toContain('webhooks only go to public internet addresses');
  });

  it('pauses, resumes, sends a test event and shows the delivery log with status, latency and attempts', async () => {
    let state: WebhookEndpoint['state'] = 'ACTIVE';
    const log: WebhookDelivery[] = [
      { id: 'msg_2', type: 'webhook.test', state: 'DELIVERED', attempts: 1, createdAt: '2026-05-02T10:00:00Z', lastAttemptAt: '2026-05-02T10:00:01Z', lastStatus: 204, lastLatencyMs: 83, test: true },
      { id: 'msg_1', type: 'workspace.document.version-added', state: 'PENDING', attempts: 3, createdAt: '2026-05-02T09:00:00Z', lastAttemptAt: '2026-05-02T09:05:00Z', nextAttemptAt: '2026-05-02T09:09:00Z', lastStatus: 500, lastLatencyMs: 120, lastError: 'HTTP 500', test: false },
    ];
    const api = fakeApi({
      [`GET ${BASE}`]: () => json([{ ...siem, state }]),
      [`GET ${TYPES}`]: types,
      [`POST ${BASE}/e1/pause`]: () => {
        state = 'PAUSED';
        return json({ ...siem, state });
      },
      [`POST ${BASE}/e1/resume`]: () => {
        state = 'ACTIVE';
        return json({ ...siem, state });
      },
      [`POST ${BASE}/e1/test`]: () => json(log[0], 202),
      [`GET ${BASE}/e1/deliveries`]: log,
    });
    render(<Webhooks organisationId="acme-security" />);
    await settle();

    fireEvent.click(screen.getByRole('button', { name: 'Pause https://siem.acme.example/parley' }));
    await settle();
    expect(api.sent('POST', `${BASE}/e1/pause`)).toHaveLength(1);
    expect(screen.getByRole('row', { name: /siem/ }).textContent).toContain('Paused');
    fireEvent.click(screen.getByRole('button', { name: 'Resume https://siem.acme.example/parley' }));
    await settle();
    expect(screen.getByRole('row', { name: /siem/ }).textContent).toContain('Active');

    fireEvent.click(screen.getByRole('button', { name: 'Send test event to https://siem.acme.example/parley' }));
    await settle();
    expect(api.sent('POST', `${BASE}/e1/test`)).toHaveLength(1);
    expect(screen.getByRole('status').textContent).toContain('A test event is on its way');
    const shown = screen.getByRole('region', { name: 'Delivery log of https://siem.acme.example/parley' });
    const rows = within(shown).getAllByRole('row');
    expect(rows[1].textContent).toContain('Test event');
    expect(rows[1].textContent).toContain('HTTP 204');
    expect(rows[1].textContent).toContain('83 ms');
    expect(rows[2].textContent).toContain('Waiting to be retried');
    expect(rows[2].textContent).toContain('HTTP 500');
    expect(rows[2].textContent).toContain('3');
  });

  it('rotates and deletes only after a confirmation', async () => {
    const api = fakeApi({
      [`GET ${BASE}`]: [siem],
      [`GET ${TYPES}`]: types,
      [`POST ${BASE}/e1/rotate`]: { endpoint: siem, secret: 'whsec_bmV3' },
      [`DELETE ${BASE}/e1`]: () => json(null, 204),
    });
    render(<Webhooks organisationId="acme-security" />);
    await settle();

    fireEvent.click(screen.getByRole('button', { name: 'Rotate secret of https://siem.acme.example/parley' }));
    expect(api.sent('POST', `${BASE}/e1/rotate`)).toHaveLength(0);
    expect(screen.getByRole('group', { name: /Rotate the signing secret/ }).textContent).toContain('the old one stops signing at once');
    fireEvent.click(screen.getByRole('button', { name: 'Yes, rotate the secret' }));
    await settle();
    const shown = screen.getByRole('group', { name: 'New secret for https://siem.acme.example/parley' });
    expect((within(shown).getByRole('textbox', { name: 'Signing secret' }) as HTMLInputElement).value).toBe('whsec_bmV3');

    fireEvent.click(screen.getByRole('button', { name: 'Delete https://siem.acme.example/parley' }));
    expect(screen.getByRole('group', { name: /Delete the webhook endpoint/ }).textContent).toContain('cannot be undone');
    fireEvent.click(screen.getByRole('button', { name: 'Yes, delete the endpoint' }));
    await settle();
    expect(api.sent('DELETE', `${BASE}/e1`)).toHaveLength(1);
  });
});

import { useId, useState, type FormEvent } from 'react';
import { api } from '../api/client';
import type { Channel, Preferences } from '../api/types';
import { useAction, useApi } from '../api/useApi';
import { Loading, Problem } from '../components/Problem';
import { Table } from '../components/Table';

export const CHANNELS: { value: Channel; text: string }[] = [
  { value: 'IN_APP', text: 'In Parley only' },
  { value: 'EMAIL', text: 'In Parley and by e-mail at once' },
  { value: 'DIGEST', text: 'In Parley and in the daily e-mail digest' },
  { value: 'OFF', text: 'Off' },
];

const EVENT_NAMES: Record<string, string> = {
  'workspace.document.version-added': 'A document or a new version is added',
  'workspace.document.label-changed': 'A document’s label changes',
  'workspace.document.quarantined': 'An upload is quarantined by the scanner',
  'workspace.comment.posted': 'Comments and mentions',
  'workspace.announcement.posted': 'Announcements',
  'workspace.acknowledgement.requested': 'You are asked to acknowledge a document',
  'workspace.acknowledgement.recorded': 'Someone acknowledges a document you asked about',
  'workspace.acknowledgement.overdue': 'An acknowledgement is overdue',
  'workspace.membership.added': 'You are added to a workspace',
  'workspace.membership.removed': 'You are removed from a workspace',
  'identity.member.access-expiring': 'Access is about to end',
  'identity.invitation.issued': 'An invitation is sent',
};

export function eventName(type: string): string {
  return EVENT_NAMES[type] ?? type;
}

function timeZones(current: string): string[] {
  const supported = (Intl as { supportedValuesOf?: (key: string) => string[] }).supportedValuesOf?.('timeZone') ?? [];
  return supported.includes(current) ? supported : [current, ...supported];
}

export function PreferencesPage() {
  const preferences = useApi<Preferences>('/api/notifications/preferences');
  return (
    <>
      <h1 id="page-heading" tabIndex={-1}>
        Notification preferences
      </h1>
      {preferences.state === 'loading' && <Loading what="Loading your preferences…" />}
      {preferences.state === 'error' && (
        <Problem error={preferences.error} what="Your preferences could not be loaded." onRetry={preferences.reload} />
      )}
      {preferences.state === 'ok' && <PreferencesForm initial={preferences.data} />}
    </>
  );
}

export function PreferencesForm({ initial }: { initial: Preferences }) {
  const id = useId();
  const [timeZone, setTimeZone] = useState(initial.timeZone || Intl.DateTimeFormat().resolvedOptions().timeZone);
  const [channels, setChannels] = useState<Record<string, Channel>>(initial.channels);
  const [saved, setSaved] = useState(false);
  const save = useAction();
  const mandatory = new Set(initial.mandatory ?? []);
  const types = Object.keys(channels).sort((a, b) => eventName(a).localeCompare(eventName(b)));

  async function submit(event: FormEvent) {
    event.preventDefault();
    setSaved(false);
    const body: Preferences = { timeZone, channels };
    if (await save.run(() => api('/api/notifications/preferences', { method: 'PUT', body }))) {
      setSaved(true);
    }
  }

  return (
    <form className="form" onSubmit={submit}>
      <Table columns={['Event', 'Channel']} caption="How you hear about each kind of event" showCaption>
        {types.map((type, index) => {
          const required = mandatory.has(type);
          return (
            <tr key={type}>
              <th scope="row">
                <label htmlFor={`${id}-${index}`}>{eventName(type)}</label>
                {required && (
                  <span className="hint" id={`${id}-${index}-required`}>
                    {' '}
                    Required: cannot be turned off.
                  </span>
                )}
              </th>
              <td>
                <select
                  id={`${id}-${index}`}
                  value={channels[type]}
                  aria-describedby={required ? `${id}-${index}-required` : undefined}
                  onChange={(event) => setChannels({ ...channels, [type]: event.target.value as Channel })}
                >
                  {CHANNELS.map((channel) => (
                    <option key={channel.value} value={channel.value} disabled={required && channel.value === 'OFF'}>
                      {channel.text}
                    </option>
                  ))}
                </select>
              </td>
            </tr>
          );
        })}
      </Table>
      <p className="field">
        <label htmlFor={`${id}-tz`}>Time zone (for the digest and the times in e-mails)</label>
        <select id={`${id}-tz`} value={timeZone} onChange={(event) => setTimeZone(event.target.value)}>
          {timeZones(timeZone).map((zone) => (
            <option key={zone} value={zone}>
              {zone}
            </option>
          ))}
        </select>
      </p>
      {save.error && <Problem error={save.error} what="Your preferences were not saved." />}
      <p role="status">{saved ? 'Preferences saved.' : ''}</p>
      <button type="submit" disabled={save.busy}>
        Save preferences
      </button>
    </form>
  );
}

import { useId, useState, type FormEvent } from 'react';
import { api } from '../api/client';
import type { Channel, Preferences, PreferencesChoice } from '../api/types';
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
  'workspace.document.label-changed': 'A document becomes readable to you (its label widened, or an embargo ended)',
  'workspace.document.quarantined': 'An upload is quarantined by the scanner',
  'workspace.comment.posted': 'Comments and mentions',
  'workspace.announcement.posted': 'Announcements',
  'workspace.acknowledgement.requested': 'You are asked to acknowledge a document',
  'workspace.acknowledgement.recorded': 'Someone acknowledges a document you asked about',
  'workspace.acknowledgement.overdue': 'An acknowledgement is overdue',
  'workspace.membership.added': 'You are added to a workspace',
  'workspace.membership.removed': 'You are removed from a workspace',
  'identity.member.access-expiring': 'Access is about to end',
  'identity.member.offboarded': 'Access has ended',
  'identity.invitation.issued': 'An invitation is sent',
  // rollouts (ADR 0031): the keys notifications uses, one per notice
  'rollouts.release.declared': 'A release is declared',
  'rollouts.release.scheduled': 'A release’s start needs the host’s approval (calendar conflict)',
  'rollouts.release.ring-started': 'A release enters its next ring',
  'rollouts.release.sign-off-requested': 'Your organisation is asked for its go or no-go on a ring',
  'rollouts.release.signed-off': 'An organisation says no-go to a release',
  'rollouts.release.halted': 'A release is halted: stop the line',
  'rollouts.release.resumed': 'A halted release resumes',
  'rollouts.release.rolled-back': 'A release is rolled back',
  'rollouts.release.completed': 'A release completes its rollout',
  'rollouts.release.cancelled': 'A release is cancelled',
};

/** Why a locked notice goes its one way whatever a person chooses; the fallback covers types added later. */
const LOCKED_REASONS: Record<string, string> = {
  'rollouts.release.halted': 'stopping a rollout concerns everyone taking part, so they all hear of it at once',
};

export function eventName(type: string, description?: string): string {
  return EVENT_NAMES[type] ?? description ?? type;
}

/** The order of the rows: workspace notices, then the account's, then rollouts', each by name. */
const AREAS = ['workspace.', 'identity.', 'rollouts.'];

function area(type: string): number {
  const index = AREAS.findIndex((prefix) => type.startsWith(prefix));
  return index < 0 ? AREAS.length : index;
}

interface Row {
  type: string;
  name: string;
  mandatory: boolean;
  locked: boolean;
  allowed: readonly Channel[];
  defaultChannel: Channel;
}

/**
 * One row per notice type: what the service describes (`notices`, ADR 0031), else what `channels` and
 * `mandatory` say (a service from before ADR 0031 sends no `notices`).
 */
export function preferenceRows(preferences: Preferences): Row[] {
  const notices = new Map((preferences.notices ?? []).map((notice) => [notice.type, notice]));
  const mandatory = new Set(preferences.mandatory ?? []);
  const types = new Set([...Object.keys(preferences.channels), ...notices.keys()]);
  return [...types]
    .map((type) => {
      const notice = notices.get(type);
      const required = Boolean(notice?.mandatory) || mandatory.has(type);
      // a locked notice's one allowed channel is its default (ADR 0031)
      const allowed: readonly Channel[] = notice?.locked
        ? [notice.defaultChannel]
        : notice?.allowedChannels.length
          ? notice.allowedChannels
          : CHANNELS.map((channel) => channel.value).filter((channel) => !required || channel !== 'OFF');
      return {
        type,
        name: eventName(type, notice?.description),
        mandatory: required,
        locked: Boolean(notice?.locked),
        allowed,
        defaultChannel: notice?.defaultChannel ?? allowed[0],
      };
    })
    .sort((a, b) => area(a.type) - area(b.type) || a.name.localeCompare(b.name));
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
  const rows = preferenceRows(initial);
  // a locked row shows its one channel whatever is stored, as the service delivers it
  const [channels, setChannels] = useState<Record<string, Channel>>(() =>
    Object.fromEntries(rows.map((row) => [row.type, row.locked ? row.defaultChannel : (initial.channels[row.type] ?? row.defaultChannel)])),
  );
  const [saved, setSaved] = useState(false);
  const save = useAction();

  function choose(row: Row, channel: Channel) {
    if (!row.locked && row.allowed.includes(channel)) {
      setChannels({ ...channels, [row.type]: channel });
    }
  }

  async function submit(event: FormEvent) {
    event.preventDefault();
    setSaved(false);
    // a locked notice has nothing to choose: left out, it keeps its one channel (ADR 0031)
    const chosen = Object.fromEntries(
      Object.entries(channels).filter(([type]) => !rows.some((row) => row.type === type && row.locked)),
    );
    const body: PreferencesChoice = { timeZone, channels: chosen };
    if (await save.run(() => api('/api/notifications/preferences', { method: 'PUT', body }))) {
      setSaved(true);
    }
  }

  return (
    <form className="form" onSubmit={submit}>
      <Table columns={['Event', 'Channel']} caption="How you hear about each kind of event" showCaption>
        {rows.map((row, index) => {
          const control = `${id}-${index}`;
          const note = `${control}-note`;
          return (
            <tr key={row.type}>
              <th scope="row">
                <label htmlFor={control}>{row.name}</label>
                {row.locked ? (
                  <span className="hint" id={note}>
                    {' '}
                    Always sent: {LOCKED_REASONS[row.type] ?? 'everyone concerned hears of it at once, whatever they chose'}.
                    Nobody can change this.
                  </span>
                ) : (
                  row.mandatory && (
                    <span className="hint" id={note}>
                      {' '}
                      Required: cannot be turned off.
                    </span>
                  )
                )}
              </th>
              <td>
                <select
                  id={control}
                  value={channels[row.type]}
                  disabled={row.locked}
                  aria-describedby={row.mandatory || row.locked ? note : undefined}
                  onChange={(event) => choose(row, event.target.value as Channel)}
                >
                  {CHANNELS.filter((channel) => !row.locked || row.allowed.includes(channel.value)).map((channel) => (
                    <option key={channel.value} value={channel.value} disabled={!row.allowed.includes(channel.value)}>
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

import { useId, useState, type FormEvent } from 'react';
import { api } from '../api/client';
import type { Me } from '../api/types';
import { useAction, useApi } from '../api/useApi';
import { TextField } from '../components/fields';
import { formatWhen } from '../components/format';
import { Loading, Problem } from '../components/Problem';
import { Table } from '../components/Table';
import { href } from '../router';
import { calendarDays, dayKey, step, utcDay, visibleRange, weeksOf, type CalendarDay, type CalendarView } from './calendar';
import { PolicySection } from './PolicySection';
import { RolloutTabs } from './RolloutTabs';
import type { CalendarEntry, Freeze, ReleaseCalendar } from './types';
import { kindText } from './words';

const WEEKDAYS = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];
const utcTime = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit', timeZone: 'UTC' });
const utcDate = new Intl.DateTimeFormat(undefined, { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });
const utcDayOfMonth = new Intl.DateTimeFormat(undefined, { day: 'numeric', timeZone: 'UTC' });
const utcMonthDay = new Intl.DateTimeFormat(undefined, { day: 'numeric', month: 'short', timeZone: 'UTC' });

/** Freeze windows are set by the host's organisation admins and by portal admins. */
export function mayManageFreezes(me: Me): boolean {
  return me.roles.includes('portal-admin') || (me.organisationType === 'HOST' && me.roles.includes('org-admin'));
}

interface CalendarPageProps {
  me: Me;
  /** Tests fix the day the calendar opens on. */
  today?: Date;
}

/** One calendar of every planned ring start across partners, with freezes and the per-day kernel-mode limit. */
export function CalendarPage({ me, today = new Date() }: CalendarPageProps) {
  const [view, setView] = useState<CalendarView>('weeks');
  const [anchor, setAnchor] = useState(() => utcDay(today));
  const { from, to } = visibleRange(view, anchor);
  const calendar = useApi<ReleaseCalendar>(
    `/api/rollouts/calendar?from=${encodeURIComponent(from.toISOString())}&to=${encodeURIComponent(to.toISOString())}`,
  );
  const rangeText = `${utcDate.format(from)} – ${utcDate.format(new Date(to.getTime() - 1))}`;

  return (
    <>
      <RolloutTabs current="calendar" />
      <h1 id="page-heading" tabIndex={-1}>
        Release calendar
      </h1>
      <p className="lead">
        Every planned ring start across partners, by day in UTC. Releases you may not read show as “Another release”,
        without names. Starting in a freeze, or on a day already at the kernel-mode limit, needs the host’s approval.
      </p>
      <div className="calendar-controls">
        <div className="row-actions" role="group" aria-label="Period shown">
          <button type="button" className="button-secondary" aria-pressed={view === 'weeks'} onClick={() => setView('weeks')}>
            Two weeks
          </button>
          <button type="button" className="button-secondary" aria-pressed={view === 'month'} onClick={() => setView('month')}>
            Month
          </button>
        </div>
        <div className="row-actions" role="group" aria-label="Move through the calendar">
          <button type="button" className="button-secondary" onClick={() => setAnchor(step(view, anchor, -1))}>
            Previous<span className="visually-hidden"> {view === 'weeks' ? 'two weeks' : 'month'}</span>
          </button>
          <button type="button" className="button-secondary" onClick={() => setAnchor(utcDay(today))}>
            Today
          </button>
          <button type="button" className="button-secondary" onClick={() => setAnchor(step(view, anchor, 1))}>
            Next<span className="visually-hidden"> {view === 'weeks' ? 'two weeks' : 'month'}</span>
          </button>
        </div>
      </div>
      <h2 aria-live="polite">{rangeText}</h2>
      {calendar.state === 'loading' && <Loading what="Loading the calendar…" />}
      {calendar.state === 'error' && <Problem error={calendar.error} what="The calendar could not be loaded." onRetry={calendar.reload} />}
      {calendar.state === 'ok' && (
        <>
          <CalendarGrid calendar={calendar.data} from={from} to={to} view={view} anchorMonth={anchor.getUTCMonth()} caption={rangeText} today={dayKey(utcDay(today))} />
          <Legend limit={calendar.data.kernelModeStartsPerDay} />
          <FreezeWindows freezes={calendar.data.freezes} canManage={mayManageFreezes(me)} onChanged={calendar.reload} />
        </>
      )}
      <PolicySection canEdit={me.roles.includes('portal-admin')} onSaved={calendar.reload} />
    </>
  );
}

interface CalendarGridProps {
  calendar: ReleaseCalendar;
  from: Date;
  to: Date;
  view: CalendarView;
  anchorMonth: number;
  caption: string;
  today: string;
}

function CalendarGrid({ calendar, from, to, view, anchorMonth, caption, today }: CalendarGridProps) {
  const days = calendarDays(calendar, from, to);
  const starts = days.reduce((sum, day) => sum + day.entries.length, 0);
  return (
    <>
      <p className="hint" role="status">
        {starts === 0 ? 'No ring start is planned in this period.' : `${starts} planned ring ${starts === 1 ? 'start' : 'starts'} in this period.`}
      </p>
      <div className="calendar-grid">
        <Table caption={`Planned ring starts, ${caption} (UTC)`} columns={WEEKDAYS}>
          {weeksOf(days).map((week) => (
            <tr key={week[0].key}>
              {week.map((day) => (
                <DayCell key={day.key} day={day} outside={view === 'month' && day.day.getUTCMonth() !== anchorMonth} today={day.key === today} />
              ))}
            </tr>
          ))}
        </Table>
      </div>
    </>
  );
}

function dayClassName(day: CalendarDay, outside: boolean, today: boolean): string {
  return [
    'calendar-day',
    day.freezes.length > 0 && 'day-freeze',
    day.overLimit && 'day-over-limit',
    day.collision && 'day-collision',
    outside && 'day-outside',
    today && 'day-today',
  ]
    .filter(Boolean)
    .join(' ');
}

function DayCell({ day, outside, today }: { day: CalendarDay; outside: boolean; today: boolean }) {
  const first = day.day.getUTCDate() === 1;
  return (
    <td className={dayClassName(day, outside, today)} data-day={day.key}>
      <p className="day-date">
        <time dateTime={day.key}>{first ? utcMonthDay.format(day.day) : utcDayOfMonth.format(day.day)}</time>
        {today && <span className="day-today-note"> (today)</span>}
      </p>
      {day.freezes.map((freeze) => (
        <p key={freeze.id} className="day-note day-freeze-note">
          Freeze: {freeze.reason}
        </p>
      ))}
      {day.kernelModeStarts > 0 && (
        <p className={day.overLimit ? 'day-note day-kernel day-kernel-over' : 'day-note day-kernel'}>
          Kernel-mode starts: {day.kernelModeStarts} of {day.limit}
          {day.overLimit && <strong> — over the limit</strong>}
        </p>
      )}
      {day.collision && day.collision.count > 1 && (
        <p className="day-note day-collision-note">
          {day.collision.count} ring starts on this day
          {day.collision.releaseIds.length > 0 && ', yours among them'}
        </p>
      )}
      {day.entries.length > 0 && (
        <ul className="day-entries">
          {day.entries.map((entry, index) => (
            <EntryItem key={`${entry.releaseId ?? 'hidden'}-${entry.ring}-${index}`} entry={entry} colliding={Boolean(entry.releaseId && day.collision?.releaseIds.includes(entry.releaseId))} />
          ))}
        </ul>
      )}
    </td>
  );
}

function EntryItem({ entry, colliding }: { entry: CalendarEntry; colliding: boolean }) {
  const when = utcTime.format(new Date(entry.plannedStart));
  const ring = `ring ${entry.ring + 1}${entry.visible && entry.ringName ? ` (${entry.ringName})` : ''}`;
  const kind = `${kindText(entry.kind)}${entry.kernelMode ? ', kernel mode' : ''}`;
  if (!entry.visible || !entry.releaseId) {
    return (
      <li className="calendar-entry entry-anonymous">
        <span className="entry-name">Another release</span> · {ring} · {when} UTC · {kind}
      </li>
    );
  }
  return (
    <li className={colliding ? 'calendar-entry entry-colliding' : 'calendar-entry'}>
      <a className="entry-name" href={href({ name: 'release', id: entry.releaseId })}>
        {entry.product} {entry.version}
      </a>{' '}
      · {ring} · {when} UTC · {kind}
      {entry.organisationId && ` · ${entry.organisationId}`}
    </li>
  );
}

function Legend({ limit }: { limit: number }) {
  return (
    <ul className="calendar-legend" aria-label="What the marks mean">
      <li>
        <span className="legend-swatch day-freeze" aria-hidden="true" /> Hatched day: inside a freeze window (“Freeze: …”).
      </li>
      <li>
        <span className="legend-swatch day-over-limit" aria-hidden="true" /> Thick red border: more than {limit} kernel-mode ring starts (“over the limit”).
      </li>
      <li>
        <span className="legend-swatch day-collision" aria-hidden="true" /> Amber border: several ring starts on one day.
      </li>
    </ul>
  );
}

interface FreezeWindowsProps {
  freezes: Freeze[];
  canManage: boolean;
  onChanged: () => void;
}

function FreezeWindows({ freezes, canManage, onChanged }: FreezeWindowsProps) {
  const remove = useAction();
  return (
    <section className="panel" aria-labelledby="freezes-heading">
      <h2 id="freezes-heading">Freeze windows in this period</h2>
      {freezes.length === 0 ? (
        <p className="hint">No freeze window in this period.</p>
      ) : (
        <Table columns={canManage ? ['Reason', 'From', 'To', 'Actions'] : ['Reason', 'From', 'To']}>
          {freezes.map((freeze) => (
            <tr key={freeze.id}>
              <th scope="row">{freeze.reason}</th>
              <td>{formatWhen(freeze.from)}</td>
              <td>{formatWhen(freeze.to)}</td>
              {canManage && (
                <td>
                  <button
                    type="button"
                    className="button-secondary button-small"
                    disabled={remove.busy}
                    onClick={async () => {
                      if (await remove.run(() => api(`/api/rollouts/calendar/freezes/${freeze.id}`, { method: 'DELETE' }))) {
                        onChanged();
                      }
                    }}
                  >
                    Remove<span className="visually-hidden"> the freeze “{freeze.reason}”</span>
                  </button>
                </td>
              )}
            </tr>
          ))}
        </Table>
      )}
      {remove.error && <Problem error={remove.error} what="The freeze window was not removed." />}
      {canManage && <AddFreeze onAdded={onChanged} />}
    </section>
  );
}

/** `<input type="datetime-local">` gives local wall time; the service wants an instant. */
function instant(local: string): string | null {
  const date = new Date(local);
  return local && !Number.isNaN(date.getTime()) ? date.toISOString() : null;
}

function AddFreeze({ onAdded }: { onAdded: () => void }) {
  const id = useId();
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [reason, setReason] = useState('');
  const [checked, setChecked] = useState<string | null>(null);
  const add = useAction();
  async function submit(event: FormEvent) {
    event.preventDefault();
    const start = instant(from);
    const end = instant(to);
    const problem = !start || !end ? 'Give when the freeze starts and ends.' : end <= start ? 'The freeze must end after it starts.' : !reason.trim() ? 'Say why (for example, the host’s monthly update day).' : null;
    setChecked(problem);
    if (problem || !start || !end) {
      return;
    }
    if (await add.run(() => api('/api/rollouts/calendar/freezes', { method: 'POST', body: { from: start, to: end, reason: reason.trim() } }))) {
      setFrom('');
      setTo('');
      setReason('');
      onAdded();
    }
  }
  return (
    <form className="form" onSubmit={submit} aria-labelledby={`${id}-heading`} noValidate>
      <h3 id={`${id}-heading`}>Add a freeze window</h3>
      <div className="inline-fields">
        <TextField label="Starts (your time zone)" type="datetime-local" value={from} onChange={setFrom} />
        <TextField label="Ends (your time zone)" type="datetime-local" value={to} onChange={setTo} />
      </div>
      <TextField label="Reason" maxLength={200} value={reason} onChange={setReason} />
      {checked && (
        <p className="message message-error" role="alert">
          {checked}
        </p>
      )}
      {add.error && <Problem error={add.error} what="The freeze window was not added." />}
      <button type="submit" disabled={add.busy}>
        Add freeze window
      </button>
    </form>
  );
}

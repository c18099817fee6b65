import type { CalendarEntry, Collision, Freeze, ReleaseCalendar } from './types';

/**
 * The calendar's arithmetic, in UTC days: the service counts kernel-mode starts per UTC day, so the page does too
 * (and says so), whatever the person's time zone.
 */
export type CalendarView = 'weeks' | 'month';

const DAY_MS = 86_400_000;

export function utcDay(date: Date): Date {
  return new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate()));
}

export function dayKey(date: Date): string {
  return date.toISOString().slice(0, 10);
}

export function addDays(date: Date, days: number): Date {
  return new Date(date.getTime() + days * DAY_MS);
}

/** Monday of the (UTC) week the day is in. */
export function weekStart(date: Date): Date {
  const day = utcDay(date);
  return addDays(day, -((day.getUTCDay() + 6) % 7));
}

/** The days shown: two weeks from the anchor's Monday, or whole weeks around the anchor's month. */
export function visibleRange(view: CalendarView, anchor: Date): { from: Date; to: Date } {
  if (view === 'weeks') {
    const from = weekStart(anchor);
    return { from, to: addDays(from, 14) };
  }
  const first = new Date(Date.UTC(anchor.getUTCFullYear(), anchor.getUTCMonth(), 1));
  const last = new Date(Date.UTC(anchor.getUTCFullYear(), anchor.getUTCMonth() + 1, 0));
  return { from: weekStart(first), to: addDays(weekStart(last), 7) };
}

/** The anchor one step back or forward: two weeks, or a month. */
export function step(view: CalendarView, anchor: Date, by: -1 | 1): Date {
  if (view === 'weeks') {
    return addDays(anchor, 14 * by);
  }
  return new Date(Date.UTC(anchor.getUTCFullYear(), anchor.getUTCMonth() + by, 1));
}

export interface CalendarDay {
  day: Date;
  key: string;
  entries: CalendarEntry[];
  freezes: Freeze[];
  kernelModeStarts: number;
  limit: number;
  /** More kernel-mode starts than the limit: the service's verdict when it gave one, else counted here. */
  overLimit: boolean;
  collision: Collision | null;
}

export function calendarDays(calendar: ReleaseCalendar, from: Date, to: Date): CalendarDay[] {
  const days: CalendarDay[] = [];
  for (let day = from; day < to; day = addDays(day, 1)) {
    const start = day.getTime();
    const end = start + DAY_MS;
    const key = dayKey(day);
    const entries = calendar.entries
      .filter((entry) => {
        const at = Date.parse(entry.plannedStart);
        return at >= start && at < end;
      })
      .sort((a, b) => a.plannedStart.localeCompare(b.plannedStart));
    const kernelModeStarts = entries.filter((entry) => entry.kernelMode).length;
    const collision = calendar.collisions.find((candidate) => candidate.day === key) ?? null;
    days.push({
      day,
      key,
      entries,
      freezes: calendar.freezes.filter((freeze) => Date.parse(freeze.from) < end && Date.parse(freeze.to) > start),
      kernelModeStarts,
      limit: calendar.kernelModeStartsPerDay,
      overLimit: Boolean(collision?.overLimit) || kernelModeStarts > calendar.kernelModeStartsPerDay,
      collision,
    });
  }
  return days;
}

/** Rows of seven days (the range always starts on a Monday). */
export function weeksOf<T>(days: readonly T[]): T[][] {
  const weeks: T[][] = [];
  for (let index = 0; index < days.length; index += 7) {
    weeks.push(days.slice(index, index + 7));
  }
  return weeks;
}

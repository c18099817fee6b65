import type { Member } from '../api/types';

const when = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });
const day = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium' });

export function formatWhen(iso: string | null | undefined): string {
  if (!iso) {
    return '';
  }
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : when.format(date);
}

export function formatDay(iso: string | null | undefined): string {
  if (!iso) {
    return '';
  }
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : day.format(date);
}

/** A member's name where workspace tells it, else a short, recognisable form of the id (never blank). */
export function personName(members: readonly Member[], personId: string): string {
  const member = members.find((candidate) => candidate.personId === personId);
  if (member?.name) {
    return member.name;
  }
  return member ? `Member ${personId.slice(0, 8)} (${member.organisation})` : `Person ${personId.slice(0, 8)}`;
}

/** The organisations that have people in a workspace, sorted. */
export function memberOrganisations(members: readonly Member[]): string[] {
  return [...new Set(members.map((member) => member.organisation))].sort();
}

/** `<input type="date">` gives a day; the services want an instant. End of that day in the person's time zone. */
export function endOfDay(date: string): string | null {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) {
    return null;
  }
  const local = new Date(`${date}T23:59:59`);
  return Number.isNaN(local.getTime()) ? null : local.toISOString();
}

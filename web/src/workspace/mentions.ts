import type { Member } from '../api/types';

export interface MentionQuery {
  /** Index of the `@`. */
  start: number;
  /** What was typed after it, up to the caret. */
  query: string;
}

/**
 * The mention being typed at the caret: an `@` at the start or after white space, followed by letters (and
 * single spaces, so "@Grace Li" still completes "Grace Liaison"). Null when the caret is not in one.
 */
export function mentionAt(text: string, caret: number): MentionQuery | null {
  const before = text.slice(0, caret);
  const match = /(^|\s)@([\p{L}\p{M}'’.-]*(?: [\p{L}\p{M}'’.-]+)?)$/u.exec(before);
  if (!match) {
    return null;
  }
  return { start: before.length - match[2].length - 1, query: match[2] };
}

export interface Mentionable {
  personId: string;
  name: string;
  organisation: string;
}

/** Members with a name, the ones whose name (or a word of it) starts with the query first; at most `limit`. */
export function mentionSuggestions(members: readonly Member[], query: string, limit = 8): Mentionable[] {
  const wanted = query.trim().toLocaleLowerCase();
  const named = members
    .filter((member): member is Member & { name: string } => !!member.name)
    .map((member) => ({ personId: member.personId, name: member.name, organisation: member.organisation }));
  const score = (candidate: Mentionable): number => {
    const name = candidate.name.toLocaleLowerCase();
    if (name.startsWith(wanted)) {
      return 0;
    }
    if (name.split(/\s+/).some((word) => word.startsWith(wanted))) {
      return 1;
    }
    return name.includes(wanted) ? 2 : -1;
  };
  return named
    .map((candidate) => ({ candidate, rank: score(candidate) }))
    .filter(({ rank }) => rank >= 0)
    .sort((a, b) => a.rank - b.rank || a.candidate.name.localeCompare(b.candidate.name))
    .slice(0, limit)
    .map(({ candidate }) => candidate);
}

/** Replaces the `@query` at `mention` with `@Full Name ` and says where the caret goes. */
export function insertMention(text: string, caret: number, mention: MentionQuery, name: string): { text: string; caret: number } {
  const inserted = `@${name} `;
  const after = text.slice(caret).replace(/^ /, '');
  return { text: text.slice(0, mention.start) + inserted + after, caret: mention.start + inserted.length };
}

/** The members a finished text mentions by `@Full Name` (the ids travel with the comment; ADR 0013). */
export function mentionedIds(text: string, members: readonly Member[]): string[] {
  return members
    .filter((member) => member.name && new RegExp(`(^|\\s)@${escape(member.name)}(?![\\p{L}\\p{M}])`, 'u').test(text))
    .map((member) => member.personId);
}

function escape(value: string): string {
  return value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

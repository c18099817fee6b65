import type { ApiError } from './problem';

/**
 * What a refused form's problem detail says about each field, keyed by the field's path as the request body spells
 * it (`product`, `rings[1].gates.maxCrashPerMille`), so that a form can show each sentence next to its control.
 *
 * Two shapes are read: platform's `InputProblems` writes `detail` as `field: message; field: message`, and an
 * `errors` extension (RFC 9457's example) as `[{pointer: "#/rings/1/name", detail}]` or `[{field, message}]`.
 * A detail written only in words (the rollouts service names fields in sentences) maps to no field: the form still
 * shows the whole detail above the fields, so nothing the service said is lost.
 */
export type FieldProblems = Record<string, string>;

const FIELD_PATH = /^[A-Za-z_$][\w$]*(?:\[\d+\]|\.[A-Za-z_$][\w$]*)*$/;

/** `#/rings/1/gates/maxCrashPerMille` or `/rings/1/name` → `rings[1].gates.maxCrashPerMille`. */
export function pointerToPath(pointer: string): string {
  return pointer
    .replace(/^#?\//, '')
    .split('/')
    .filter((part) => part !== '')
    .map((part) => part.replace(/~1/g, '/').replace(/~0/g, '~'))
    .reduce((path, part) => (/^\d+$/.test(part) ? `${path}[${part}]` : path ? `${path}.${part}` : part), '');
}

function add(problems: FieldProblems, path: string, message: string) {
  problems[path] = problems[path] ? `${problems[path]}; ${message}` : message;
}

export function fieldProblems(error: ApiError | null): FieldProblems {
  const problems: FieldProblems = {};
  if (!error?.problem || (error.status !== 400 && error.status !== 422)) {
    return problems;
  }
  const { detail, errors } = error.problem;
  if (Array.isArray(errors)) {
    for (const entry of errors as unknown[]) {
      if (typeof entry !== 'object' || entry === null) {
        continue;
      }
      const { pointer, field, detail: entryDetail, message } = entry as Record<string, unknown>;
      const path = typeof pointer === 'string' ? pointerToPath(pointer) : typeof field === 'string' ? field : null;
      const text = typeof entryDetail === 'string' ? entryDetail : typeof message === 'string' ? message : null;
      if (path && text) {
        add(problems, path, text);
      }
    }
  }
  if (typeof detail === 'string') {
    for (const part of detail.split(/;\s+/)) {
      const colon = part.indexOf(': ');
      const path = colon > 0 ? part.slice(0, colon).trim() : '';
      if (FIELD_PATH.test(path)) {
        add(problems, path, part.slice(colon + 2).trim());
      }
    }
  }
  return problems;
}

import { useId } from 'react';
import type { Member } from '../api/types';
import { CheckboxList } from '../components/CheckboxList';
import { memberOrganisations, personName } from '../components/format';
import { labelsWithin, parseTlp, TLP, TlpBadge, type Tlp } from '../components/TlpBadge';

/** A label and the audience it names (ADR 0009): people for TLP:RED, organisations for TLP:AMBER+STRICT. */
export interface LabelChoice {
  label: Tlp;
  namedPeople: string[];
  namedOrganisations: string[];
}

export function initialChoice(ceiling: string): LabelChoice {
  // the most restrictive label that needs no names, within the ceiling: a safe default nobody has to think about
  const allowed = labelsWithin(parseTlp(ceiling) ?? 'CLEAR');
  const safe = allowed.filter((label) => label !== 'RED');
  return { label: safe[safe.length - 1] ?? 'CLEAR', namedPeople: [], namedOrganisations: [] };
}

/** What is missing before a document with this choice can be sent; null when nothing is. */
export function labelProblem(choice: LabelChoice, ceiling: string): string | null {
  const top = parseTlp(ceiling);
  if (top === null || !labelsWithin(top).includes(choice.label)) {
    return `${TLP[choice.label].text} is above this workspace’s ceiling. Choose a lower label.`;
  }
  if (choice.label === 'RED' && choice.namedPeople.length === 0) {
    return 'TLP:RED: name at least one person who may see it.';
  }
  return null;
}

/** The audience fields as the API wants them: only the names the label uses. */
export function choiceFields(choice: LabelChoice): { label: string; namedPeople: string[]; namedOrganisations: string[] } {
  return {
    label: TLP[choice.label].text,
    namedPeople: choice.label === 'RED' ? choice.namedPeople : [],
    namedOrganisations: choice.label === 'AMBER+STRICT' ? choice.namedOrganisations : [],
  };
}

interface LabelPickerProps {
  ceiling: string;
  value: LabelChoice;
  onChange: (choice: LabelChoice) => void;
  members: readonly Member[];
  /** The uploader: always in the audience, so not offered as a name (nor their organisation). */
  myId: string;
  myOrganisation: string | null;
  legend?: string;
  /** Who shares the thing, in the audience sentences: the uploader of a document, the declarer of a release. */
  sharer?: string;
}

/**
 * Radio buttons for the labels up to the workspace's ceiling (never above: the service would refuse it, and a
 * person should not have to find that out), each with FIRST's wording; then the names the label needs.
 */
export function LabelPicker({ ceiling, value, onChange, members, myId, myOrganisation, legend = 'Handling label', sharer = 'uploader' }: LabelPickerProps) {
  const said = (text: string) => text.replace(/uploader/g, sharer);
  const name = useId();
  const top = parseTlp(ceiling);
  const allowed = top ? labelsWithin(top) : ['CLEAR' as Tlp];
  const people = members.filter((member) => member.personId !== myId);
  const organisations = memberOrganisations(members).filter((org) => org !== myOrganisation);

  return (
    <div className="label-picker">
      <fieldset>
        <legend>{legend}</legend>
        <p className="hint">This workspace allows labels up to <TlpBadge label={ceiling} />.</p>
        <ul className="choices">
          {allowed.map((label) => (
            <li key={label}>
              <label className="choice">
                <input
                  type="radio"
                  name={name}
                  value={TLP[label].text}
                  checked={value.label === label}
                  onChange={() => onChange({ ...value, label })}
                  aria-label={TLP[label].text}
                  aria-describedby={`${name}-${label}`}
                />
                <TlpBadge label={label} />
                <span className="choice-hint" id={`${name}-${label}`}>
                  {said(TLP[label].audience)}
                </span>
              </label>
            </li>
          ))}
        </ul>
      </fieldset>
      {value.label === 'RED' && (
        <fieldset>
          <legend>People who may see it (at least one)</legend>
          {people.length === 0 ? (
            <p className="hint">Nobody else is in this workspace yet: TLP:RED needs someone named.</p>
          ) : (
            <CheckboxList
              items={people.map((member) => ({
                value: member.personId,
                label: (
                  <>
                    {personName(members, member.personId)} <span className="hint">({member.organisation})</span>
                  </>
                ),
              }))}
              selected={value.namedPeople}
              onChange={(namedPeople) => onChange({ ...value, namedPeople })}
            />
          )}
        </fieldset>
      )}
      {value.label === 'AMBER+STRICT' && (
        <fieldset>
          <legend>Other organisations that may see it</legend>
          <p className="hint">{said('Workspace members of the uploader’s organisation see it; tick the other organisations that need to.')}</p>
          {organisations.length === 0 ? (
            <p className="hint">No other organisation is in this workspace.</p>
          ) : (
            <CheckboxList
              items={organisations.map((organisation) => ({ value: organisation, label: organisation }))}
              selected={value.namedOrganisations}
              onChange={(namedOrganisations) => onChange({ ...value, namedOrganisations })}
            />
          )}
        </fieldset>
      )}
    </div>
  );
}

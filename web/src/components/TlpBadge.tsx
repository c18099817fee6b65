/**
 * Handling labels after FIRST's Traffic Light Protocol 2.0 (https://www.first.org/tlp/): the label's colour on a
 * black background, as FIRST prints them, and always the label's text. Colour never carries the meaning alone.
 */
export const TLP_LEVELS = ['CLEAR', 'GREEN', 'AMBER', 'AMBER+STRICT', 'RED'] as const;

export type Tlp = (typeof TLP_LEVELS)[number];

interface TlpInfo {
  /** The label exactly as TLP 2.0 writes it. */
  text: string;
  /** FIRST's wording of what a recipient may do. */
  sharing: string;
  /** Who can see a document with this label in a Parley workspace (the workspace service enforces it). */
  audience: string;
  /** FIRST's RGB value for the text, on black. */
  colour: string;
}

export const TLP: Record<Tlp, TlpInfo> = {
  CLEAR: {
    text: 'TLP:CLEAR',
    sharing: 'Recipients can spread this to the world, there is no limit on disclosure.',
    audience: 'All members of the workspace.',
    colour: '#FFFFFF',
  },
  GREEN: {
    text: 'TLP:GREEN',
    sharing: 'Limited disclosure, recipients can spread this within their community.',
    audience: 'All members of the workspace.',
    colour: '#33FF00',
  },
  AMBER: {
    text: 'TLP:AMBER',
    sharing:
      'Limited disclosure, recipients can only spread this on a need-to-know basis within their organization and its clients.',
    audience: 'All members of the workspace.',
    colour: '#FFC000',
  },
  'AMBER+STRICT': {
    text: 'TLP:AMBER+STRICT',
    sharing: 'Limited disclosure, restricted to participants’ organization.',
    audience: 'Workspace members of the uploader’s organisation and of the organisations it names.',
    colour: '#FFC000',
  },
  RED: {
    text: 'TLP:RED',
    sharing: 'For the eyes and ears of individual recipients only, no further disclosure.',
    audience: 'Only the uploader and the people it names.',
    colour: '#FF2B2B',
  },
};

/** Accepts what services and people write: `TLP:AMBER+STRICT`, `amber+strict`, `AMBER_STRICT`, ` tlp:red `. */
export function parseTlp(value: string | null | undefined): Tlp | null {
  if (!value) {
    return null;
  }
  const normalised = value
    .trim()
    .toUpperCase()
    .replace(/^TLP\s*:\s*/, '')
    .replace(/[\s_-]*\+?[\s_-]*STRICT$/, '+STRICT')
    .replace(/^WHITE$/, 'CLEAR'); // TLP 1.0's WHITE became CLEAR in 2.0
  return (TLP_LEVELS as readonly string[]).includes(normalised) ? (normalised as Tlp) : null;
}

/** 0 = CLEAR … 4 = RED: higher is more restricted. */
export function tlpRank(label: Tlp): number {
  return TLP_LEVELS.indexOf(label);
}

/** Lowering a label widens the audience: only the uploader or an owner may do it, and it is audited. */
export function isLowering(from: Tlp, to: Tlp): boolean {
  return tlpRank(to) < tlpRank(from);
}

/** The labels a document may carry in a workspace whose label ceiling is `ceiling`. */
export function labelsWithin(ceiling: Tlp): Tlp[] {
  return TLP_LEVELS.filter((label) => tlpRank(label) <= tlpRank(ceiling));
}

export function tlpClassName(label: Tlp): string {
  return `tlp tlp-${label.toLowerCase().replace('+', '-')}`;
}

interface TlpBadgeProps {
  label: string | null | undefined;
  /** Also say, in words next to the badge, who can see it. */
  showAudience?: boolean;
}

export function TlpBadge({ label, showAudience = false }: TlpBadgeProps) {
  const tlp = parseTlp(label);
  if (tlp === null) {
    // an unknown label is a problem to notice, not something to hide or guess
    return (
      <span className="tlp tlp-unknown" title="This document's label is not one Parley knows. Treat it as TLP:RED.">
        TLP: unknown label
      </span>
    );
  }
  const info = TLP[tlp];
  return (
    <span className="tlp-with-audience">
      <span className={tlpClassName(tlp)} title={info.sharing}>
        {info.text}
      </span>
      {showAudience && <span className="tlp-audience">Visible to: {info.audience}</span>}
    </span>
  );
}

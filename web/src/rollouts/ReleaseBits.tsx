import { formatWhen } from '../components/format';
import type { Halt } from './types';
import { stateClassName, stateText } from './words';

/** The state in words on a coloured background; the words carry the meaning, the colour only repeats it. */
export function StateBadge({ state }: { state: string }) {
  return <span className={stateClassName(state)}>{stateText(state)}</span>;
}

/** The line stopped: why, when, and whether a gate did it or a person. */
export function HaltedBanner({ halted, headingLevel = 3 }: { halted: Halt; headingLevel?: 2 | 3 }) {
  const Heading = headingLevel === 2 ? 'h2' : 'h3';
  return (
    <div className="halted-banner">
      <Heading className="halted-title">{halted.automatic ? 'Halted automatically: a health gate was breached' : 'Halted by hand'}</Heading>
      <p className="halted-reason">{halted.reason}</p>
      {halted.at && (
        <p className="halted-when">
          Since <time dateTime={halted.at}>{formatWhen(halted.at)}</time>
        </p>
      )}
    </div>
  );
}

/** "acme-security, host-org and gov-cert". */
export function listOf(items: readonly string[]): string {
  if (items.length <= 1) {
    return items.join('');
  }
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

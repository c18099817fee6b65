import { useEffect, useRef, useState } from 'react';
import type { WorkspaceView } from '../api/types';
import { useApi } from '../api/useApi';
import { formatWhen, personName } from '../components/format';
import { Loading, Problem } from '../components/Problem';
import { Table } from '../components/Table';
import { TlpBadge } from '../components/TlpBadge';
import { href } from '../router';
import { ReleaseActions } from './ReleaseActions';
import { HaltedBanner, listOf, StateBadge } from './ReleaseBits';
import { rateOf, RingChart } from './RingChart';
import { RolloutTabs } from './RolloutTabs';
import type { Release, ReleaseHealth, Ring } from './types';
import { useLiveRelease } from './useLiveRelease';
import { actorName, formatCount, formatDuration, formatPerMille, gatesText, kindText, releaseAudience, ringPosition, ringTarget, stateText, timelineText } from './words';

interface ReleasePageProps {
  id: string;
  /** Tests turn the 10 s poll off or down; the notification stream still refreshes. */
  pollMs?: number;
}

export function ReleasePage({ id, pollMs }: ReleasePageProps) {
  const live = useLiveRelease(id, pollMs);
  if (live.error) {
    return (
      <>
        <RolloutTabs current={null} />
        <h1 id="page-heading" tabIndex={-1}>
          Release
        </h1>
        <Problem error={live.error} what="This release could not be loaded." onRetry={live.refresh} />
      </>
    );
  }
  if (!live.release) {
    return <Loading what="Loading the release…" />;
  }
  return <ReleaseView release={live.release} health={live.health} live={live} />;
}

interface ReleaseViewProps {
  release: Release;
  health: ReleaseHealth | null;
  live: ReturnType<typeof useLiveRelease>;
}

function ReleaseView({ release, health, live }: ReleaseViewProps) {
  // names for the people in the timeline and sign-offs: the release's readers are its workspace's members
  const workspace = useApi<WorkspaceView>(`/api/workspaces/${release.workspaceId}`);
  const members = workspace.state === 'ok' ? workspace.data.members : [];
  const nameOf = (personId: string) => (members.some((member) => member.personId === personId) ? personName(members, personId) : null);
  const announcement = useStateAnnouncement(release);

  return (
    <>
      <RolloutTabs current={null} />
      <p className="breadcrumb">
        <a href={href({ name: 'rollouts', workspaceId: null, state: null })}>Rollout board</a>
      </p>
      <h1 id="page-heading" tabIndex={-1}>
        {release.product} {release.version}
      </h1>
      <p className="release-meta">
        <StateBadge state={release.state} /> <TlpBadge label={release.label} /> <span>{kindText(release.kind)}</span>
      </p>
      <p className="visually-hidden" role="status" aria-live="polite">
        {announcement}
      </p>
      {live.stale && (
        <p className="message message-warning" role="status">
          This page could not be brought up to date: {live.stale.message} It tries again every few seconds.
        </p>
      )}
      <dl className="facts">
        <dt>State</dt>
        <dd>
          {stateText(release.state)} · {ringPosition(release)}
        </dd>
        <dt>Released by</dt>
        <dd>{release.organisationId}</dd>
        <dt>Who can read it</dt>
        <dd>{releaseAudience(release)}</dd>
        <dt>Workspace</dt>
        <dd>
          <a href={href({ name: 'workspace', id: release.workspaceId, section: 'documents' })}>
            {workspace.state === 'ok' ? workspace.data.name : 'Open the workspace'}
          </a>
        </dd>
        {release.scheduledStart && (
          <>
            <dt>Scheduled start</dt>
            <dd>{formatWhen(release.scheduledStart)}</dd>
          </>
        )}
        {release.awaitingSignOff.length > 0 && (
          <>
            <dt>Still owes a sign-off</dt>
            <dd>{listOf(release.awaitingSignOff)}</dd>
          </>
        )}
        <dt>Summary</dt>
        <dd className="release-summary">{release.summary}</dd>
      </dl>
      {release.halted && (
        <section className="halted-section" aria-label="Halt">
          <HaltedBanner halted={release.halted} headingLevel={2} />
          <p>
            Resuming needs both the releasing organisation and the host.{' '}
            {release.resumeAgreedBy.length > 0 ? `Agreed so far: ${listOf(release.resumeAgreedBy)}.` : 'Nobody has agreed to resume yet.'}
          </p>
        </section>
      )}
      {release.calendarConflicts.length > 0 && (
        <section className="message message-warning" aria-labelledby="conflicts-heading">
          <h2 id="conflicts-heading">Calendar conflicts</h2>
          <ul>
            {release.calendarConflicts.map((conflict) => (
              <li key={conflict}>{conflict}</li>
            ))}
          </ul>
          <p>
            {release.hostApproval
              ? `The host approved them (${actorName(release.hostApproval.by, nameOf)}, ${formatWhen(release.hostApproval.at)}).`
              : 'The release can start only after the host approves them.'}
          </p>
        </section>
      )}
      <section className="panel" aria-labelledby="actions-heading">
        <h2 id="actions-heading">What you can do</h2>
        <ReleaseActions release={release} onDone={live.replace} />
      </section>
      <section aria-labelledby="rings-heading">
        <h2 id="rings-heading">Rings</h2>
        {live.healthError && <Problem error={live.healthError} what="The health reports could not be loaded, so the charts are missing." onRetry={live.refresh} />}
        {release.rings.map((ring, index) => (
          <RingPanel
            key={`${index}-${ring.name}`}
            ring={ring}
            index={index}
            current={release.currentRing === index}
            reports={health?.rings.find((candidate) => candidate.ring === index)?.reports ?? []}
            nameOf={nameOf}
          />
        ))}
      </section>
      <Timeline release={release} nameOf={nameOf} />
    </>
  );
}

/** Says a change of state out loud when it arrives live (a halt while the page is open), not on the first load. */
function useStateAnnouncement(release: Release): string {
  const previous = useRef<string | null>(null);
  const [said, setSaid] = useState('');
  const key = `${release.state}:${release.currentRing}`;
  useEffect(() => {
    if (previous.current !== null && previous.current !== key) {
      const reason = release.halted ? `: ${release.halted.reason}` : '';
      setSaid(`The release is now ${stateText(release.state).toLowerCase()}, ${ringPosition(release).toLowerCase()}${reason}.`);
    }
    previous.current = key;
  }, [key, release]);
  return said;
}

interface RingPanelProps {
  ring: Ring;
  index: number;
  current: boolean;
  reports: ReleaseHealth['rings'][number]['reports'];
  nameOf: (personId: string) => string | null;
}

function RingPanel({ ring, index, current, reports, nameOf }: RingPanelProps) {
  const title = `Ring ${index + 1} (${ring.name})`;
  const latest = ring.latestHealth;
  const headingId = `ring-${index}-heading`;
  return (
    <section className={current ? 'panel ring-panel ring-current' : 'panel ring-panel'} aria-labelledby={headingId}>
      <h3 id={headingId}>
        {title}
        {current && <span className="pill ring-current-pill">Current ring</span>}
      </h3>
      <dl className="facts">
        <dt>Target</dt>
        <dd>{ringTarget(ring)}</dd>
        <dt>Minimum soak</dt>
        <dd>
          {formatDuration(ring.minSoak)}
          {ring.startedAt && ` · started ${formatWhen(ring.startedAt)}`}
          {ring.soakEndsAt && ` · soak ends ${formatWhen(ring.soakEndsAt)}`}
        </dd>
        <dt>Gates</dt>
        <dd>{gatesText(ring.gates)}</dd>
        <dt>Needs a go from</dt>
        <dd>{ring.signOffOrganisations.length > 0 ? listOf(ring.signOffOrganisations) : 'No organisation named in the plan'}</dd>
        {latest && (
          <>
            <dt>Latest report</dt>
            <dd>
              {formatWhen(latest.observedAt)}: {formatCount(latest.devicesReporting)} of {formatCount(latest.devicesUpdated)} devices reporting,
              crashes {formatPerMille(rateOf(latest.crashes, latest.crashPerMille, latest.devicesReporting))}, boot failures{' '}
              {formatPerMille(rateOf(latest.bootFailures, latest.bootFailurePerMille, latest.devicesReporting))}
            </dd>
          </>
        )}
      </dl>
      {ring.signOffs.length > 0 && (
        <Table caption={`${title}: sign-offs`} showCaption columns={['Organisation', 'Decision', 'Reason', 'By', 'When']}>
          {ring.signOffs.map((signOff) => (
            <tr key={`${signOff.organisationId}-${signOff.at}`}>
              <th scope="row">{signOff.organisationId}</th>
              <td>
                <span className={signOff.decision === 'GO' ? 'decision decision-go' : 'decision decision-no-go'}>{signOff.decision === 'GO' ? 'Go' : 'No-go'}</span>
              </td>
              <td>{signOff.reason ?? ''}</td>
              <td>{actorName(signOff.by, nameOf)}</td>
              <td>{formatWhen(signOff.at)}</td>
            </tr>
          ))}
        </Table>
      )}
      <RingChart title={title} gates={ring.gates} reports={reports} />
    </section>
  );
}

function Timeline({ release, nameOf }: { release: Release; nameOf: (personId: string) => string | null }) {
  const entries = [...release.timeline].sort((a, b) => b.at.localeCompare(a.at));
  return (
    <section className="panel" aria-labelledby="timeline-heading">
      <h2 id="timeline-heading">Timeline</h2>
      <p className="hint">Newest first.</p>
      {entries.length === 0 ? (
        <p className="hint">Nothing has happened yet.</p>
      ) : (
        <ol className="timeline" reversed>
          {entries.map((entry, index) => (
            <li key={`${entry.at}-${index}`} className={`timeline-entry timeline-${entry.kind.toLowerCase().replace(/_/g, '-')}`}>
              <p className="timeline-head">
                <strong>{timelineText(entry.kind)}</strong>
                {entry.ring !== null && entry.ring !== undefined && ` · ring ${entry.ring + 1}`} · <time dateTime={entry.at}>{formatWhen(entry.at)}</time>
                {entry.actor && ` · ${actorName(entry.actor, nameOf)}`}
              </p>
              {entry.text && <p className="timeline-text">{entry.text}</p>}
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}

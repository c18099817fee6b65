import { useState, type FormEvent } from 'react';
import type { Me, WorkspaceSummary } from '../api/types';
import { useApi } from '../api/useApi';
import { SelectField } from '../components/fields';
import { formatWhen } from '../components/format';
import { Loading, Problem } from '../components/Problem';
import { TlpBadge } from '../components/TlpBadge';
import { href, navigate, RELEASE_STATES, type ReleaseStateFilter } from '../router';
import { mayDeclare, mayDeclareIn } from './DeclareReleasePage';
import { HaltedBanner, listOf, StateBadge } from './ReleaseBits';
import { RolloutTabs } from './RolloutTabs';
import type { ReleaseCard } from './types';
import { kindText, ringPosition, STATE_TEXT } from './words';

interface RolloutBoardProps {
  me: Me;
  workspaceId: string | null;
  state: ReleaseStateFilter | null;
}

/** Stop-the-line first: halted releases lead, then the ones rolling out, then the rest; newest change first. */
const STATE_ORDER: Record<string, number> = { HALTED: 0, IN_RING: 1, SCHEDULED: 2, DRAFT: 3, COMPLETED: 4, ROLLED_BACK: 5, CANCELLED: 6 };

export function boardOrder(cards: readonly ReleaseCard[]): ReleaseCard[] {
  return [...cards].sort((a, b) => (STATE_ORDER[a.state] ?? 9) - (STATE_ORDER[b.state] ?? 9) || b.updatedAt.localeCompare(a.updatedAt));
}

export function releasesPath(workspaceId: string | null, state: string | null): string {
  const params = new URLSearchParams();
  if (workspaceId) params.set('workspaceId', workspaceId);
  if (state) params.set('state', state);
  const query = params.toString();
  return query ? `/api/rollouts/releases?${query}` : '/api/rollouts/releases';
}

/** Every release the person may read, with where it stands and who still owes a sign-off. */
export function RolloutBoard({ me, workspaceId, state }: RolloutBoardProps) {
  const releases = useApi<ReleaseCard[]>(releasesPath(workspaceId, state));
  const workspaces = useApi<WorkspaceSummary[]>('/api/workspaces');
  const known = workspaces.state === 'ok' ? workspaces.data : [];
  const workspaceName = (id: string) => known.find((workspace) => workspace.id === id)?.name ?? 'a workspace';
  const canDeclare = mayDeclare(me) && known.some(mayDeclareIn);
  return (
    <>
      <RolloutTabs current="board" />
      <h1 id="page-heading" tabIndex={-1}>
        Rollouts
      </h1>
      <p className="lead">Releases staged ring by ring: where each one stands, and who still owes a go.</p>
      {canDeclare && (
        <p>
          <a className="button" href={href({ name: 'release-declare' })}>
            Declare release
          </a>
        </p>
      )}
      <Filters workspaces={known} workspaceId={workspaceId} state={state} />
      <section aria-label="Releases">
        {releases.state === 'loading' && <Loading what="Loading releases…" />}
        {releases.state === 'error' && <Problem error={releases.error} what="The releases could not be loaded." onRetry={releases.reload} />}
        {releases.state === 'ok' && releases.data.length === 0 && (
          <div className="empty">
            <p>{workspaceId || state ? 'No release matches these filters.' : 'No release has been shared with you yet.'}</p>
          </div>
        )}
        {releases.state === 'ok' && releases.data.length > 0 && (
          <>
            <p className="hint" role="status">
              {releases.data.length === 1 ? '1 release' : `${releases.data.length} releases`}
            </p>
            <ul className="cards release-cards">
              {boardOrder(releases.data).map((card) => (
                <BoardCard key={card.id} card={card} workspace={workspaceName(card.workspaceId)} />
              ))}
            </ul>
          </>
        )}
      </section>
    </>
  );
}

function BoardCard({ card, workspace }: { card: ReleaseCard; workspace: string }) {
  return (
    <li className={card.halted ? 'card release-card release-card-halted' : 'card release-card'}>
      <h2 className="card-title">
        <a href={href({ name: 'release', id: card.id })}>
          {card.product} {card.version}
        </a>
      </h2>
      <p className="card-meta release-meta">
        <StateBadge state={card.state} /> <TlpBadge label={card.label} /> <span>{kindText(card.kind)}</span>
      </p>
      {card.halted && <HaltedBanner halted={card.halted} />}
      <p className="card-text">{ringPosition(card)}</p>
      {card.awaitingSignOff.length > 0 ? (
        <p className="owed">
          Waiting for a sign-off from <strong>{listOf(card.awaitingSignOff)}</strong>
        </p>
      ) : (
        card.state === 'IN_RING' && <p className="card-text">No sign-off owed in this ring.</p>
      )}
      <p className="card-meta">
        {card.organisationId} · {workspace}
        {card.scheduledStart && card.state === 'SCHEDULED' && <> · starts {formatWhen(card.scheduledStart)}</>}
        {' · '}updated <time dateTime={card.updatedAt}>{formatWhen(card.updatedAt)}</time>
      </p>
    </li>
  );
}

function Filters({ workspaces, workspaceId, state }: { workspaces: WorkspaceSummary[]; workspaceId: string | null; state: string | null }) {
  const [chosenWorkspace, setChosenWorkspace] = useState(workspaceId ?? '');
  const [chosenState, setChosenState] = useState(state ?? '');
  function submit(event: FormEvent) {
    event.preventDefault();
    navigate({ name: 'rollouts', workspaceId: chosenWorkspace || null, state: (chosenState || null) as ReleaseStateFilter | null });
  }
  return (
    <form className="filters" onSubmit={submit} aria-label="Filter releases">
      <SelectField
        label="Workspace"
        value={chosenWorkspace}
        onChange={setChosenWorkspace}
        options={[{ value: '', text: 'All workspaces' }, ...workspaces.map((workspace) => ({ value: workspace.id, text: workspace.name }))]}
      />
      <SelectField
        label="State"
        value={chosenState}
        onChange={setChosenState}
        options={[{ value: '', text: 'Any state' }, ...RELEASE_STATES.map((value) => ({ value, text: STATE_TEXT[value] }))]}
      />
      <button type="submit" className="button-secondary">
        Filter
      </button>
    </form>
  );
}

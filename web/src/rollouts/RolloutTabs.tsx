import { href } from '../router';

/** The two views of rollouts, above each rollout page (the main navigation has one entry, "Rollouts"). */
export function RolloutTabs({ current }: { current: 'board' | 'calendar' | null }) {
  return (
    <nav className="tabs rollout-tabs" aria-label="Rollouts">
      <ul>
        <li>
          <a href={href({ name: 'rollouts', workspaceId: null, state: null })} aria-current={current === 'board' ? 'page' : undefined}>
            Rollout board
          </a>
        </li>
        <li>
          <a href={href({ name: 'rollout-calendar' })} aria-current={current === 'calendar' ? 'page' : undefined}>
            Release calendar
          </a>
        </li>
      </ul>
    </nav>
  );
}

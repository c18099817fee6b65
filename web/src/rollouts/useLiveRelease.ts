import { useCallback, useEffect, useRef, useState } from 'react';
import { api, type ApiError } from '../api/client';
import type { Notification } from '../api/types';
import { asApiError } from '../api/useApi';
import { NOTIFICATION_EVENT } from '../notifications/unreadStream';
import { parseHash } from '../router';
import type { Release, ReleaseHealth } from './types';

/**
 * A release page that keeps itself current, two ways:
 * - at once, when the bell's stream (`parley:notification`, ADR 0013) brings a notification about this release:
 *   halts and gate breaches are mandatory notices, so a halt shows without waiting;
 * - every `pollMs` (10 s) while the tab is visible and the release is not finished, because health reports, the
 *   chart's data, notify nobody, and people may have turned ring and sign-off notices off.
 * A refresh that fails keeps what is shown and says so; only the first load turns into an error page.
 */
export const LIVE_POLL_MS = 10_000;

const FINAL_STATES = new Set(['COMPLETED', 'ROLLED_BACK', 'CANCELLED']);

/**
 * The release a notification's link opens, if it opens one: notifications links `/#/rollouts/releases/<id>`
 * (ADR 0031), the app's own links are `#/rollouts/releases/<id>`, a mail may carry the whole address; only the
 * fragment counts, read by the router.
 */
export function linkedReleaseId(link: string): string | null {
  const fragment = link.indexOf('#');
  if (fragment < 0) {
    return null;
  }
  const route = parseHash(link.slice(fragment));
  return route.name === 'release' ? route.id : null;
}

/**
 * Whether a pushed notification may be about this release: its link opens this release, or it is a rollouts
 * notice without a link (then one extra GET is cheaper than a missed halt).
 */
export function concernsRelease(item: Partial<Notification>, releaseId: string): boolean {
  if (item.link) {
    return linkedReleaseId(item.link) === releaseId;
  }
  return Boolean(item.type?.startsWith('rollouts.'));
}

export interface LiveRelease {
  release: Release | null;
  health: ReleaseHealth | null;
  /** The first load failed: nothing to show. */
  error: ApiError | null;
  healthError: ApiError | null;
  /** A later refresh failed: what is shown may be out of date. */
  stale: ApiError | null;
  refresh: () => void;
  /** An action answered with the release as it now is: show it without another round trip. */
  replace: (release: Release) => void;
}

export function useLiveRelease(id: string, pollMs: number = LIVE_POLL_MS): LiveRelease {
  const [release, setRelease] = useState<Release | null>(null);
  const [health, setHealth] = useState<ReleaseHealth | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [healthError, setHealthError] = useState<ApiError | null>(null);
  const [stale, setStale] = useState<ApiError | null>(null);
  const generation = useRef(0);
  const loaded = useRef(false);

  const refresh = useCallback(() => {
    const mine = ++generation.current;
    const current = () => mine === generation.current;
    api<Release>(`/api/rollouts/releases/${id}`).then(
      (answer) => {
        if (current()) {
          loaded.current = true;
          setRelease(answer);
          setError(null);
          setStale(null);
        }
      },
      (failure: unknown) => {
        if (current()) {
          if (loaded.current) {
            setStale(asApiError(failure));
          } else {
            setError(asApiError(failure));
          }
        }
      },
    );
    api<ReleaseHealth>(`/api/rollouts/releases/${id}/health`).then(
      (answer) => {
        if (current()) {
          setHealth(answer);
          setHealthError(null);
        }
      },
      (failure: unknown) => current() && setHealthError(asApiError(failure)),
    );
  }, [id]);

  const replace = useCallback(
    (answer: Release) => {
      setRelease(answer);
      setStale(null);
      // the release is what the action answered; its health may have moved on too
      refresh();
    },
    [refresh],
  );

  useEffect(() => {
    loaded.current = false;
    setRelease(null);
    setError(null);
    refresh();
    return () => {
      generation.current += 1; // answers still on their way are for a page that is gone
    };
  }, [refresh]);

  useEffect(() => {
    const onNotification = (event: Event) => {
      const item = (event as CustomEvent<Notification>).detail;
      if (item && concernsRelease(item, id)) {
        refresh();
      }
    };
    window.addEventListener(NOTIFICATION_EVENT, onNotification);
    return () => window.removeEventListener(NOTIFICATION_EVENT, onNotification);
  }, [id, refresh]);

  const finished = release !== null && FINAL_STATES.has(release.state);
  useEffect(() => {
    if (finished || pollMs <= 0) {
      return undefined;
    }
    const timer = window.setInterval(() => {
      if (document.visibilityState !== 'hidden') {
        refresh();
      }
    }, pollMs);
    return () => window.clearInterval(timer);
  }, [finished, pollMs, refresh]);

  return { release, health, error, healthError, stale, refresh, replace };
}

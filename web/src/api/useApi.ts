import { useCallback, useEffect, useRef, useState } from 'react';
import { api, ApiError } from './client';

export type Loadable<T> =
  | { state: 'loading' }
  | { state: 'ok'; data: T }
  | { state: 'error'; error: ApiError };

export function asApiError(error: unknown): ApiError {
  if (error instanceof ApiError) {
    return error;
  }
  // a bug of ours (bad JSON, a thrown TypeError): still words, never a blank page
  return new ApiError(-1, 'Something went wrong while loading this. Reload the page and try again.');
}

/**
 * GETs `path` whenever it changes (or `reload` is called); a newer request makes the older one irrelevant. A reload
 * of the same path keeps showing what was there until the answer comes (no flash of "Loading…", and forms below
 * keep their state and messages).
 */
export function useApi<T>(path: string): Loadable<T> & { reload: () => void } {
  const [result, setResult] = useState<Loadable<T>>({ state: 'loading' });
  const [attempt, setAttempt] = useState(0);
  const loadedPath = useRef<string | null>(null);

  useEffect(() => {
    const controller = new AbortController();
    if (loadedPath.current !== path) {
      loadedPath.current = path;
      setResult({ state: 'loading' });
    }
    api<T>(path, { signal: controller.signal }).then(
      (data) => setResult({ state: 'ok', data }),
      (error: unknown) => {
        if (!controller.signal.aborted) {
          setResult({ state: 'error', error: asApiError(error) });
        }
      },
    );
    return () => controller.abort();
  }, [path, attempt]);

  const reload = useCallback(() => setAttempt((n) => n + 1), []);
  return { ...result, reload };
}

/**
 * A change the person asked for (a form, a button): one at a time, its failure kept in words for the form to show.
 * `run` resolves true when the call succeeded, false when it failed (the error is then in `error`).
 */
export function useAction() {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const run = useCallback(async (action: () => Promise<unknown>): Promise<boolean> => {
    setBusy(true);
    setError(null);
    try {
      await action();
      return true;
    } catch (failure) {
      setError(asApiError(failure));
      return false;
    } finally {
      setBusy(false);
    }
  }, []);
  return { busy, error, run };
}

import type { ApiError } from '../api/problem';

interface ProblemProps {
  error: ApiError;
  /** What we tried, e.g. "Your workspaces could not be loaded." */
  what: string;
  onRetry?: () => void;
}

/** A failed call, in words, with a way to try again. While the browser goes to sign in, only a calm status. */
export function Problem({ error, what, onRetry }: ProblemProps) {
  if (error.signingIn) {
    return (
      <p className="message" role="status">
        {error.message}
      </p>
    );
  }
  return (
    <div className="message message-error" role="alert">
      <p>
        <strong>{what}</strong> {error.message}
      </p>
      {onRetry && (
        <button type="button" className="button-secondary" onClick={onRetry}>
          Try again
        </button>
      )}
    </div>
  );
}

export function Loading({ what }: { what: string }) {
  return (
    <p className="message" role="status">
      {what}
    </p>
  );
}

/** What a form still needs before it can be sent (checked here, nothing was sent); nothing when complete. */
export function Missing({ text }: { text: string | null }) {
  if (!text) {
    return null;
  }
  return (
    <p className="message message-error" role="alert">
      {text}
    </p>
  );
}

import { useState } from 'react';
import { api } from '../api/client';
import { ApiError } from '../api/problem';
import { Problem } from '../components/Problem';

interface Acceptance {
  email: string;
  secondFactorRequired: boolean;
  next: string;
}

/**
 * The page behind the invitation link (`#/invitation/<token>`), shown without a session: the invitee has no
 * account yet. The token stays in the fragment, so no server log or Referer ever carries it; it is posted once,
 * on purpose, when the person accepts (a mail scanner that opens the link accepts nothing).
 */
export function InvitationPage({ token }: { token: string }) {
  const [state, setState] = useState<'idle' | 'sending' | 'accepted'>('idle');
  const [acceptance, setAcceptance] = useState<Acceptance | null>(null);
  const [error, setError] = useState<ApiError | null>(null);

  async function accept() {
    setState('sending');
    setError(null);
    try {
      setAcceptance(
        await api<Acceptance>('/api/identity/invitations/acceptance', { method: 'POST', body: { token } }),
      );
      setState('accepted');
    } catch (failure) {
      setError(failure instanceof ApiError ? failure : new ApiError(0, 'Something went wrong. Try again.'));
      setState('idle');
    }
  }

  return (
    <>
      <h1 id="page-heading" tabIndex={-1}>
        Your invitation to Parley
      </h1>
      {state === 'accepted' && acceptance ? (
        <div className="message" role="status">
          <p>
            <strong>{acceptance.next}</strong>
          </p>
          <p>
            The e-mail goes to {acceptance.email}. You choose your password on Parley’s sign-in pages, never here
            {acceptance.secondFactorRequired ? ', and you set up an authenticator app there as well' : ''}.
          </p>
        </div>
      ) : (
        <>
          <p>
            You have been invited to work with others in Parley. Accepting creates your account; you then choose
            your password on Parley’s sign-in pages.
          </p>
          {error && <Problem error={error} what="The invitation could not be accepted." />}
          <button type="button" onClick={accept} disabled={state === 'sending'}>
            {state === 'sending' ? 'Accepting…' : 'Accept invitation'}
          </button>
        </>
      )}
    </>
  );
}

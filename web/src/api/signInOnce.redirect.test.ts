import { signInOnce } from './client';
import { redirectToSignIn } from '../auth/signIn';

vi.mock('../auth/signIn', () => ({ redirectToSignIn: vi.fn(() => true) }));

describe('signInOnce', () => {
  it('navigates to sign in only for the first of several failing calls', () => {
    expect(signInOnce()).toBe(true);
    expect(signInOnce()).toBe(true);
    expect(redirectToSignIn).toHaveBeenCalledTimes(1);
  });
});

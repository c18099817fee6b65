import { leavingPage, signInOnce } from './client';
import { redirectToSignIn } from '../auth/signIn';

vi.mock('../auth/signIn', () => ({ redirectToSignIn: vi.fn(() => true) }));

describe('signInOnce', () => {
  it('starts no sign-in once the page is leaving (sign-out submitted), however many calls fail', () => {
    leavingPage();
    expect(signInOnce()).toBe(true);
    expect(signInOnce()).toBe(true);
    expect(redirectToSignIn).not.toHaveBeenCalled();
  });
});

import { RELEASE_ID } from '../test/rollouts';
import { concernsRelease, linkedReleaseId } from './useLiveRelease';

describe('concernsRelease', () => {
  it('recognises the release in every form a link to it takes', () => {
    // as notifications links it (ADR 0031), as the app links it, and as a mail carries it
    for (const link of [
      `/#/rollouts/releases/${RELEASE_ID}`,
      `#/rollouts/releases/${RELEASE_ID}`,
      `/#/rollouts/releases/${RELEASE_ID}/`,
      `https://parley.example/#/rollouts/releases/${RELEASE_ID}`,
    ]) {
      expect(linkedReleaseId(link)).toBe(RELEASE_ID);
      expect(concernsRelease({ type: 'rollouts.release.halted', link }, RELEASE_ID)).toBe(true);
    }
  });

  it('does not take another release, another page or a link without a fragment for this release', () => {
    for (const link of [
      `/#/rollouts/releases/${RELEASE_ID}-2`,
      `/#/rollouts/releases/another-one`,
      `/#/workspaces/${RELEASE_ID}`,
      `/#/rollouts/releases/${RELEASE_ID}/something-else`,
      `/rollouts/releases/${RELEASE_ID}`,
    ]) {
      expect(concernsRelease({ type: 'rollouts.release.halted', link }, RELEASE_ID)).toBe(false);
    }
  });

  it('takes a rollouts notice without a link as maybe about this release, and nothing else', () => {
    expect(concernsRelease({ type: 'rollouts.release.halted', link: null }, RELEASE_ID)).toBe(true);
    expect(concernsRelease({ type: 'workspace.comment.posted', link: null }, RELEASE_ID)).toBe(false);
  });
});

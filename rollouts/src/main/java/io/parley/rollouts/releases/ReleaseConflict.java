package io.parley.rollouts.releases;

/**
 * A move the release's state does not allow (an illegal transition, a ring that may not be left yet, a report out
 * of order). Leaves the service as a 409 problem detail naming the current state; nothing was changed.
 *
 * @see ReleaseProblems
 */
public final class ReleaseConflict extends RuntimeException {

	private final String slug;

	private final ReleaseState state;

	ReleaseConflict(String slug, ReleaseState state, String detail) {
		super(detail);
		this.slug = slug;
		this.state = state;
	}

	public String slug() {
		return this.slug;
	}

	public ReleaseState state() {
		return this.state;
	}

}

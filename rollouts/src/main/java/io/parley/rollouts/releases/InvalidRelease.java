package io.parley.rollouts.releases;

import java.util.List;

/**
 * Input the release's rules refuse, every problem named: malformed values ({@code unprocessable} false, a 400) or a
 * well-formed plan that policy or the workspace does not allow (a 422). Nothing was changed.
 */
public final class InvalidRelease extends RuntimeException {

	private final boolean unprocessable;

	private final List<String> problems;

	InvalidRelease(boolean unprocessable, List<String> problems) {
		super(String.join("; ", problems));
		this.unprocessable = unprocessable;
		this.problems = List.copyOf(problems);
	}

	static InvalidRelease invalid(String problem) {
		return new InvalidRelease(false, List.of(problem));
	}

	public boolean unprocessable() {
		return this.unprocessable;
	}

	public List<String> problems() {
		return this.problems;
	}

}

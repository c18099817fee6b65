package io.parley.rollouts.releases;

/** The rate gates of a ring; the names are those of {@code ReleaseHalted.GateBreach#gate}. */
public enum Gate {

	CRASH_RATE("crash rate"), BOOT_FAILURE_RATE("boot-failure rate"), ROLLBACK_RATE("rollback rate");

	private final String words;

	Gate(String words) {
		this.words = words;
	}

	/** How a sentence names it: "boot-failure rate". */
	public String words() {
		return this.words;
	}

}

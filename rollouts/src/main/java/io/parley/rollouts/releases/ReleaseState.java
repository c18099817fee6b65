package io.parley.rollouts.releases;

/** Where a release is. COMPLETED, ROLLED_BACK and CANCELLED are final. */
public enum ReleaseState {

	DRAFT, SCHEDULED, IN_RING, HALTED, COMPLETED, ROLLED_BACK, CANCELLED;

	public boolean isFinal() {
		return this == COMPLETED || this == ROLLED_BACK || this == CANCELLED;
	}

}

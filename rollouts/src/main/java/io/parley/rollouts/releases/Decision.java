package io.parley.rollouts.releases;

/** An organisation's sign-off for leaving a ring. */
public enum Decision {

	GO, NO_GO

}

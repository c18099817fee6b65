package io.parley.platform.access;

import java.time.Instant;

/**
 * Whether a person's access to Parley has ended as of {@code now}: offboarded, or past the end of their sponsored
 * access. {@link AccessEndedFilter} asks it on every authenticated request. Services that consume events use
 * {@link AccessEnds}; identity answers from its own people.
 */
@FunctionalInterface
public interface AccessCheck {

	boolean ended(String personId, Instant now);

}

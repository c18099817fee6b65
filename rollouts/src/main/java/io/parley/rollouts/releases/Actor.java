package io.parley.rollouts.releases;

import org.jspecify.annotations.Nullable;

/**
 * Who does something to a release, as far as the release's own rules care: the id recorded as actor, their
 * organisation, and whether it is a host organisation. Whether they may do it at all is {@link ReleaseAccess}'s
 * question, asked before.
 */
public record Actor(String id, @Nullable String organisationId, boolean host) {
}

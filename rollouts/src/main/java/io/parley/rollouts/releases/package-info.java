/**
 * Releases: the {@link io.parley.rollouts.releases.Release} aggregate with its state machine and rules as plain
 * code, its conditional MongoDB writes with their events in the same write, who may read and do what
 * ({@link io.parley.rollouts.releases.ReleaseAccess}), and the HTTP API.
 */
@NullMarked
package io.parley.rollouts.releases;

import org.jspecify.annotations.NullMarked;

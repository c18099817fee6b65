package io.parley.rollouts.releases;

import java.time.Instant;

/**
 * Why and when a release stopped.
 *
 * @param from the state it resumes to: IN_RING (the same ring) or SCHEDULED
 * @param ring the ring it stopped in (0 when it stopped before starting)
 */
public record Halt(String reason, boolean automatic, Instant at, String by, ReleaseState from, int ring) {
}

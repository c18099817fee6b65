package io.parley.rollouts.releases;

import java.time.Instant;

/**
 * A ring start on the release calendar: when a started ring started, or when a ring is planned to start at the
 * earliest (the schedule plus the soak times before it).
 */
public record PlannedStart(int ring, String ringName, Instant at, boolean started) {
}

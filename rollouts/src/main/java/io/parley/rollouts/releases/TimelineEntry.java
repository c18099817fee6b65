package io.parley.rollouts.releases;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

/** One line of a release's history, as its page shows it. */
public record TimelineEntry(Instant at, TimelineKind kind, @Nullable Integer ring, String actor, String text) {
}

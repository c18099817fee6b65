package io.parley.rollouts.releases;

import java.time.Instant;
import java.util.List;

import org.springframework.stereotype.Component;

/**
 * The releases the calendar shows and counts: every release with a ring start (past or planned) in a period,
 * whoever may read it. The calendar hides what its viewer may not read ({@link ReleaseAccess.Viewer#canRead}).
 */
@Component
public class ReleaseCalendar {

	private final ReleaseStore store;

	ReleaseCalendar(ReleaseStore store) {
		this.store = store;
	}

	public List<Release> between(Instant from, Instant to) {
		return this.store.onCalendar(from, to);
	}

}

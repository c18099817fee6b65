package io.parley.rollouts.releases;

import java.time.Instant;
import java.util.List;

/**
 * Why scheduling this release to start at {@code start} needs the host's approval, in sentences (a freeze window,
 * the day's kernel-mode limit); empty when it does not. The calendar answers it.
 */
public interface SchedulingCheck {

	List<String> conflicts(Release release, Instant start, Policy policy);

}

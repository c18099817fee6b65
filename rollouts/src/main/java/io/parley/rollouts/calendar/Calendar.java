package io.parley.rollouts.calendar;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;

import io.parley.rollouts.releases.Kind;
import io.parley.rollouts.releases.PlannedStart;
import io.parley.rollouts.releases.Policy;
import io.parley.rollouts.releases.Release;
import io.parley.rollouts.releases.ReleaseAccess.Viewer;
import io.parley.rollouts.releases.ReleaseCalendar;
import io.parley.rollouts.releases.ReleaseState;
import io.parley.rollouts.releases.SchedulingCheck;
import org.jspecify.annotations.Nullable;

import org.springframework.stereotype.Service;

/**
 * One calendar of ring starts across partners. Scheduling asks it for conflicts: a start inside a freeze window, or
 * a UTC day on which a kernel-mode release would start a ring while that day already holds the policy's number of
 * planned kernel-mode ring starts. People see every entry, but a release they may not read only as a time, a kind
 * and whether it runs in kernel mode.
 */
@Service
class Calendar implements SchedulingCheck {

	private final Freezes freezes;

	private final ReleaseCalendar releases;

	Calendar(Freezes freezes, ReleaseCalendar releases) {
		this.freezes = freezes;
		this.releases = releases;
	}

	@Override
	public List<String> conflicts(Release release, Instant start, Policy policy) {
		List<String> conflicts = new ArrayList<>();
		for (Freezes.Freeze freeze : this.freezes.overlapping(start, start)) {
			if (freeze.covers(start)) {
				conflicts.add("The start " + start + " is in the freeze window '" + freeze.reason() + "' ("
						+ freeze.from() + " to " + freeze.to() + ")");
			}
		}
		if (!policy.kernelMode(release.kind())) {
			return conflicts;
		}
		List<PlannedStart> mine = release.plannedStartsIf(start);
		Set<LocalDate> days = new LinkedHashSet<>();
		mine.forEach((planned) -> days.add(day(planned.at())));
		Instant first = days.iterator().next().atStartOfDay().toInstant(ZoneOffset.UTC);
		Instant last = mine.get(mine.size() - 1).at();
		Map<LocalDate, Integer> kernelStarts = new TreeMap<>();
		for (Release other : this.releases.between(first, last.plus(1, ChronoUnit.DAYS))) {
			if (other.id().equals(release.id()) || !policy.kernelMode(other.kind())) {
				continue;
			}
			for (PlannedStart planned : other.plannedStarts()) {
				kernelStarts.merge(day(planned.at()), 1, Integer::sum);
			}
		}
		for (LocalDate day : days) {
			int planned = kernelStarts.getOrDefault(day, 0);
			if (planned >= policy.kernelModeStartsPerDay()) {
				conflicts.add(day + " already has " + planned + " kernel-mode ring start(s) planned; the portal's "
						+ "limit is " + policy.kernelModeStartsPerDay() + " a day");
			}
		}
		return conflicts;
	}

	/** The calendar of {@code [from, to]} as {@code viewer} may see it. */
	CalendarView view(Viewer viewer, Instant from, Instant to, Policy policy) {
		List<Placed> placed = new ArrayList<>();
		for (Release release : this.releases.between(from, to)) {
			boolean visible = viewer.canRead(release);
			boolean kernelMode = policy.kernelMode(release.kind());
			for (PlannedStart planned : release.plannedStarts()) {
				if (planned.at().isBefore(from) || planned.at().isAfter(to)) {
					continue;
				}
				placed.add(new Placed(release.id(), visible ? new Entry(release.id(), release.organisationId(),
						release.snapshot().product(), release.snapshot().version(), release.kind(), kernelMode,
						planned.ring(), planned.ringName(), planned.at(), release.state(), true)
						: new Entry(null, null, null, null, release.kind(), kernelMode, planned.ring(), null,
								planned.at(), null, false)));
			}
		}
		placed.sort(java.util.Comparator.comparing((Placed each) -> each.entry().plannedStart()));
		return new CalendarView(this.freezes.overlapping(from, to)
			.stream()
			.map((freeze) -> new FreezeView(freeze.id(), freeze.from(), freeze.to(), freeze.reason()))
			.toList(), policy.kernelModeStartsPerDay(), placed.stream().map(Placed::entry).toList(),
				collisions(placed, policy));
	}

	/** An entry with the release it belongs to, which the viewer may not be told. */
	private record Placed(UUID releaseId, Entry entry) {
	}

	/** Days on which ring starts of more than one release fall; only the ids of visible releases are named. */
	private static List<Collision> collisions(List<Placed> placed, Policy policy) {
		Map<LocalDate, List<Placed>> byDay = new TreeMap<>();
		placed.forEach((each) -> byDay.computeIfAbsent(day(each.entry().plannedStart()), (day) -> new ArrayList<>())
			.add(each));
		List<Collision> collisions = new ArrayList<>();
		byDay.forEach((day, onDay) -> {
			if (onDay.stream().map(Placed::releaseId).distinct().count() < 2) {
				return;
			}
			long kernel = onDay.stream().filter((each) -> each.entry().kernelMode()).count();
			collisions.add(new Collision(day, onDay.stream()
				.map((each) -> each.entry().releaseId())
				.filter(java.util.Objects::nonNull)
				.distinct()
				.toList(), onDay.size(), kernel > policy.kernelModeStartsPerDay()));
		});
		return collisions;
	}

	private static LocalDate day(Instant instant) {
		return LocalDate.ofInstant(instant, ZoneOffset.UTC);
	}

	record CalendarView(List<FreezeView> freezes, int kernelModeStartsPerDay, List<Entry> entries,
			List<Collision> collisions) {
	}

	record FreezeView(UUID id, Instant from, Instant to, String reason) {
	}

	/** A ring start; of a release the viewer may not read only the time, the kind and kernel mode show. */
	record Entry(@Nullable UUID releaseId, @Nullable String organisationId, @Nullable String product,
			@Nullable String version, Kind kind, boolean kernelMode, int ring, @Nullable String ringName,
			Instant plannedStart, @Nullable ReleaseState state, boolean visible) {
	}

	record Collision(LocalDate day, List<UUID> releaseIds, int count, boolean overLimit) {
	}

}

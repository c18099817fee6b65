package io.parley.rollouts.releases;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import io.parley.platform.labels.TlpLabel;
import org.jspecify.annotations.Nullable;

/** Releases as the API shows them (the shapes of {@code docs/rollouts.md}). */
final class ReleaseViews {

	private ReleaseViews() {
	}

	/** A release on the board. */
	record ReleaseCard(UUID id, UUID workspaceId, String organisationId, String product, String version, Kind kind,
			TlpLabel label, ReleaseState state, @Nullable Integer currentRing, int ringCount,
			@Nullable String ringName, @Nullable Instant scheduledStart, List<String> awaitingSignOff,
			@Nullable HaltedView halted, Instant updatedAt) {
	}

	record HaltedView(String reason, boolean automatic, Instant at) {
	}

	/** A release's page: its card, plan, progress, history and what the caller may do now. */
	record ReleaseView(@JsonUnwrapped ReleaseCard card, String summary, List<String> namedPeople,
			List<String> namedOrganisations, List<RingView> rings, List<String> resumeAgreedBy,
			List<String> calendarConflicts, @Nullable ApprovalView hostApproval, List<TimelineEntry> timeline,
			Set<Action> allowed) {
	}

	record RingView(String name, @Nullable Double targetShare, @Nullable Long targetDevices, Duration minSoak,
			Gates gates, List<String> signOffOrganisations, @Nullable Instant startedAt, @Nullable Instant soakEndsAt,
			List<SignOffView> signOffs, @Nullable ReportView latestHealth) {
	}

	record SignOffView(String organisationId, Decision decision, @Nullable String reason, String by, Instant at) {
	}

	record ApprovalView(String by, String organisationId, Instant at) {
	}

	/** A health report with its rates (null when no device reported). */
	record ReportView(Instant observedAt, long devicesUpdated, long devicesReporting, long crashes, long bootFailures,
			long rollbacks, @Nullable Double crashPerMille, @Nullable Double bootFailurePerMille,
			@Nullable Double rollbackPerMille) {

		static ReportView of(HealthReport report) {
			return new ReportView(report.observedAt(), report.devicesUpdated(), report.devicesReporting(),
					report.crashes(), report.bootFailures(), report.rollbacks(), report.perMille(Gate.CRASH_RATE),
					report.perMille(Gate.BOOT_FAILURE_RATE), report.perMille(Gate.ROLLBACK_RATE));
		}

	}

	/** The answer to an accepted health report (and, for the same idempotency key, to its retries). */
	record HealthAnswer(ReportView report, List<GateResult> gates, boolean halted, ReleaseCard release) {
	}

	/** Every ring's reports for the chart: rate over time against the gate line. */
	record HealthSeries(List<RingSeries> rings) {
	}

	record RingSeries(int ring, String name, Gates gates, List<ReportView> reports) {
	}

	static ReleaseCard card(Release release, Set<String> hostOrganisations, Policy policy) {
		Release.Snapshot s = release.snapshot();
		Halt halt = s.halt();
		Integer ring = s.currentRing();
		return new ReleaseCard(s.id(), s.workspaceId(), s.organisationId(), s.product(), s.version(), s.kind(),
				s.label(), s.state(), ring, s.plan().size(), (ring != null) ? s.plan().get(ring).name() : null,
				s.scheduledStart(), release.awaitingSignOff(hostOrganisations, policy),
				(halt != null) ? new HaltedView(halt.reason(), halt.automatic(), halt.at()) : null, s.updatedAt());
	}

	static ReleaseView view(Release release, Set<String> hostOrganisations, Policy policy, Set<Action> allowed) {
		Release.Snapshot s = release.snapshot();
		List<RingView> rings = new ArrayList<>();
		for (int i = 0; i < s.plan().size(); i++) {
			RingPlan plan = s.plan().get(i);
			RingProgress progress = (i < s.rings().size()) ? s.rings().get(i) : null;
			rings.add(new RingView(plan.name(), plan.targetShare(), plan.targetDevices(), plan.minSoak(), plan.gates(),
					plan.signOffOrganisations(), (progress != null) ? progress.startedAt() : null,
					(progress != null) ? progress.soakEndsAt(plan.minSoak()) : null,
					(progress != null) ? progress.signOffs()
						.stream()
						.map((signOff) -> new SignOffView(signOff.organisationId(), signOff.decision(),
								signOff.reason(), signOff.by(), signOff.at()))
						.toList() : List.of(),
					(progress != null && progress.latestHealth() != null) ? ReportView.of(progress.latestHealth())
							: null));
		}
		Approval approval = s.hostApproval();
		return new ReleaseView(card(release, hostOrganisations, policy), s.summary(), s.namedPeople(),
				s.namedOrganisations(), rings, s.resumeAgreedBy(), s.calendarConflicts(),
				(approval != null) ? new ApprovalView(approval.by(), approval.organisationId(), approval.at()) : null,
				s.timeline(), allowed);
	}

	static HealthSeries series(Release release, List<HealthReport> reports) {
		List<RingSeries> rings = new ArrayList<>();
		for (int i = 0; i < release.plan().size(); i++) {
			int ring = i;
			RingPlan plan = release.plan().get(i);
			rings.add(new RingSeries(i, plan.name(), plan.gates(),
					reports.stream().filter((report) -> report.ring() == ring).map(ReportView::of).toList()));
		}
		return new HealthSeries(rings);
	}

}

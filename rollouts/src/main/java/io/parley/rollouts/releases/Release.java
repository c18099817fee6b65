package io.parley.rollouts.releases;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;

import io.parley.platform.events.contract.ReleaseCancelled;
import io.parley.platform.events.contract.ReleaseCompleted;
import io.parley.platform.events.contract.ReleaseDeclared;
import io.parley.platform.events.contract.ReleaseHalted;
import io.parley.platform.events.contract.ReleaseResumed;
import io.parley.platform.events.contract.ReleaseRolledBack;
import io.parley.platform.events.contract.ReleaseScheduled;
import io.parley.platform.events.contract.ReleaseSummary;
import io.parley.platform.events.contract.RingStarted;
import io.parley.platform.events.contract.SignOffRecorded;
import io.parley.platform.labels.TlpLabel;
import org.jspecify.annotations.Nullable;

/**
 * A partner's release moving through its staged plan. Every transition checks the state, changes it, raises its
 * event (a {@code rollouts.release.*} contract) and writes its timeline line; a move the state does not allow
 * throws {@link ReleaseConflict} naming the state, and input the rules refuse throws {@link InvalidRelease}, both
 * before anything changed. One command is one transition: {@link ReleaseStore} writes the result in one
 * conditional update guarded by the state and version it was loaded with, the events in the same write.
 * <p>
 * The invariant the rest of the portal relies on: a release is in ring {@code n + 1} only if, when it left ring
 * {@code n}, the soak time had passed, the newest report since the ring (re)started had enough devices reporting and
 * no gate breached, every required organisation's latest decision was GO, nobody's was NO_GO, and (kernel-mode kinds
 * leaving their first ring, by policy) a host organisation had said GO. No command moves more than one ring.
 */
public final class Release {

	/** How far ahead of the server's clock a report's {@code observedAt} may be (pipelines' clocks drift). */
	static final Duration FUTURE_TOLERANCE = Duration.ofMinutes(5);

	private final UUID id;

	private final UUID workspaceId;

	private final String organisationId;

	private final String declaredBy;

	private final String product;

	private final String version;

	private final Kind kind;

	private final String summary;

	private final TlpLabel label;

	private final List<String> namedPeople;

	private final List<String> namedOrganisations;

	private final List<RingPlan> plan;

	private final Instant declaredAt;

	private ReleaseState state;

	private @Nullable Integer currentRing;

	private @Nullable Instant scheduledStart;

	private List<String> calendarConflicts;

	private @Nullable Approval hostApproval;

	private List<RingProgress> rings;

	private @Nullable Halt halt;

	private List<String> resumeAgreedBy;

	private boolean resumeHostAgreed;

	private List<TimelineEntry> timeline;

	private Instant updatedAt;

	private long revision;

	private final long loadedRevision;

	private final ReleaseState loadedState;

	private final List<Object> events = new ArrayList<>();

	private @Nullable HealthReport acceptedReport;

	private Release(Snapshot s, long loadedRevision) {
		this.id = s.id();
		this.workspaceId = s.workspaceId();
		this.organisationId = s.organisationId();
		this.declaredBy = s.declaredBy();
		this.product = s.product();
		this.version = s.version();
		this.kind = s.kind();
		this.summary = s.summary();
		this.label = s.label();
		this.namedPeople = List.copyOf(s.namedPeople());
		this.namedOrganisations = List.copyOf(s.namedOrganisations());
		this.plan = List.copyOf(s.plan());
		this.declaredAt = s.declaredAt();
		this.state = s.state();
		this.currentRing = s.currentRing();
		this.scheduledStart = s.scheduledStart();
		this.calendarConflicts = List.copyOf(s.calendarConflicts());
		this.hostApproval = s.hostApproval();
		this.rings = List.copyOf(s.rings());
		this.halt = s.halt();
		this.resumeAgreedBy = List.copyOf(s.resumeAgreedBy());
		this.resumeHostAgreed = s.resumeHostAgreed();
		this.timeline = List.copyOf(s.timeline());
		this.updatedAt = s.updatedAt();
		this.revision = s.revision();
		this.loadedRevision = loadedRevision;
		this.loadedState = s.state();
	}

	/** A release as stored. */
	public static Release from(Snapshot snapshot) {
		return new Release(snapshot, snapshot.revision());
	}

	/**
	 * A new release in DRAFT, declared by {@code actor} for their organisation, once its plan passes
	 * {@link PlanRules}.
	 */
	public static Release declare(UUID id, Declaration declaration, Actor actor, Policy policy,
			PlanRules.WorkspaceFacts workspace, Instant now) {
		PlanRules.check(declaration, actor, policy, workspace);
		String organisation = Objects.requireNonNull(actor.organisationId(), "a declarer has an organisation");
		Release release = new Release(new Snapshot(id, declaration.workspaceId(), organisation, actor.id(),
				declaration.product(), declaration.version(), declaration.kind(), declaration.summary(),
				declaration.label(), declaration.namedPeople(), declaration.namedOrganisations(), declaration.rings(),
				now, ReleaseState.DRAFT, null, null, List.of(), null, List.of(), null, List.of(), false, List.of(),
				now, 0), 0);
		release.changed(now);
		release.raise(new ReleaseDeclared(release.summary(), declaration.rings().size(), actor.id()));
		release.log(now, TimelineKind.DECLARED, null, actor,
				"Declared " + declaration.product() + " " + declaration.version() + " (" + declaration.kind() + ", "
						+ declaration.label().value() + ") with " + declaration.rings().size() + " ring(s)");
		return release;
	}

	// ---- transitions

	/**
	 * DRAFT → SCHEDULED. {@code conflicts} are the calendar's reasons (a freeze window, the day's kernel-mode
	 * limit); with any, a host must approve before the release may start.
	 */
	public void schedule(Instant start, List<String> conflicts, Actor actor, Instant now) {
		require("scheduled", ReleaseState.DRAFT);
		if (start.isBefore(now)) {
			throw InvalidRelease.invalid("start: " + start + " is in the past; choose a time from now on");
		}
		this.state = ReleaseState.SCHEDULED;
		this.scheduledStart = start;
		this.calendarConflicts = List.copyOf(conflicts);
		this.hostApproval = null;
		changed(now);
		raise(new ReleaseScheduled(summary(), start, this.calendarConflicts, actor.id()));
		log(now, TimelineKind.SCHEDULED, null, actor, "Scheduled to start at " + start + (conflicts.isEmpty() ? ""
				: "; needs the host's approval: " + String.join("; ", conflicts)));
	}

	/** A host organisation accepts the calendar conflicts of a scheduled release. No event: no contract asks one. */
	public void approveCalendar(Actor actor, Instant now) {
		require("approved on the calendar", ReleaseState.SCHEDULED);
		if (this.calendarConflicts.isEmpty()) {
			throw conflict("nothing-to-approve", "This release's schedule has no calendar conflicts to approve.");
		}
		if (this.hostApproval != null) {
			throw conflict("already-approved", "The host already approved this schedule (" + this.hostApproval.by()
					+ " of " + this.hostApproval.organisationId() + ", at " + this.hostApproval.at() + ").");
		}
		this.hostApproval = new Approval(actor.id(), Objects.requireNonNullElse(actor.organisationId(), ""), now);
		changed(now);
		log(now, TimelineKind.HOST_APPROVED, null, actor,
				"The host approved the schedule despite: " + String.join("; ", this.calendarConflicts));
	}

	/** SCHEDULED → IN_RING(0), not before the scheduled start, and not before the host approved any conflicts. */
	public void start(Set<String> hostOrganisations, Policy policy, Actor actor, Instant now) {
		require("started", ReleaseState.SCHEDULED);
		List<String> unmet = new ArrayList<>();
		Instant start = Objects.requireNonNull(this.scheduledStart);
		if (now.isBefore(start)) {
			unmet.add("it is scheduled to start at " + start);
		}
		if (!this.calendarConflicts.isEmpty() && this.hostApproval == null) {
			unmet.add("the host has not approved its calendar conflicts (" + String.join("; ", this.calendarConflicts)
					+ ")");
		}
		if (!unmet.isEmpty()) {
			throw conflict("start-blocked", "This release cannot start yet: " + String.join("; ", unmet) + ".");
		}
		enter(0, hostOrganisations, policy, actor, now);
	}

	/**
	 * IN_RING(n) → IN_RING(n + 1), or COMPLETED after the last ring, once every condition of leaving ring n holds;
	 * otherwise a conflict listing every unmet one.
	 */
	public void advance(Set<String> hostOrganisations, Policy policy, Actor actor, Instant now) {
		require("advanced", ReleaseState.IN_RING);
		List<String> unmet = unmetToLeave(policy, now);
		int ring = ring();
		if (!unmet.isEmpty()) {
			throw conflict("advance-blocked",
					"Ring " + ringWords(ring) + " cannot be left yet: " + String.join("; ", unmet) + ".");
		}
		if (ring + 1 < this.plan.size()) {
			enter(ring + 1, hostOrganisations, policy, actor, now);
			return;
		}
		this.state = ReleaseState.COMPLETED;
		changed(now);
		raise(new ReleaseCompleted(summary(), actor.id()));
		log(now, TimelineKind.COMPLETED, ring, actor, "Completed: the last ring, " + ringWords(ring) + ", passed");
	}

	/**
	 * An organisation's go or no-go for leaving the current ring (while it is in progress or halted); the latest
	 * per organisation counts. Who may sign is {@link ReleaseAccess}'s question.
	 */
	public void signOff(int ring, Decision decision, @Nullable String reason, Actor actor, Instant now) {
		require("signed off", ReleaseState.IN_RING, ReleaseState.HALTED);
		if (this.currentRing == null) {
			throw conflict("ring-not-current", "This release has not started a ring yet; there is nothing to sign off.");
		}
		requireCurrentRing(ring, "signed off");
		if (decision == Decision.NO_GO && (reason == null || reason.isBlank())) {
			throw InvalidRelease.invalid("reason: a no-go needs a reason the others can act on");
		}
		String organisation = Objects.requireNonNull(actor.organisationId(), "a signer has an organisation");
		SignOff signOff = new SignOff(organisation, decision, reason, actor.id(), now, actor.host());
		replaceRing(ring, progress(ring).with(signOff));
		changed(now);
		raise(new SignOffRecorded(summary(), ring, organisation, decision.name(), reason, actor.id()));
		log(now, TimelineKind.SIGNED_OFF, ring, actor, organisation + " said " + decision + " to leaving ring "
				+ ringWords(ring) + ((reason != null && !reason.isBlank()) ? ": " + reason : ""));
	}

	/**
	 * A health report for the ring in progress. Its gates are evaluated at once; a breached gate halts the release
	 * in the same write (stop the line), whatever the number of devices reporting.
	 */
	public HealthOutcome report(int ring, Instant observedAt, long devicesUpdated, long devicesReporting,
			long crashes, long bootFailures, long rollbacks, Set<String> hostOrganisations, Actor actor, Instant now) {
		List<String> impossible = HealthReport.impossibilities(devicesUpdated, devicesReporting, crashes,
				bootFailures, rollbacks);
		if (!impossible.isEmpty()) {
			throw new InvalidRelease(false, impossible);
		}
		if (observedAt.isAfter(now.plus(FUTURE_TOLERANCE))) {
			throw InvalidRelease.invalid("observedAt: " + observedAt + " is more than " + FUTURE_TOLERANCE.toMinutes()
					+ " minutes ahead of the portal's clock (" + now + "); check the reporting machine's clock");
		}
		if (this.state != ReleaseState.IN_RING) {
			throw conflict("not-in-ring", "This release is " + stateWords()
					+ "; health reports are taken only while a ring is in progress.");
		}
		requireCurrentRing(ring, "reported on");
		RingProgress progress = progress(ring);
		if (progress.lastObservedAt() != null && !observedAt.isAfter(progress.lastObservedAt())) {
			throw conflict("report-out-of-order", "A report observed at " + observedAt + " arrived after one observed at "
					+ progress.lastObservedAt() + " for ring " + ringWords(ring)
					+ "; send reports in the order they were observed, each one newer than the last.");
		}
		if (observedAt.isBefore(progress.soakFrom())) {
			throw conflict("report-out-of-order", "This report was observed at " + observedAt + ", before ring "
					+ ringWords(ring) + " " + (progress.soakFrom().equals(progress.startedAt()) ? "started" : "resumed")
					+ " at " + progress.soakFrom() + "; report what was observed since.");
		}
		HealthReport report = new HealthReport(ring, observedAt, devicesUpdated, devicesReporting, crashes,
				bootFailures, rollbacks, actor.id(), now);
		RingPlan ringPlan = this.plan.get(ring);
		List<GateResult> gates = report.evaluate(ringPlan.gates());
		List<GateResult> breached = gates.stream().filter(GateResult::breached).toList();
		boolean first = progress.latestHealth() == null;
		boolean enoughNow = devicesReporting >= ringPlan.gates().minDevicesReporting();
		boolean enoughBefore = !first && progress.latestHealth().devicesReporting() >= ringPlan.gates()
			.minDevicesReporting();
		replaceRing(ring, progress.with(report));
		this.acceptedReport = report;
		changed(now);
		if (!breached.isEmpty()) {
			String reason = String.join("; ", breached.stream().map(GateResult::sentence).toList()) + " ("
					+ devicesReporting + " devices reporting)";
			log(now, TimelineKind.GATE_BREACHED, ring, actor, reason);
			stop(reason, true, true, breaches(breached, devicesReporting), hostOrganisations, actor, now);
		}
		else if (first || (enoughNow && !enoughBefore)) {
			// Only the reports that change what the page says go to the timeline; every report is on the chart.
			log(now, TimelineKind.HEALTH, ring, actor, devicesReporting + " of " + devicesUpdated
					+ " devices reporting, every gate green"
					+ (enoughNow ? "" : " (" + ringPlan.gates().minDevicesReporting() + " must report)"));
		}
		return new HealthOutcome(report, gates, !breached.isEmpty());
	}

	/** IN_RING or SCHEDULED → HALTED by hand, by any participating organisation. */
	public void halt(String reason, boolean openWarRoom, Set<String> hostOrganisations, Actor actor, Instant now) {
		require("halted", ReleaseState.IN_RING, ReleaseState.SCHEDULED);
		requireReason(reason);
		stop(reason, false, openWarRoom, List.of(), hostOrganisations, actor, now);
	}

	/**
	 * One side's request to resume a halted release: the releasing organisation's and a host organisation's are
	 * both needed (one organisation may be both). The release resumes where it stopped once both asked: the same
	 * ring with its soak restarted and its health baseline cleared, or SCHEDULED if it stopped before starting.
	 *
	 * @return whether it resumed now (false: the agreement was recorded, the other side has yet to ask)
	 */
	public boolean resume(Actor actor, Instant now) {
		require("resumed", ReleaseState.HALTED);
		Halt stopped = Objects.requireNonNull(this.halt);
		String organisation = Objects.requireNonNull(actor.organisationId(), "a person asking has an organisation");
		boolean releasing = organisation.equals(this.organisationId);
		if (!releasing && !actor.host()) {
			throw new IllegalArgumentException("only the releasing organisation or a host organisation resumes");
		}
		boolean alreadyAsked = (!releasing || this.resumeAgreedBy.contains(this.organisationId))
				&& (!actor.host() || this.resumeHostAgreed);
		if (alreadyAsked) {
			return false; // this side asked already; nothing changes
		}
		List<String> agreed = new ArrayList<>(this.resumeAgreedBy);
		if (!agreed.contains(organisation)) {
			agreed.add(organisation);
		}
		this.resumeAgreedBy = List.copyOf(agreed);
		this.resumeHostAgreed = this.resumeHostAgreed || actor.host();
		changed(now);
		if (!(this.resumeAgreedBy.contains(this.organisationId) && this.resumeHostAgreed)) {
			log(now, TimelineKind.RESUME_AGREED, this.currentRing, actor, organisation + " agreed to resume; waiting for "
					+ (this.resumeHostAgreed ? "the releasing organisation, " + this.organisationId : "the host"));
			return false;
		}
		this.state = stopped.from();
		if (stopped.from() == ReleaseState.IN_RING) {
			int ring = ring();
			replaceRing(ring, progress(ring).resumedAt(now));
		}
		this.halt = null;
		this.resumeAgreedBy = List.of();
		this.resumeHostAgreed = false;
		raise(new ReleaseResumed(summary(), stopped.ring(), agreed, actor.id()));
		log(now, TimelineKind.RESUMED, this.currentRing, actor, "Resumed, agreed by " + String.join(" and ", agreed)
				+ ((stopped.from() == ReleaseState.IN_RING)
						? "; ring " + ringWords(stopped.ring()) + " soaks again and needs a new health report"
						: "; scheduled again"));
		return true;
	}

	/** HALTED or IN_RING → ROLLED_BACK, by the releasing organisation; final. */
	public void rollBack(String reason, Actor actor, Instant now) {
		require("rolled back", ReleaseState.HALTED, ReleaseState.IN_RING);
		requireReason(reason);
		int ring = (this.currentRing != null) ? this.currentRing : 0;
		this.state = ReleaseState.ROLLED_BACK;
		this.halt = null;
		this.resumeAgreedBy = List.of();
		this.resumeHostAgreed = false;
		changed(now);
		raise(new ReleaseRolledBack(summary(), ring, reason, actor.id()));
		log(now, TimelineKind.ROLLED_BACK, this.currentRing, actor, "Rolled back: " + reason);
	}

	/** DRAFT or SCHEDULED → CANCELLED, by the releasing organisation; final. */
	public void cancel(String reason, Actor actor, Instant now) {
		require("cancelled", ReleaseState.DRAFT, ReleaseState.SCHEDULED);
		requireReason(reason);
		this.state = ReleaseState.CANCELLED;
		changed(now);
		raise(new ReleaseCancelled(summary(), reason, actor.id()));
		log(now, TimelineKind.CANCELLED, null, actor, "Cancelled: " + reason);
	}

	// ---- rules read by views, access and the calendar

	/** Every condition of leaving the current ring that does not hold, in words; empty when it may be left. */
	public List<String> unmetToLeave(Policy policy, Instant now) {
		List<String> unmet = new ArrayList<>();
		if (this.state != ReleaseState.IN_RING) {
			unmet.add("the release is " + stateWords());
			return unmet;
		}
		int ring = ring();
		RingPlan ringPlan = this.plan.get(ring);
		RingProgress progress = progress(ring);
		Instant soakEnds = progress.soakEndsAt(ringPlan.minSoak());
		if (now.isBefore(soakEnds)) {
			unmet.add("soak time ends at " + soakEnds);
		}
		HealthReport latest = progress.latestHealth();
		if (latest == null) {
			unmet.add("no health report since the ring "
					+ (progress.soakFrom().equals(progress.startedAt()) ? "started" : "resumed"));
		}
		else {
			for (GateResult gate : latest.evaluate(ringPlan.gates())) {
				if (gate.breached()) {
					unmet.add("gate: " + gate.sentence());
				}
			}
			if (latest.devicesReporting() < ringPlan.gates().minDevicesReporting()) {
				unmet.add("devices reporting " + latest.devicesReporting() + " < "
						+ ringPlan.gates().minDevicesReporting() + " required");
			}
		}
		Map<String, SignOff> decisions = progress.latestByOrganisation();
		List<String> awaiting = ringPlan.signOffOrganisations()
			.stream()
			.filter((organisation) -> !decisions.containsKey(organisation))
			.toList();
		if (!awaiting.isEmpty()) {
			unmet.add("awaiting go from " + awaiting);
		}
		decisions.values()
			.stream()
			.filter((signOff) -> signOff.decision() == Decision.NO_GO)
			.forEach((signOff) -> unmet.add("no-go from " + signOff.organisationId() + ": " + signOff.reason()));
		if (hostGoRequired(ring, policy) && decisions.values()
			.stream()
			.noneMatch((signOff) -> signOff.host() && signOff.decision() == Decision.GO)) {
			unmet.add("awaiting go from a host organisation (policy: " + this.kind
					+ " runs in kernel mode and needs the host's go before leaving its first ring)");
		}
		return unmet;
	}

	/** Whether leaving {@code ring} needs a host organisation's GO whether the plan lists one or not. */
	public boolean hostGoRequired(int ring, Policy policy) {
		return ring == 0 && policy.kernelMode(this.kind) && policy.hostSignOffBeforeLeavingFirstRing();
	}

	/** Organisations whose sign-off for the current ring is still missing or not GO; the host's when policy asks. */
	public List<String> awaitingSignOff(Set<String> hostOrganisations, Policy policy) {
		if (this.currentRing == null || this.state.isFinal()) {
			return List.of();
		}
		Map<String, SignOff> decisions = progress(this.currentRing).latestByOrganisation();
		Set<String> awaiting = new LinkedHashSet<>();
		for (String organisation : this.plan.get(this.currentRing).signOffOrganisations()) {
			SignOff decision = decisions.get(organisation);
			if (decision == null || decision.decision() != Decision.GO) {
				awaiting.add(organisation);
			}
		}
		boolean hostSaidGo = decisions.values()
			.stream()
			.anyMatch((signOff) -> signOff.host() && signOff.decision() == Decision.GO);
		if (hostGoRequired(this.currentRing, policy) && !hostSaidGo) {
			awaiting.addAll(hostOrganisations);
		}
		return List.copyOf(awaiting);
	}

	/**
	 * The organisations whose people may sign off {@code ring}: those the plan lists, and the host organisations when
	 * policy needs their go there.
	 */
	public boolean maySignOff(int ring, @Nullable String organisation, boolean host, Policy policy) {
		if (ring < 0 || ring >= this.plan.size() || organisation == null) {
			return false;
		}
		return this.plan.get(ring).signOffOrganisations().contains(organisation) || (host && hostGoRequired(ring, policy));
	}

	/**
	 * The organisations taking part: the releasing one, every ring's sign-off organisations and the host
	 * organisations among the workspace's members.
	 */
	public List<String> participants(Set<String> hostOrganisations) {
		Set<String> participants = new LinkedHashSet<>();
		participants.add(this.organisationId);
		this.plan.forEach((ring) -> participants.addAll(ring.signOffOrganisations()));
		participants.addAll(hostOrganisations);
		return List.copyOf(participants);
	}

	/** Whether this organisation (or a host organisation) takes part, whatever the workspace knows of hosts. */
	public boolean participates(@Nullable String organisation, boolean host) {
		return host || (organisation != null && participants(Set.of()).contains(organisation));
	}

	/** Which moves the state allows now, whoever asks ({@link ReleaseAccess} intersects them with the caller's). */
	public Set<Action> possibleNow(Policy policy, Instant now) {
		Set<Action> possible = EnumSet.noneOf(Action.class);
		switch (this.state) {
			case DRAFT -> possible.addAll(List.of(Action.SCHEDULE, Action.CANCEL));
			case SCHEDULED -> {
				possible.addAll(List.of(Action.HALT, Action.CANCEL));
				boolean approved = this.calendarConflicts.isEmpty() || this.hostApproval != null;
				if (!approved) {
					possible.add(Action.APPROVE_CALENDAR);
				}
				if (approved && !now.isBefore(Objects.requireNonNull(this.scheduledStart))) {
					possible.add(Action.START);
				}
			}
			case IN_RING -> {
				possible.addAll(List.of(Action.SIGN_OFF, Action.HALT, Action.ROLL_BACK, Action.REPORT_HEALTH));
				if (unmetToLeave(policy, now).isEmpty()) {
					possible.add(Action.ADVANCE);
				}
			}
			case HALTED -> {
				possible.addAll(List.of(Action.RESUME, Action.ROLL_BACK));
				if (this.currentRing != null) {
					possible.add(Action.SIGN_OFF);
				}
			}
			case COMPLETED, ROLLED_BACK, CANCELLED -> {
			}
		}
		return possible;
	}

	/** Whether this side (the releasing organisation, or a host) has already asked to resume. */
	public boolean askedToResume(@Nullable String organisation, boolean host) {
		if (host && this.resumeHostAgreed) {
			return true;
		}
		return !host && organisation != null && this.resumeAgreedBy.contains(organisation);
	}

	/**
	 * Ring starts for the calendar: every ring that started, and for a release that is scheduled or in a ring, the
	 * earliest each later ring can start (each ring's soak time after the one before).
	 */
	public List<PlannedStart> plannedStarts() {
		List<PlannedStart> starts = new ArrayList<>();
		for (int i = 0; i < this.rings.size(); i++) {
			starts.add(new PlannedStart(i, this.plan.get(i).name(), this.rings.get(i).startedAt(), true));
		}
		if (this.state == ReleaseState.SCHEDULED) {
			starts.addAll(plannedFrom(0, Objects.requireNonNull(this.scheduledStart)));
		}
		else if (this.state == ReleaseState.IN_RING) {
			int ring = ring();
			starts.addAll(plannedFrom(ring + 1, progress(ring).soakEndsAt(this.plan.get(ring).minSoak())));
		}
		return starts;
	}

	/** The ring starts this release would have if it were scheduled to start at {@code start}. */
	public List<PlannedStart> plannedStartsIf(Instant start) {
		return plannedFrom(0, start);
	}

	private List<PlannedStart> plannedFrom(int first, Instant at) {
		List<PlannedStart> starts = new ArrayList<>();
		Instant next = at;
		for (int i = first; i < this.plan.size(); i++) {
			starts.add(new PlannedStart(i, this.plan.get(i).name(), next, false));
			next = next.plus(this.plan.get(i).minSoak());
		}
		return starts;
	}

	/** What every event says about this release. */
	public ReleaseSummary summary() {
		return new ReleaseSummary(this.id, this.workspaceId, this.organisationId, this.product, this.version,
				this.kind.name(), this.label.value(), this.declaredBy,
				this.namedPeople.stream().map(UUID::fromString).toList(), this.namedOrganisations);
	}

	public Snapshot snapshot() {
		return new Snapshot(this.id, this.workspaceId, this.organisationId, this.declaredBy, this.product,
				this.version, this.kind, this.summary, this.label, this.namedPeople, this.namedOrganisations, this.plan,
				this.declaredAt, this.state, this.currentRing, this.scheduledStart, this.calendarConflicts,
				this.hostApproval, this.rings, this.halt, this.resumeAgreedBy, this.resumeHostAgreed, this.timeline,
				this.updatedAt, this.revision);
	}

	// ---- what the store needs

	/** The events this command raised, in order. */
	public List<Object> events() {
		return List.copyOf(this.events);
	}

	/** The health report this command accepted, if it was one. */
	public @Nullable HealthReport acceptedReport() {
		return this.acceptedReport;
	}

	/** Whether this command changed anything (asking to resume twice does not). */
	public boolean isChanged() {
		return this.revision != this.loadedRevision;
	}

	long loadedRevision() {
		return this.loadedRevision;
	}

	ReleaseState loadedState() {
		return this.loadedState;
	}

	// ---- accessors

	public UUID id() {
		return this.id;
	}

	public UUID workspaceId() {
		return this.workspaceId;
	}

	public String organisationId() {
		return this.organisationId;
	}

	public String declaredBy() {
		return this.declaredBy;
	}

	public Kind kind() {
		return this.kind;
	}

	public TlpLabel label() {
		return this.label;
	}

	public List<String> namedPeople() {
		return this.namedPeople;
	}

	public List<String> namedOrganisations() {
		return this.namedOrganisations;
	}

	public List<RingPlan> plan() {
		return this.plan;
	}

	public ReleaseState state() {
		return this.state;
	}

	public @Nullable Integer currentRing() {
		return this.currentRing;
	}

	public List<RingProgress> rings() {
		return this.rings;
	}

	public @Nullable Halt halt() {
		return this.halt;
	}

	public long revision() {
		return this.revision;
	}

	// ---- inside

	private void enter(int ring, Set<String> hostOrganisations, Policy policy, Actor actor, Instant now) {
		this.state = ReleaseState.IN_RING;
		this.currentRing = ring;
		List<RingProgress> started = new ArrayList<>(this.rings);
		started.add(RingProgress.startedAt(now));
		this.rings = List.copyOf(started);
		changed(now);
		RingPlan ringPlan = this.plan.get(ring);
		Set<String> signers = new LinkedHashSet<>(ringPlan.signOffOrganisations());
		if (hostGoRequired(ring, policy)) {
			signers.addAll(hostOrganisations);
		}
		raise(new RingStarted(summary(), ring, ringPlan.name(), List.copyOf(signers), actor.id()));
		log(now, TimelineKind.RING_STARTED, ring, actor, "Ring " + ringWords(ring) + " started; it soaks at least "
				+ ringPlan.minSoak() + (signers.isEmpty() ? "" : " and needs a go from " + signers));
	}

	private void stop(String reason, boolean automatic, boolean openWarRoom, List<ReleaseHalted.GateBreach> breaches,
			Set<String> hostOrganisations, Actor actor, Instant now) {
		ReleaseState from = this.state;
		int ring = (this.currentRing != null) ? this.currentRing : 0;
		this.state = ReleaseState.HALTED;
		this.halt = new Halt(reason, automatic, now, actor.id(), from, ring);
		this.resumeAgreedBy = List.of();
		this.resumeHostAgreed = false;
		changed(now);
		raise(new ReleaseHalted(summary(), ring, reason, automatic, breaches, participants(hostOrganisations),
				openWarRoom, actor.id()));
		log(now, TimelineKind.HALTED, this.currentRing, actor,
				(automatic ? "Halted automatically: " : "Halted: ") + reason);
	}

	private static List<ReleaseHalted.GateBreach> breaches(List<GateResult> breached, long devicesReporting) {
		return breached.stream()
			.map((gate) -> new ReleaseHalted.GateBreach(gate.gate().name(),
					Objects.requireNonNull(gate.measuredPerMille()), gate.limitPerMille(), (int) devicesReporting))
			.toList();
	}

	private void require(String verb, ReleaseState... allowed) {
		for (ReleaseState state : allowed) {
			if (this.state == state) {
				return;
			}
		}
		List<String> names = java.util.Arrays.stream(allowed).map(ReleaseState::name).toList();
		throw conflict("illegal-transition", "This release is " + stateWords() + "; it cannot be " + verb
				+ " (only a release that is " + String.join(" or ", names) + " can).");
	}

	private void requireCurrentRing(int ring, String verb) {
		int current = ring();
		if (ring != current) {
			String which = (ring >= 0 && ring < this.plan.size()) ? "Ring " + ringWords(ring)
					: "Ring " + ring + " (this plan has rings 0 to " + (this.plan.size() - 1) + ")";
			throw conflict("ring-not-current", which + " cannot be " + verb + ": the release is " + stateWords() + ".");
		}
	}

	private static void requireReason(String reason) {
		if (reason.isBlank()) {
			throw InvalidRelease.invalid("reason: say why, in words the other organisations can act on");
		}
	}

	private ReleaseConflict conflict(String slug, String detail) {
		return new ReleaseConflict(slug, this.state, detail);
	}

	private int ring() {
		return Objects.requireNonNull(this.currentRing, "in a ring");
	}

	private RingProgress progress(int ring) {
		return this.rings.get(ring);
	}

	private void replaceRing(int ring, RingProgress progress) {
		List<RingProgress> changed = new ArrayList<>(this.rings);
		changed.set(ring, progress);
		this.rings = List.copyOf(changed);
	}

	/** "in ring 1 (pilot)", "halted in ring 1 (pilot)", "scheduled". */
	String stateWords() {
		return switch (this.state) {
			case DRAFT -> "a draft";
			case SCHEDULED -> "scheduled";
			case IN_RING -> "in ring " + ringWords(ring());
			case HALTED -> "halted" + ((this.currentRing != null) ? " in ring " + ringWords(this.currentRing) : "");
			case COMPLETED -> "completed";
			case ROLLED_BACK -> "rolled back";
			case CANCELLED -> "cancelled";
		};
	}

	private String ringWords(int ring) {
		return ring + " (" + this.plan.get(ring).name() + ")";
	}

	/** The one revision step of this command, however many fields it touches. */
	private void changed(Instant now) {
		this.revision = this.loadedRevision + 1;
		this.updatedAt = now;
	}

	private void raise(Object event) {
		this.events.add(event);
	}

	private void log(Instant at, TimelineKind kind, @Nullable Integer ring, Actor actor, String text) {
		List<TimelineEntry> entries = new ArrayList<>(this.timeline);
		entries.add(new TimelineEntry(at, kind, ring, actor.id(), text));
		this.timeline = List.copyOf(entries);
	}

	/** Everything a release is, as stored. {@code revision} counts its writes (the events' aggregate version). */
	public record Snapshot(UUID id, UUID workspaceId, String organisationId, String declaredBy, String product,
			String version, Kind kind, String summary, TlpLabel label, List<String> namedPeople,
			List<String> namedOrganisations, List<RingPlan> plan, Instant declaredAt, ReleaseState state,
			@Nullable Integer currentRing, @Nullable Instant scheduledStart, List<String> calendarConflicts,
			@Nullable Approval hostApproval, List<RingProgress> rings, @Nullable Halt halt,
			List<String> resumeAgreedBy, boolean resumeHostAgreed, List<TimelineEntry> timeline, Instant updatedAt,
			long revision) {
	}

}

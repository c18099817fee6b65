package io.parley.rollouts.releases;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import io.parley.platform.labels.Reader;
import io.parley.platform.labels.TlpLabel;
import io.parley.platform.problem.Problem;
import io.parley.platform.security.Caller;
import io.parley.platform.security.OrganisationType;
import io.parley.rollouts.releases.ReleaseAccess.Viewer;
import io.parley.rollouts.releases.ReleaseStore.Remembered;
import io.parley.rollouts.workspaces.Memberships;
import io.parley.rollouts.workspaces.Memberships.Member;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.stereotype.Service;

/**
 * Runs the commands on releases: load, ask {@link ReleaseAccess} whether the caller may (404/403), let the
 * {@link Release} apply its rules (409/400), write the result with one conditional update ({@link ReleaseStore}).
 * A write that loses a race with another command on the same release is retried on the new state, where the rules
 * are checked again: two sign-offs of different organisations both land, a second "advance" from the same ring
 * meets a ring whose soak just began and is refused. One log line per command that changed something.
 */
@Service
public class Releases {

	/** Loads and writes before giving up on a release that keeps changing under us. */
	private static final int ATTEMPTS = 10;

	private static final Logger log = LoggerFactory.getLogger(Releases.class);

	private final ReleaseStore store;

	private final ReleaseAccess access;

	private final Memberships memberships;

	private final Policies policies;

	private final SchedulingCheck calendar;

	private final Clock clock;

	private final JsonMapper json;

	Releases(ReleaseStore store, ReleaseAccess access, Memberships memberships, Policies policies,
			SchedulingCheck calendar, Clock clock, JsonMapper json) {
		this.store = store;
		this.access = access;
		this.memberships = memberships;
		this.policies = policies;
		this.calendar = calendar;
		this.clock = clock;
		this.json = json;
	}

	/** What a command does to the release it loaded. */
	@FunctionalInterface
	interface Command {

		void apply(Release release, Actor actor, Instant now, Policy policy);

	}

	/** The first answer to a health report, and whether this request was a retry of it. */
	record Reported(String answer, boolean replayed) {
	}

	public Viewer viewer(Caller caller) {
		return this.access.viewer(caller);
	}

	/** Milliseconds: what MongoDB keeps, so a release reads back exactly as it was written. */
	Instant now() {
		return this.clock.instant().truncatedTo(ChronoUnit.MILLIS);
	}

	Policy policy() {
		return this.policies.current();
	}

	Set<String> hostOrganisations(Release release) {
		return this.memberships.hostOrganisations(release.workspaceId());
	}

	// ---- reading

	Release read(Viewer viewer, UUID id) {
		return this.store.find(id)
			.filter(viewer::canRead)
			.orElseThrow(() -> Problem.notFound("release"));
	}

	/** The releases the caller may read, newest change first: of one workspace, or of all theirs. */
	List<Release> list(Viewer viewer, @Nullable UUID workspaceId, @Nullable ReleaseState state) {
		List<Release> candidates;
		if (viewer.machine()) {
			candidates = this.store.list(null, viewer.caller().organisation(), state);
		}
		else {
			Set<UUID> workspaces = (workspaceId != null)
					? (viewer.workspaces().contains(workspaceId) ? Set.of(workspaceId) : Set.of())
					: viewer.workspaces();
			candidates = workspaces.isEmpty() ? List.of() : this.store.list(workspaces, null, state);
		}
		return candidates.stream()
			.filter((release) -> workspaceId == null || release.workspaceId().equals(workspaceId))
			.filter(viewer::canRead)
			.toList();
	}

	/**
	 * "What we owe" (ADR 0044): the releases in a ring that waits for a sign-off of the caller's organisation, as
	 * the release's card says ({@link Release#awaitingSignOff}), soak end first. Without {@code organisation}, the
	 * releases the caller may read, for their token's organisation (whose people sign). With it (an organisation
	 * admin's whole organisation), also those of workspaces the organisation is a member of whose audience includes
	 * the organisation as a whole, without product, version or ring name when the admin may not read them.
	 */
	List<OwedSignOff> owedSignOffs(Viewer viewer, @Nullable String organisation) {
		String owing = (organisation != null) ? organisation : viewer.caller().organisation();
		if (owing == null || viewer.machine()) {
			return List.of();
		}
		Set<UUID> workspaces = new HashSet<>(viewer.workspaces());
		if (organisation != null) {
			workspaces.addAll(this.memberships.workspacesOf(organisation));
		}
		if (workspaces.isEmpty()) {
			return List.of();
		}
		Policy policy = policy();
		Instant now = now();
		List<OwedSignOff> owed = new ArrayList<>();
		for (Release release : this.store.list(workspaces, null, ReleaseState.IN_RING)) {
			boolean readable = viewer.canRead(release);
			if (!readable && (organisation == null
					|| !ReleaseAccess.audience(release).includesOrganisation(organisation))) {
				continue;
			}
			Integer ring = release.currentRing();
			if (ring == null || !release.awaitingSignOff(hostOrganisations(release), policy).contains(owing)) {
				continue;
			}
			RingPlan plan = release.plan().get(ring);
			Instant soakEnds = release.rings().get(ring).soakEndsAt(plan.minSoak());
			owed.add(new OwedSignOff(release.id(), release.workspaceId(), readable ? release.snapshot().product() : null,
					readable ? release.snapshot().version() : null, release.label(), ring,
					readable ? plan.name() : null, owing, soakEnds, !now.isBefore(soakEnds)));
		}
		owed.sort(Comparator.comparing(OwedSignOff::soakEndsAt).thenComparing(OwedSignOff::releaseId));
		log.info("Sign-offs owed read by {} ({}): {} release(s)", viewer.caller().id(),
				(organisation != null) ? "organisation " + organisation : "own", owed.size());
		return owed;
	}

	/** The chart's reports of a release the caller has read. */
	List<HealthReport> series(Release release) {
		return this.store.series(release.id());
	}

	// ---- declaring

	Release declare(Caller caller, Declaration declaration) {
		Viewer viewer = this.access.viewer(caller);
		if (viewer.machine()) {
			throw Problem.forbidden("A machine client posts health reports; people declare releases.");
		}
		Member member = viewer.membership(declaration.workspaceId());
		if (member == null) {
			throw Problem.notFound("workspace");
		}
		if (caller.organisationType() == OrganisationType.GOVERNMENT) {
			throw Problem.forbidden("Government observers read releases; they do not declare them.");
		}
		if (!member.mayDeclare() || caller.organisation() == null) {
			throw Problem.forbidden("Only owners and contributors of the workspace declare releases.");
		}
		TlpLabel ceiling = this.memberships.labelCeiling(declaration.workspaceId())
			.orElseThrow(() -> Problem.conflict("workspace-not-known-yet", "Workspace not known yet",
					"Rollouts has not yet heard of this workspace's label ceiling from workspace; try again in a"
							+ " moment."));
		List<Member> members = this.memberships.members(declaration.workspaceId());
		Set<String> organisations = new LinkedHashSet<>();
		members.forEach((each) -> organisations.add(each.organisationId()));
		Map<String, OrganisationType> types = this.memberships.types(organisations);
		Set<String> government = new LinkedHashSet<>();
		Set<String> hosts = new LinkedHashSet<>();
		types.forEach((organisation, type) -> {
			if (type == OrganisationType.GOVERNMENT) {
				government.add(organisation);
			}
			else if (type == OrganisationType.HOST) {
				hosts.add(organisation);
			}
		});
		PlanRules.WorkspaceFacts facts = new PlanRules.WorkspaceFacts(ceiling,
				members.stream().map((each) -> new Reader(each.personId(), each.organisationId())).toList(),
				government, hosts);
		Actor actor = new Actor(caller.id(), caller.organisation(), viewer.actor().host());
		Release release = Release.declare(UUID.randomUUID(), declaration, actor, policy(), facts, now());
		this.store.insert(release);
		log.info("Release {} declared in workspace {} by {} of {}: {} {} ({}, {} rings), state {}", release.id(),
				release.workspaceId(), caller.id(), caller.organisation(), declaration.product(),
				declaration.version(), declaration.kind(), declaration.rings().size(), release.state());
		return release;
	}

	// ---- commands

	Release schedule(Caller caller, UUID id, Instant start) {
		return execute(caller, id, Action.SCHEDULE, null, (release, actor, now, policy) -> release.schedule(start,
				this.calendar.conflicts(release, start, policy), actor, now));
	}

	Release approveCalendar(Caller caller, UUID id) {
		return execute(caller, id, Action.APPROVE_CALENDAR, null,
				(release, actor, now, policy) -> release.approveCalendar(actor, now));
	}

	Release start(Caller caller, UUID id) {
		return execute(caller, id, Action.START, null,
				(release, actor, now, policy) -> release.start(hostOrganisations(release), policy, actor, now));
	}

	Release advance(Caller caller, UUID id) {
		return execute(caller, id, Action.ADVANCE, null,
				(release, actor, now, policy) -> release.advance(hostOrganisations(release), policy, actor, now));
	}

	Release signOff(Caller caller, UUID id, int ring, Decision decision, @Nullable String reason) {
		return execute(caller, id, Action.SIGN_OFF, ring,
				(release, actor, now, policy) -> release.signOff(ring, decision, reason, actor, now));
	}

	Release halt(Caller caller, UUID id, String reason, boolean openWarRoom) {
		return execute(caller, id, Action.HALT, null, (release, actor, now, policy) -> release.halt(reason,
				openWarRoom, hostOrganisations(release), actor, now));
	}

	Release resume(Caller caller, UUID id) {
		return execute(caller, id, Action.RESUME, null, (release, actor, now, policy) -> release.resume(actor, now));
	}

	Release rollBack(Caller caller, UUID id, String reason) {
		return execute(caller, id, Action.ROLL_BACK, null,
				(release, actor, now, policy) -> release.rollBack(reason, actor, now));
	}

	Release cancel(Caller caller, UUID id, String reason) {
		return execute(caller, id, Action.CANCEL, null,
				(release, actor, now, policy) -> release.cancel(reason, actor, now));
	}

	/**
	 * A health report under an idempotency key (per release). The same key with the same report answers what the
	 * first request was answered, without applying it again; the same key with another report is refused (422).
	 */
	Reported report(Caller caller, UUID id, int ring, String key, ReportedHealth health) {
		Viewer viewer = this.access.viewer(caller);
		String fingerprint = fingerprint(ring, health);
		for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
			ReleaseStore.Loaded loaded = this.store.load(id, true).orElseThrow(() -> Problem.notFound("release"));
			Release release = loaded.release();
			Policy policy = policy();
			viewer.require(release, Action.REPORT_HEALTH, ring, policy);
			Optional<Remembered> first = loaded.remembered(key);
			if (first.isPresent()) {
				if (!first.get().fingerprint().equals(fingerprint)) {
					throw Problem.unprocessable("idempotency-key-reused", "Idempotency key used for another report",
							"This Idempotency-Key was already used for a different report on this release; send a new"
									+ " key with every new report, and the same key only to retry the same report.");
				}
				return new Reported(first.get().answer(), true);
			}
			Instant now = now();
			Set<String> hosts = hostOrganisations(release);
			HealthOutcome outcome = release.report(ring, health.observedAt(), health.devicesUpdated(),
					health.devicesReporting(), health.crashes(), health.bootFailures(), health.rollbacks(), hosts,
					viewer.actor(), now);
			String answer = this.json.writeValueAsString(new ReleaseViews.HealthAnswer(
					ReleaseViews.ReportView.of(outcome.report()), outcome.gates(), outcome.halted(),
					ReleaseViews.card(release, hosts, policy)));
			if (this.store.update(release, new Remembered(key, fingerprint, answer))) {
				log.info("Release {} health report for ring {} by {} ({} of {} reporting){}: state {}", id, ring,
						caller.id(), health.devicesReporting(), health.devicesUpdated(),
						outcome.halted() ? ", gate breached, halted" : "", release.state());
				return new Reported(answer, false);
			}
		}
		throw changedMeanwhile();
	}

	/** A health report's numbers as the request gave them. */
	record ReportedHealth(Instant observedAt, long devicesUpdated, long devicesReporting, long crashes,
			long bootFailures, long rollbacks) {
	}

	private Release execute(Caller caller, UUID id, Action action, @Nullable Integer ring, Command command) {
		Viewer viewer = this.access.viewer(caller);
		for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
			Release release = this.store.find(id).orElseThrow(() -> Problem.notFound("release"));
			Policy policy = policy();
			viewer.require(release, action, ring, policy);
			ReleaseState before = release.state();
			command.apply(release, viewer.actor(), now(), policy);
			if (!release.isChanged()) {
				return release;
			}
			if (this.store.update(release, null)) {
				log.info("Release {} {}: {} -> {}{} by {} of {}", id, action.value(), before, release.state(),
						(release.currentRing() != null) ? " (ring " + release.currentRing() + ")" : "", caller.id(),
						caller.organisation());
				return release;
			}
		}
		throw changedMeanwhile();
	}

	private static Problem changedMeanwhile() {
		return Problem.conflict("concurrent-change", "Changed meanwhile",
				"The release kept changing while we tried to apply this; reload it and try again.");
	}

	private static String fingerprint(int ring, ReportedHealth health) {
		String canonical = ring + "|" + health.observedAt() + "|" + health.devicesUpdated() + "|"
				+ health.devicesReporting() + "|" + health.crashes() + "|" + health.bootFailures() + "|"
				+ health.rollbacks();
		try {
			return HexFormat.of()
				.formatHex(MessageDigest.getInstance("SHA-256").digest(canonical.getBytes(StandardCharsets.UTF_8)));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

}

package io.parley.rollouts.releases;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;

import io.parley.platform.events.contract.ReleaseCancelled;
import io.parley.platform.events.contract.ReleaseCompleted;
import io.parley.platform.events.contract.ReleaseDeclared;
import io.parley.platform.events.contract.ReleaseHalted;
import io.parley.platform.events.contract.ReleaseResumed;
import io.parley.platform.events.contract.ReleaseRolledBack;
import io.parley.platform.events.contract.ReleaseScheduled;
import io.parley.platform.events.contract.RingStarted;
import io.parley.platform.events.contract.SignOffRecorded;
import org.junit.jupiter.api.Test;

import static io.parley.rollouts.releases.Plans.ENGINEER;
import static io.parley.rollouts.releases.Plans.HOST;
import static io.parley.rollouts.releases.Plans.HOSTS;
import static io.parley.rollouts.releases.Plans.PARTNER;
import static io.parley.rollouts.releases.Plans.PIPELINE;
import static io.parley.rollouts.releases.Plans.SOAK;
import static io.parley.rollouts.releases.Plans.T0;
import static io.parley.rollouts.releases.Plans.healthy;
import static io.parley.rollouts.releases.Plans.inRing0;
import static io.parley.rollouts.releases.Plans.reloaded;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.InstanceOfAssertFactories.type;

/** The release aggregate's transitions and rules, as plain code (no Spring, no database). */
class ReleaseTests {

	private static final Policy POLICY = Policy.defaults();

	private static final Instant AFTER_SOAK = T0.plus(SOAK);

	@Test
	void givenValidPlan_whenDeclared_thenDraftAtRevisionOneWithDeclaredEventAndTimeline() {
		Release release = Plans.declared(Kind.SENSOR);

		assertThat(release.state()).isEqualTo(ReleaseState.DRAFT);
		assertThat(release.revision()).isEqualTo(1);
		assertThat(release.currentRing()).isNull();
		assertThat(release.events()).singleElement().isInstanceOfSatisfying(ReleaseDeclared.class, (event) -> {
			assertThat(event.rings()).isEqualTo(3);
			assertThat(event.actorId()).isEqualTo(ENGINEER.id());
			assertThat(event.release().organisationId()).isEqualTo("acme-security");
			assertThat(event.release().label()).isEqualTo("TLP:AMBER");
		});
		assertThat(release.snapshot().timeline()).extracting(TimelineEntry::kind).containsExactly(TimelineKind.DECLARED);
	}

	@Test
	void givenDraft_whenScheduledWithConflicts_thenStartWaitsForTheHostsApproval() {
		Release release = reloaded(Plans.declared(Kind.SENSOR));
		release.schedule(T0, List.of("The start is in the freeze window 'Patch Tuesday'"), ENGINEER, T0);
		assertThat(release.events()).singleElement()
			.isInstanceOfSatisfying(ReleaseScheduled.class,
					(event) -> assertThat(event.calendarConflicts()).containsExactly(
							"The start is in the freeze window 'Patch Tuesday'"));
		Release scheduled = reloaded(release);

		assertThatThrownBy(() -> scheduled.start(HOSTS, POLICY, ENGINEER, T0)).isInstanceOf(ReleaseConflict.class)
			.hasMessageContaining("the host has not approved its calendar conflicts")
			.asInstanceOf(type(ReleaseConflict.class))
			.extracting(ReleaseConflict::state)
			.isEqualTo(ReleaseState.SCHEDULED);
		assertThat(scheduled.possibleNow(POLICY, T0)).contains(Action.APPROVE_CALENDAR).doesNotContain(Action.START);

		scheduled.approveCalendar(HOST, T0);
		Release approved = reloaded(scheduled);
		approved.start(HOSTS, POLICY, ENGINEER, T0);
		assertThat(approved.state()).isEqualTo(ReleaseState.IN_RING);
		assertThat(approved.currentRing()).isZero();
	}

	@Test
	void givenScheduled_whenStartedBeforeItsStart_thenRefusedNamingTheStart() {
		Release release = reloaded(Plans.declared(Kind.CONTENT_UPDATE));
		release.schedule(T0.plus(Duration.ofDays(1)), List.of(), ENGINEER, T0);
		Release scheduled = reloaded(release);

		assertThatThrownBy(() -> scheduled.start(HOSTS, POLICY, ENGINEER, T0)).isInstanceOf(ReleaseConflict.class)
			.hasMessageContaining("it is scheduled to start at 2026-03-11T06:00:00Z");
		assertThat(scheduled.isChanged()).isFalse();
	}

	@Test
	void givenKernelModeRelease_whenStarted_thenRingZeroAsksTheHostToSignOffToo() {
		Release release = reloaded(Plans.declared(Kind.KERNEL_DRIVER));
		release.schedule(T0, List.of(), ENGINEER, T0);
		release = reloaded(release);
		release.start(HOSTS, POLICY, ENGINEER, T0);

		assertThat(release.events()).singleElement().isInstanceOfSatisfying(RingStarted.class, (event) -> {
			assertThat(event.ring()).isZero();
			assertThat(event.ringName()).isEqualTo("canary");
			assertThat(event.signOffOrganisations()).containsExactly("other-vendor", "host");
		});
	}

	@Test
	void givenRingJustStarted_whenAdvancing_thenRefusedListingEveryUnmetCondition() {
		Release release = inRing0(Kind.SENSOR);

		assertThatThrownBy(() -> release.advance(HOSTS, POLICY, ENGINEER, T0)).isInstanceOf(ReleaseConflict.class)
			.hasMessageContaining("soak time ends at " + AFTER_SOAK)
			.hasMessageContaining("no health report since the ring started")
			.hasMessageContaining("awaiting go from [other-vendor]")
			.hasMessageContaining("awaiting go from a host organisation")
			.asInstanceOf(type(ReleaseConflict.class))
			.extracting(ReleaseConflict::slug)
			.isEqualTo("advance-blocked");
		assertThat(release.isChanged()).isFalse();
	}

	@Test
	void givenEveryConditionMet_whenAdvancing_thenNextRingStartsOnlyOneRing() {
		Release release = ready(inRing0(Kind.SENSOR));

		release.advance(HOSTS, POLICY, ENGINEER, AFTER_SOAK);

		assertThat(release.currentRing()).isEqualTo(1);
		assertThat(release.state()).isEqualTo(ReleaseState.IN_RING);
		assertThat(release.events()).singleElement()
			.isInstanceOfSatisfying(RingStarted.class, (event) -> assertThat(event.ring()).isEqualTo(1));
		assertThat(release.unmetToLeave(POLICY, AFTER_SOAK)).contains("no health report since the ring started");
	}

	@Test
	void givenContentUpdate_whenLeavingRingZero_thenNoHostGoIsNeeded() {
		Release release = inRing0(Kind.CONTENT_UPDATE);
		healthy(release, 0, T0.plusSeconds(60), 500);
		release = reloaded(release);
		release.signOff(0, Decision.GO, null, PARTNER, T0.plusSeconds(61));
		release = reloaded(release);

		assertThat(release.unmetToLeave(POLICY, AFTER_SOAK)).isEmpty();
	}

	@Test
	void givenNoGoAfterGo_whenAdvancing_thenTheLatestDecisionBlocksWithItsReason() {
		Release release = ready(inRing0(Kind.SENSOR));
		release.signOff(0, Decision.NO_GO, "Boot telemetry incomplete", PARTNER, AFTER_SOAK);
		Release blocked = reloaded(release);

		assertThat(blocked.unmetToLeave(POLICY, AFTER_SOAK))
			.containsExactly("no-go from other-vendor: Boot telemetry incomplete");

		blocked.signOff(0, Decision.GO, null, PARTNER, AFTER_SOAK);
		assertThat(reloaded(blocked).unmetToLeave(POLICY, AFTER_SOAK)).isEmpty();
	}

	@Test
	void givenNoGoWithoutReason_whenSigningOff_thenRefused() {
		Release release = inRing0(Kind.SENSOR);

		assertThatThrownBy(() -> release.signOff(0, Decision.NO_GO, " ", PARTNER, T0))
			.isInstanceOf(InvalidRelease.class)
			.hasMessageContaining("a no-go needs a reason");
	}

	@Test
	void givenSignOffForAnotherRing_whenSigningOff_thenConflictNamingTheCurrentRing() {
		Release release = inRing0(Kind.SENSOR);

		assertThatThrownBy(() -> release.signOff(1, Decision.GO, null, HOST, T0)).isInstanceOf(ReleaseConflict.class)
			.hasMessage("Ring 1 (pilot) cannot be signed off: the release is in ring 0 (canary).");
	}

	@Test
	void givenTooFewDevicesReporting_whenAdvancing_thenDevicesReportingIsUnmet() {
		Release release = inRing0(Kind.CONTENT_UPDATE);
		healthy(release, 0, T0.plusSeconds(60), 40);
		release = reloaded(release);
		release.signOff(0, Decision.GO, null, PARTNER, T0);

		assertThat(reloaded(release).unmetToLeave(POLICY, AFTER_SOAK)).containsExactly("devices reporting 40 < 100 required");
	}

	@Test
	void givenBreachingReport_whenReported_thenHaltedAtOnceWithTheBreachAndParticipants() {
		Release release = inRing0(Kind.SENSOR);

		HealthOutcome outcome = release.report(0, T0.plusSeconds(60), 5000, 5000, 1, 21, 0, HOSTS, PIPELINE,
				T0.plusSeconds(61));

		assertThat(outcome.halted()).isTrue();
		assertThat(release.state()).isEqualTo(ReleaseState.HALTED);
		assertThat(outcome.gates()).filteredOn(GateResult::breached)
			.singleElement()
			.satisfies((gate) -> {
				assertThat(gate.gate()).isEqualTo(Gate.BOOT_FAILURE_RATE);
				assertThat(gate.measuredPerMille()).isEqualTo(4.2);
				assertThat(gate.limitPerMille()).isEqualTo(1.0);
			});
		assertThat(release.events()).singleElement().isInstanceOfSatisfying(ReleaseHalted.class, (event) -> {
			assertThat(event.automatic()).isTrue();
			assertThat(event.openWarRoom()).isTrue();
			assertThat(event.ring()).isZero();
			assertThat(event.reason()).isEqualTo("Boot-failure rate 4.2‰ is above its gate of 1‰ (5000 devices reporting)");
			assertThat(event.breaches()).singleElement()
				.isEqualTo(new ReleaseHalted.GateBreach("BOOT_FAILURE_RATE", 4.2, 1.0, 5000));
			assertThat(event.participants()).containsExactly("acme-security", "other-vendor", "host");
			assertThat(event.actorId()).isEqualTo(PIPELINE.id());
		});
		assertThat(release.snapshot().timeline()).extracting(TimelineEntry::kind)
			.endsWith(TimelineKind.GATE_BREACHED, TimelineKind.HALTED);
	}

	@Test
	void givenOneDeviceReportingACrash_whenReported_thenHaltsWhateverTheDeviceCount() {
		Release release = inRing0(Kind.SENSOR);

		HealthOutcome outcome = release.report(0, T0.plusSeconds(60), 1, 1, 1, 0, 0, HOSTS, PIPELINE, T0.plusSeconds(60));

		assertThat(outcome.halted()).isTrue();
		assertThat(release.state()).isEqualTo(ReleaseState.HALTED);
	}

	@Test
	void givenNoDeviceReporting_whenReported_thenNoRateAndNoBreach() {
		Release release = inRing0(Kind.SENSOR);

		HealthOutcome outcome = release.report(0, T0.plusSeconds(60), 10, 0, 0, 0, 0, HOSTS, PIPELINE, T0.plusSeconds(60));

		assertThat(outcome.halted()).isFalse();
		assertThat(outcome.gates()).allSatisfy((gate) -> assertThat(gate.measuredPerMille()).isNull());
	}

	@Test
	void givenImpossibleNumbers_whenReported_thenEveryProblemNamedAndNothingChanges() {
		Release release = inRing0(Kind.SENSOR);

		assertThatThrownBy(() -> release.report(0, T0, 10, 20, -1, 30, 0, HOSTS, PIPELINE, T0))
			.isInstanceOf(InvalidRelease.class)
			.asInstanceOf(type(InvalidRelease.class))
			.extracting(InvalidRelease::problems)
			.asList()
			.containsExactly("crashes: must not be negative (-1)",
					"devicesReporting: 20 devices cannot report when only 10 were updated",
					"bootFailures: 30 is more than the 20 devices reporting");
		assertThat(release.isChanged()).isFalse();
	}

	@Test
	void givenReportFromTheFarFuture_whenReported_thenRefusedAsInvalid() {
		Release release = inRing0(Kind.SENSOR);

		assertThatThrownBy(() -> release.report(0, T0.plus(Duration.ofMinutes(6)), 10, 10, 0, 0, 0, HOSTS, PIPELINE, T0))
			.isInstanceOf(InvalidRelease.class)
			.hasMessageContaining("more than 5 minutes ahead of the portal's clock");
	}

	@Test
	void givenNewerReport_whenAnOlderOneArrives_thenRefusedAsOutOfOrder() {
		Release release = inRing0(Kind.SENSOR);
		healthy(release, 0, T0.plusSeconds(120), 500);
		Release later = reloaded(release);

		assertThatThrownBy(() -> healthy(later, 0, T0.plusSeconds(60), 500)).isInstanceOf(ReleaseConflict.class)
			.asInstanceOf(type(ReleaseConflict.class))
			.extracting(ReleaseConflict::slug)
			.isEqualTo("report-out-of-order");
		assertThatThrownBy(() -> healthy(later, 0, T0.plusSeconds(120), 500)).isInstanceOf(ReleaseConflict.class);
	}

	@Test
	void givenReportObservedBeforeTheRingStarted_whenReported_thenRefused() {
		Release release = inRing0(Kind.SENSOR);

		assertThatThrownBy(() -> release.report(0, T0.minusSeconds(1), 10, 10, 0, 0, 0, HOSTS, PIPELINE, T0))
			.isInstanceOf(ReleaseConflict.class)
			.hasMessageContaining("before ring 0 (canary) started");
	}

	@Test
	void givenHaltedRelease_whenReported_thenConflictNamingTheState() {
		Release release = inRing0(Kind.SENSOR);
		release.halt("Looks wrong", false, HOSTS, PARTNER, T0);
		Release halted = reloaded(release);

		assertThatThrownBy(() -> healthy(halted, 0, T0.plusSeconds(60), 10)).isInstanceOf(ReleaseConflict.class)
			.hasMessage("This release is halted in ring 0 (canary); health reports are taken only while a ring is in "
					+ "progress.")
			.asInstanceOf(type(ReleaseConflict.class))
			.extracting(ReleaseConflict::state)
			.isEqualTo(ReleaseState.HALTED);
	}

	@Test
	void givenHalted_whenOnlyTheReleasingOrganisationAsks_thenStillHaltedUntilTheHostAsksToo() {
		Release release = inRing0(Kind.SENSOR);
		healthy(release, 0, T0.plusSeconds(60), 500);
		release = reloaded(release);
		release.halt("Partner reports boot loops", true, HOSTS, PARTNER, T0.plusSeconds(90));
		assertThat(release.events()).singleElement()
			.isInstanceOfSatisfying(ReleaseHalted.class, (event) -> {
				assertThat(event.automatic()).isFalse();
				assertThat(event.openWarRoom()).isTrue();
				assertThat(event.breaches()).isEmpty();
			});
		release = reloaded(release);

		assertThat(release.resume(ENGINEER, T0.plusSeconds(100))).isFalse();
		assertThat(release.state()).isEqualTo(ReleaseState.HALTED);
		assertThat(release.snapshot().resumeAgreedBy()).containsExactly("acme-security");
		assertThat(release.events()).isEmpty();
		release = reloaded(release);
		assertThat(release.resume(ENGINEER, T0.plusSeconds(101))).isFalse();
		assertThat(release.isChanged()).as("asking twice changes nothing").isFalse();

		Instant resumedAt = T0.plusSeconds(200);
		assertThat(release.resume(HOST, resumedAt)).isTrue();
		assertThat(release.state()).isEqualTo(ReleaseState.IN_RING);
		assertThat(release.currentRing()).isZero();
		assertThat(release.events()).singleElement().isInstanceOfSatisfying(ReleaseResumed.class, (event) -> {
			assertThat(event.ring()).isZero();
			assertThat(event.agreedBy()).containsExactly("acme-security", "host");
		});
		assertThat(release.unmetToLeave(POLICY, resumedAt.plus(SOAK).minusSeconds(1)))
			.contains("soak time ends at " + resumedAt.plus(SOAK), "no health report since the ring resumed");
	}

	@Test
	void givenHaltedBeforeStarting_whenBothAgree_thenScheduledAgain() {
		Release release = reloaded(Plans.declared(Kind.SENSOR));
		release.schedule(T0.plusSeconds(3600), List.of(), ENGINEER, T0);
		release = reloaded(release);
		release.halt("Wait for the hotfix", false, HOSTS, HOST, T0);
		assertThat(release.events()).singleElement()
			.isInstanceOfSatisfying(ReleaseHalted.class, (event) -> assertThat(event.ring()).isZero());
		release = reloaded(release);
		release.resume(HOST, T0);
		release = reloaded(release);

		assertThat(release.resume(ENGINEER, T0)).isTrue();
		assertThat(release.state()).isEqualTo(ReleaseState.SCHEDULED);
		assertThat(release.currentRing()).isNull();
	}

	@Test
	void givenLastRingReady_whenAdvancing_thenCompleted() {
		Release release = ready(inRing0(Kind.CONTENT_UPDATE));
		Instant now = AFTER_SOAK;
		release.advance(HOSTS, POLICY, ENGINEER, now);
		release = reloaded(release);
		healthy(release, 1, now.plusSeconds(1), 500);
		release = reloaded(release);
		release.signOff(1, Decision.GO, null, HOST, now.plusSeconds(2));
		release = reloaded(release);
		now = now.plus(SOAK);
		release.advance(HOSTS, POLICY, ENGINEER, now);
		release = reloaded(release);
		healthy(release, 2, now.plusSeconds(1), 500);
		release = reloaded(release);
		now = now.plus(SOAK);

		release.advance(HOSTS, POLICY, ENGINEER, now);

		assertThat(release.state()).isEqualTo(ReleaseState.COMPLETED);
		assertThat(release.events()).singleElement().isInstanceOf(ReleaseCompleted.class);
		assertThat(release.possibleNow(POLICY, now)).isEmpty();
	}

	@Test
	void givenInRing_whenRolledBack_thenFinalWithItsReasonAndRing() {
		Release release = inRing0(Kind.SENSOR);

		release.rollBack("Driver fails to load on older firmware", ENGINEER, T0);

		assertThat(release.state()).isEqualTo(ReleaseState.ROLLED_BACK);
		assertThat(release.events()).singleElement()
			.isInstanceOfSatisfying(ReleaseRolledBack.class, (event) -> {
				assertThat(event.ring()).isZero();
				assertThat(event.reason()).isEqualTo("Driver fails to load on older firmware");
			});
		Release rolledBack = reloaded(release);
		assertThatThrownBy(() -> rolledBack.halt("again", false, HOSTS, HOST, T0)).isInstanceOf(ReleaseConflict.class)
			.hasMessage("This release is rolled back; it cannot be halted (only a release that is IN_RING or SCHEDULED"
					+ " can).");
	}

	@Test
	void givenDraft_whenCancelled_thenFinal() {
		Release release = reloaded(Plans.declared(Kind.SENSOR));

		release.cancel("Superseded by 7.11.3", ENGINEER, T0);

		assertThat(release.state()).isEqualTo(ReleaseState.CANCELLED);
		assertThat(release.events()).singleElement().isInstanceOf(ReleaseCancelled.class);
		Release cancelled = reloaded(release);
		assertThatThrownBy(() -> cancelled.schedule(T0, List.of(), ENGINEER, T0)).isInstanceOf(ReleaseConflict.class)
			.asInstanceOf(type(ReleaseConflict.class))
			.extracting(ReleaseConflict::state)
			.isEqualTo(ReleaseState.CANCELLED);
	}

	@Test
	void givenInRing_whenCancelled_thenRefused() {
		Release release = inRing0(Kind.SENSOR);

		assertThatThrownBy(() -> release.cancel("No", ENGINEER, T0)).isInstanceOf(ReleaseConflict.class)
			.hasMessageContaining("in ring 0 (canary)");
	}

	@Test
	void givenSignOffRecorded_whenSigned_thenEventCarriesTheDecision() {
		Release release = inRing0(Kind.SENSOR);

		release.signOff(0, Decision.NO_GO, "Boot telemetry incomplete", HOST, T0);

		assertThat(release.events()).singleElement().isInstanceOfSatisfying(SignOffRecorded.class, (event) -> {
			assertThat(event.organisationId()).isEqualTo("host");
			assertThat(event.decision()).isEqualTo("NO_GO");
			assertThat(event.reason()).isEqualTo("Boot telemetry incomplete");
		});
		assertThat(release.awaitingSignOff(HOSTS, POLICY)).containsExactly("other-vendor", "host");
	}

	@Test
	void givenKernelModeRingZero_whenAskingWhoMaySignOff_thenTheHostMayThoughNotListed() {
		Release release = inRing0(Kind.KERNEL_DRIVER);

		assertThat(release.maySignOff(0, "host", true, POLICY)).isTrue();
		assertThat(release.maySignOff(0, "other-vendor", false, POLICY)).isTrue();
		assertThat(release.maySignOff(0, "acme-security", false, POLICY)).isFalse();
		assertThat(release.maySignOff(1, "other-vendor", false, POLICY)).isFalse();
		assertThat(Plans.inRing0(Kind.CONTENT_UPDATE).maySignOff(0, "host", true, POLICY)).isFalse();
	}

	@Test
	void givenScheduledRelease_whenPlanningTheCalendar_thenEachRingStartsAfterThePreviousSoak() {
		Release release = reloaded(Plans.declared(Kind.SENSOR));
		release.schedule(T0, List.of(), ENGINEER, T0);

		assertThat(release.plannedStarts()).extracting(PlannedStart::at)
			.containsExactly(T0, T0.plus(SOAK), T0.plus(SOAK).plus(SOAK));
	}

	@Test
	void givenParticipants_whenAsked_thenReleasingSignersAndHosts() {
		Release release = Plans.declared(Kind.SENSOR);

		assertThat(release.participants(Set.of("host"))).containsExactly("acme-security", "other-vendor", "host");
		assertThat(release.participates("other-vendor", false)).isTrue();
		assertThat(release.participates("gov-cert", false)).isFalse();
		assertThat(release.participates("somewhere", true)).isTrue();
	}

	/** Ring 0 with a healthy report of enough devices and every go it needs, its soak not yet over. */
	private static Release ready(Release inRing0) {
		Release release = inRing0;
		healthy(release, 0, T0.plusSeconds(60), 500);
		release = reloaded(release);
		release.signOff(0, Decision.GO, null, PARTNER, T0.plusSeconds(61));
		release = reloaded(release);
		release.signOff(0, Decision.GO, null, HOST, T0.plusSeconds(62));
		return reloaded(release);
	}

}

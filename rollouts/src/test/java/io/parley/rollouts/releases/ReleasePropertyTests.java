package io.parley.rollouts.releases;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import io.parley.platform.labels.Reader;
import io.parley.platform.labels.TlpLabel;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.EdgeCasesMode;
import net.jqwik.api.statistics.Statistics;
import net.jqwik.api.constraints.Size;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Random sequences of health reports, sign-offs, halts, resumes, advances, roll-backs and clock moves, applied to a
 * release in its first ring, side by side with a tiny model of the rules written down again here as plain maps. After
 * every step: the release's state and ring are the model's, no step moved more than one ring or moved back, and every
 * ring the release has left had, as left, a latest report with enough devices and no breached gate, a go from every
 * organisation it needed (a host organisation's too, for a kernel-mode first ring) and nobody's no-go. A failing
 * sequence is shrunk to a short one.
 */
class ReleasePropertyTests {

	private static final Instant T0 = Instant.parse("2026-03-10T06:00:00Z");

	static final Duration SOAK = Duration.ofHours(1);

	private static final long MIN_DEVICES = 100;

	private static final Actor RELEASING = new Actor("7c6b5a49-3827-4160-a5b4-c3d2e1f0a9b8", "acme-security", false);

	private static final Actor HOST = new Actor("2a3b4c5d-6e7f-4a8b-9c0d-1e2f3a4b5c6d", "host", true);

	private static final Actor PARTNER = new Actor("5a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d", "other-vendor", false);

	private static final List<Actor> SIGNERS = List.of(RELEASING, HOST, PARTNER);

	/** What ring i needs: ring 0 other-vendor, ring 1 the host, ring 2 nobody. */
	static final List<List<String>> SIGN_OFFS = List.of(List.of("other-vendor"), List.of("host"), List.of());

	private static final Policy POLICY = Policy.defaults();

	private static final Set<String> HOSTS = Set.of("host");

	sealed interface Step permits Report, SignOff, Halt, Resume, Advance, RollBack, Wait {
	}

	/** A report for ring {@code ringOffset} rings from the current one, observed {@code observedOffset} from now. */
	record Report(int ringOffset, long observedOffsetSeconds, long updated, long reporting, long crashes,
			long bootFailures) implements Step {
	}

	record SignOff(int signer, boolean go, int ringOffset) implements Step {
	}

	record Halt(boolean byHost) implements Step {
	}

	record Resume(boolean byHost) implements Step {
	}

	record Advance() implements Step {
	}

	record RollBack() implements Step {
	}

	record Wait(long minutes) implements Step {
	}

	// Random sequences only: the edge cases of seven step kinds outnumber the tries and are mostly one-step lists.
	@Property(tries = 200, edgeCases = EdgeCasesMode.NONE)
	void givenAnySequence_whenApplied_thenNoRingIsLeftUnearnedAndTheStateIsTheModels(
			@ForAll("kinds") Kind kind, @ForAll @Size(min = 50, max = 100) List<@net.jqwik.api.From("steps") Step> steps) {
		Instant now = T0;
		Release release = started(kind, now);
		Model model = new Model(kernel(kind), now);
		for (Step step : steps) {
			int ringBefore = ring(release);
			release = Release.from(release.snapshot());
			if (step instanceof Wait wait) {
				now = now.plus(Duration.ofMinutes(wait.minutes()));
				continue;
			}
			boolean expected = model.apply(step, now);
			boolean accepted = apply(release, step, now);
			assertThat(accepted).as("%s accepted (model: %s)", step, expected).isEqualTo(expected);
			assertThat(release.state()).as("state after %s", step).isEqualTo(model.state);
			if (release.currentRing() != null) {
				assertThat(release.currentRing()).as("ring after %s", step).isEqualTo(model.ring);
			}
			assertThat(ring(release) - ringBefore).as("rings moved by %s", step).isBetween(0, 1);
			assertEveryLeftRingWasEarned(release, kind);
		}
		// how far the sequences get: printed with the test's report, so a generator that stops reaching later rings shows
		Statistics.label("furthest").collect(release.state() + " " + ring(release));
	}

	@Provide
	Arbitrary<Kind> kinds() {
		return Arbitraries.of(Kind.SENSOR, Kind.KERNEL_DRIVER, Kind.CONTENT_UPDATE);
	}

	@Provide
	Arbitrary<Step> steps() {
		Arbitrary<Step> report = Combinators
			.combine(Arbitraries.frequency(Tuple.of(8, 0), Tuple.of(1, 1),
					Tuple.of(1, -1)),
					// mostly just observed; sometimes long ago (out of order, before the ring started) or in the future
					Arbitraries.frequencyOf(Tuple.of(8, Arbitraries.longs().between(-120, 0)),
							Tuple.of(1, Arbitraries.longs().between(-900, -121)),
							Tuple.of(1, Arbitraries.longs().between(240, 400))),
					Arbitraries.longs().between(0, 400), Arbitraries.frequency(Tuple.of(60, 0L), Tuple.of(1, 1L),
							Tuple.of(1, 3L)),
					Arbitraries.frequency(Tuple.of(60, 0L), Tuple.of(1, 1L)))
			.as((ring, offset, reporting, crashes, boots) -> (Step) new Report(ring, offset, reporting + 20, reporting,
					Math.min(crashes, reporting), Math.min(boots, reporting)));
		Arbitrary<Step> signOff = Combinators
			.combine(Arbitraries.integers().between(0, SIGNERS.size() - 1), Arbitraries.frequency(
					Tuple.of(4, true), Tuple.of(1, false)),
					Arbitraries.frequency(Tuple.of(9, 0), Tuple.of(1, 1)))
			.as((signer, go, ring) -> (Step) new SignOff(signer, go, ring));
		// Weighed so that many sequences get through rings and some complete: halts, breaches and roll-backs are
		// rare enough not to stop most of them in their first ring (see the "furthest" statistics).
		return Arbitraries.frequencyOf(Tuple.of(48, report), Tuple.of(40, signOff),
				Tuple.of(3, Arbitraries.of(true, false).map((host) -> (Step) new Halt(host))),
				Tuple.of(24, Arbitraries.of(true, false).map((host) -> (Step) new Resume(host))),
				Tuple.of(32, Arbitraries.just(new Advance())), Tuple.of(1, Arbitraries.just(new RollBack())),
				Tuple.of(32, Arbitraries.longs().between(1, 120).map((minutes) -> (Step) new Wait(minutes))));
	}

	/** Applies the step as the service would (after its access check); false when the release refused it. */
	private static boolean apply(Release release, Step step, Instant now) {
		try {
			if (step instanceof Report report) {
				int ring = ring(release) + report.ringOffset();
				release.report(ring, now.plusSeconds(report.observedOffsetSeconds()), report.updated(),
						report.reporting(), report.crashes(), report.bootFailures(), 0, HOSTS, RELEASING, now);
			}
			else if (step instanceof SignOff signOff) {
				Actor signer = SIGNERS.get(signOff.signer());
				int ring = ring(release) + signOff.ringOffset();
				if (!release.maySignOff(ring, signer.organisationId(), signer.host(), POLICY)) {
					return false; // ReleaseAccess answers 403 before the release is asked
				}
				release.signOff(ring, signOff.go() ? Decision.GO : Decision.NO_GO, signOff.go() ? null : "not yet",
						signer, now);
			}
			else if (step instanceof Halt halt) {
				release.halt("stop", false, HOSTS, halt.byHost() ? HOST : PARTNER, now);
			}
			else if (step instanceof Resume resume) {
				release.resume(resume.byHost() ? HOST : RELEASING, now);
			}
			else if (step instanceof Advance) {
				release.advance(HOSTS, POLICY, RELEASING, now);
			}
			else if (step instanceof RollBack) {
				release.rollBack("bad", RELEASING, now);
			}
			return true;
		}
		catch (ReleaseConflict | InvalidRelease refused) {
			assertThat(release.isChanged()).as("a refused %s changes nothing", step).isFalse();
			return false;
		}
	}

	/** The invariant, read from the release alone: every ring it left was earned when it was left. */
	static void assertEveryLeftRingWasEarned(Release release, Kind kind) {
		int left = (release.state() == ReleaseState.COMPLETED) ? release.plan().size() : ring(release);
		for (int ring = 0; ring < left; ring++) {
			RingProgress progress = release.rings().get(ring);
			HealthReport latest = progress.latestHealth();
			assertThat(latest).as("ring %d left without a report", ring).isNotNull();
			assertThat(latest.evaluate(release.plan().get(ring).gates())).as("ring %d left with a breached gate", ring)
				.noneMatch(GateResult::breached);
			assertThat(latest.devicesReporting()).as("ring %d left with too few devices", ring)
				.isGreaterThanOrEqualTo(MIN_DEVICES);
			Map<String, io.parley.rollouts.releases.SignOff> decisions = progress.latestByOrganisation();
			for (String organisation : SIGN_OFFS.get(ring)) {
				assertThat(decisions.get(organisation)).as("ring %d left without %s's go", ring, organisation)
					.isNotNull()
					.extracting(io.parley.rollouts.releases.SignOff::decision)
					.isEqualTo(Decision.GO);
			}
			assertThat(decisions.values()).as("ring %d left with a no-go", ring)
				.noneMatch((signOff) -> signOff.decision() == Decision.NO_GO);
			if (ring == 0 && kernel(kind)) {
				assertThat(decisions.values()).as("kernel-mode ring 0 left without the host's go")
					.anyMatch((signOff) -> signOff.host() && signOff.decision() == Decision.GO);
			}
		}
	}

	/** The rules again, as little as they can be written: no text, no events, just what is allowed and what follows. */
	static final class Model {

		final boolean kernel;

		ReleaseState state = ReleaseState.IN_RING;

		int ring;

		Instant soakFrom;

		long[] latest; // {reporting, crashes, bootFailures}, null until a report since the ring (re)started

		final Map<Integer, Instant> lastObserved = new HashMap<>();

		final Map<Integer, Map<String, Boolean>> goes = new HashMap<>();

		ReleaseState haltedFrom = ReleaseState.IN_RING;

		boolean releasingAsked;

		boolean hostAsked;

		Model(boolean kernel, Instant started) {
			this.kernel = kernel;
			this.soakFrom = started;
		}

		boolean apply(Step step, Instant now) {
			if (step instanceof Report report) {
				Instant observed = now.plusSeconds(report.observedOffsetSeconds());
				Instant last = this.lastObserved.get(this.ring);
				if (observed.isAfter(now.plus(Duration.ofMinutes(5))) || this.state != ReleaseState.IN_RING
						|| report.ringOffset() != 0 || (last != null && !observed.isAfter(last))
						|| observed.isBefore(this.soakFrom)) {
					return false;
				}
				this.latest = new long[] { report.reporting(), report.crashes(), report.bootFailures() };
				this.lastObserved.put(this.ring, observed);
				if (breached(this.latest)) {
					halt();
				}
				return true;
			}
			if (step instanceof SignOff signOff) {
				Actor signer = SIGNERS.get(signOff.signer());
				int target = this.ring + signOff.ringOffset();
				boolean asked = target < SIGN_OFFS.size() && (SIGN_OFFS.get(target).contains(signer.organisationId())
						|| (signer.host() && target == 0 && this.kernel));
				if (!asked || signOff.ringOffset() != 0
						|| (this.state != ReleaseState.IN_RING && !(this.state == ReleaseState.HALTED
								&& this.haltedFrom == ReleaseState.IN_RING))) {
					return false;
				}
				this.goes.computeIfAbsent(this.ring, (ring) -> new HashMap<>()).put(signer.organisationId(), signOff.go());
				return true;
			}
			if (step instanceof Halt) {
				if (this.state != ReleaseState.IN_RING) {
					return false;
				}
				halt();
				return true;
			}
			if (step instanceof Resume resume) {
				if (this.state != ReleaseState.HALTED) {
					return false;
				}
				this.hostAsked |= resume.byHost();
				this.releasingAsked |= !resume.byHost();
				if (this.hostAsked && this.releasingAsked) {
					this.state = this.haltedFrom;
					this.soakFrom = now;
					this.latest = null;
				}
				return true;
			}
			if (step instanceof Advance) {
				if (this.state != ReleaseState.IN_RING || now.isBefore(this.soakFrom.plus(SOAK)) || this.latest == null
						|| breached(this.latest) || this.latest[0] < MIN_DEVICES) {
					return false;
				}
				Map<String, Boolean> decisions = this.goes.getOrDefault(this.ring, Map.of());
				if (decisions.containsValue(false)
						|| !SIGN_OFFS.get(this.ring).stream().allMatch((org) -> Boolean.TRUE.equals(decisions.get(org)))
						|| (this.ring == 0 && this.kernel && !Boolean.TRUE.equals(decisions.get("host")))) {
					return false;
				}
				if (this.ring == SIGN_OFFS.size() - 1) {
					this.state = ReleaseState.COMPLETED;
				}
				else {
					this.ring++;
					this.soakFrom = now;
					this.latest = null;
				}
				return true;
			}
			if (step instanceof RollBack) {
				if (this.state != ReleaseState.IN_RING && this.state != ReleaseState.HALTED) {
					return false;
				}
				this.state = ReleaseState.ROLLED_BACK;
				return true;
			}
			throw new IllegalArgumentException(step.toString());
		}

		private void halt() {
			this.haltedFrom = this.state;
			this.state = ReleaseState.HALTED;
			this.hostAsked = false;
			this.releasingAsked = false;
		}

		/** Crash gate 2 ‰, boot-failure gate 1 ‰ (the plan's), rates over the devices reporting. */
		private static boolean breached(long[] report) {
			return report[0] > 0 && (report[1] * 1000.0 / report[0] > 2.0 || report[2] * 1000.0 / report[0] > 1.0);
		}

	}

	private static Release started(Kind kind, Instant now) {
		List<RingPlan> rings = new ArrayList<>();
		String[] names = { "canary", "pilot", "broad" };
		for (int i = 0; i < names.length; i++) {
			rings.add(new RingPlan(names[i], (i + 1) * 10.0, null, SOAK, new Gates(2.0, 1.0, null, MIN_DEVICES),
					SIGN_OFFS.get(i)));
		}
		Declaration declaration = new Declaration(UUID.randomUUID(), "Sensor", "1.0", kind, "", TlpLabel.GREEN,
				List.of(), List.of(), rings);
		PlanRules.WorkspaceFacts workspace = new PlanRules.WorkspaceFacts(TlpLabel.RED,
				SIGNERS.stream().map((actor) -> new Reader(actor.id(), actor.organisationId())).toList(), Set.of(),
				HOSTS);
		Release release = Release.declare(UUID.randomUUID(), declaration, RELEASING, POLICY, workspace, now);
		release = Release.from(release.snapshot());
		release.schedule(now, List.of(), RELEASING, now);
		release = Release.from(release.snapshot());
		release.start(HOSTS, POLICY, RELEASING, now);
		return Release.from(release.snapshot());
	}

	private static boolean kernel(Kind kind) {
		return POLICY.kernelMode(kind);
	}

	/** The ring it is in, or (completed) the number of rings. */
	private static int ring(Release release) {
		if (release.state() == ReleaseState.COMPLETED) {
			return release.plan().size();
		}
		Integer ring = release.currentRing();
		return (ring != null) ? ring : 0;
	}

}

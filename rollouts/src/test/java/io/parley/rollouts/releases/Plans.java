package io.parley.rollouts.releases;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import io.parley.platform.labels.Reader;
import io.parley.platform.labels.TlpLabel;

/**
 * A small world for the aggregate's plain tests: acme-security releases, {@code host} is the host, other-vendor a
 * partner whose go ring 0 needs, gov-cert a government observer. Times start at {@link #T0}.
 */
final class Plans {

	static final Instant T0 = Instant.parse("2026-03-10T06:00:00Z");

	static final UUID WORKSPACE = UUID.fromString("3c4d5e6f-7a8b-4c9d-8e0f-1a2b3c4d5e6f");

	static final Actor ENGINEER = new Actor("7c6b5a49-3827-4160-a5b4-c3d2e1f0a9b8", "acme-security", false);

	static final Actor PIPELINE = new Actor("9d8e7f6a-5b4c-4d3e-8f2a-1b0c9d8e7f6a", "acme-security", false);

	static final Actor HOST = new Actor("2a3b4c5d-6e7f-4a8b-9c0d-1e2f3a4b5c6d", "host", true);

	static final Actor PARTNER = new Actor("5a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d", "other-vendor", false);

	static final Set<String> HOSTS = Set.of("host");

	static final Duration SOAK = Duration.ofHours(1);

	private Plans() {
	}

	static Gates gates() {
		return new Gates(2.0, 1.0, 5.0, 100);
	}

	static RingPlan ring(String name, double share, String... signers) {
		return new RingPlan(name, share, null, SOAK, gates(), List.of(signers));
	}

	/** canary (needs other-vendor), pilot (needs host), broad (needs nobody). */
	static Declaration declaration(Kind kind) {
		return new Declaration(WORKSPACE, "Acme Falcon Sensor", "7.11.2", kind, "Fixes a memory leak",
				TlpLabel.AMBER, List.of(), List.of(),
				List.of(ring("canary", 1, "other-vendor"), ring("pilot", 10, "host"), ring("broad", 100)));
	}

	static PlanRules.WorkspaceFacts workspace() {
		return new PlanRules.WorkspaceFacts(TlpLabel.RED,
				List.of(new Reader(ENGINEER.id(), "acme-security"), new Reader(HOST.id(), "host"),
						new Reader(PARTNER.id(), "other-vendor"),
						new Reader("0c9e7a52-1d4f-4b3e-8a6c-5e7f9a1b2c33", "gov-cert")),
				Set.of("gov-cert"), HOSTS);
	}

	static Release declared(Kind kind) {
		return Release.declare(UUID.randomUUID(), declaration(kind), ENGINEER, Policy.defaults(), workspace(), T0);
	}

	/** Stored and read back, as the next command would find it: its events are gone, its revision the base. */
	static Release reloaded(Release release) {
		return Release.from(release.snapshot());
	}

	/** Scheduled at {@link #T0} without conflicts and started: in ring 0 since {@code T0}. */
	static Release inRing0(Kind kind) {
		Release release = declared(kind);
		release = reloaded(release);
		release.schedule(T0, List.of(), ENGINEER, T0);
		release = reloaded(release);
		release.start(HOSTS, Policy.defaults(), ENGINEER, T0);
		return reloaded(release);
	}

	/** A healthy report of {@code devices} devices for the ring, observed at {@code at}. */
	static HealthOutcome healthy(Release release, int ring, Instant at, long devices) {
		return release.report(ring, at, devices, devices, 0, 0, 0, HOSTS, PIPELINE, at);
	}

}

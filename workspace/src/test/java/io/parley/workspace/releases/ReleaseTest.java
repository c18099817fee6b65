package io.parley.workspace.releases;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;

import io.parley.platform.events.EventEnvelope;
import io.parley.platform.events.EventTypes;
import io.parley.platform.events.contract.ReleaseHalted;
import io.parley.platform.events.contract.ReleaseHalted.GateBreach;
import io.parley.platform.events.contract.ReleaseSummary;
import io.parley.workspace.WorkspaceApiTest;
import io.parley.workspace.audit.AuditEntry;
import io.parley.workspace.audit.AuditTrail;

import org.springframework.beans.factory.annotation.Autowired;

/**
 * Releases as workspace hears of them: a release of {@code acme-security} declared by {@code partner-engineer} in a
 * workspace {@code host-admin} owns, delivered to the handlers the way platform's dispatcher calls them (the wire is
 * in WarRoomIntegrationTests).
 */
abstract class ReleaseTest extends WorkspaceApiTest {

	static final String RELEASING = "acme-security";

	static final String HOST = "host";

	static final String REASON = "Boot-failure rate 4.2 per mille exceeds the gate of 1.0";

	@Autowired
	ReleaseEvents events;

	@Autowired
	AuditTrail trail;

	/** A workspace {@code host-admin} owns, with these members, each written {@code fixture:ROLE}. */
	UUID workspaceWith(String... members) throws Exception {
		UUID workspace = createWorkspace(unique("Releases"));
		for (String member : members) {
			String[] parts = member.split(":");
			addMember(workspace, parts[0], parts[1]);
		}
		return workspace;
	}

	static ReleaseSummary release(UUID workspace, String label, List<String> namedOrganisations) {
		return new ReleaseSummary(UUID.randomUUID(), workspace, RELEASING, "Acme Falcon Sensor", "7.11.2", "SENSOR",
				label, subjectOf("partner-engineer"), List.of(), namedOrganisations);
	}

	/** An automatic halt in ring 1 by a health gate, reported by {@code actorId}. */
	static ReleaseHalted halt(ReleaseSummary release, List<String> participants, boolean openWarRoom,
			String actorId) {
		return new ReleaseHalted(release, 1, REASON, true, List.of(new GateBreach("BOOT_FAILURE_RATE", 4.2, 1.0, 5000)),
				participants, openWarRoom, actorId);
	}

	/** A fresh envelope, as rollouts' relay would publish it. */
	static EventEnvelope envelope(ReleaseSummary release, long version, Object event) {
		return new EventEnvelope(UUID.randomUUID(), EventTypes.typeOf(event.getClass()),
				Instant.now().truncatedTo(ChronoUnit.MILLIS), "rollouts", release.releaseId().toString(), version,
				JSON.valueToTree(event));
	}

	/** The whole chain of a workspace, oldest first. */
	List<AuditEntry> chain(UUID workspace) {
		try (Stream<AuditEntry> entries = this.trail.stream(workspace)) {
			return entries.toList();
		}
	}

	/** The entries of a chain about this release. */
	List<AuditEntry> about(UUID workspace, ReleaseSummary release) {
		return chain(workspace).stream()
			.filter((entry) -> entry.subject().equals(release.releaseId().toString()))
			.toList();
	}

}

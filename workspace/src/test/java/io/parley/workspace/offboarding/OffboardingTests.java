package io.parley.workspace.offboarding;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import io.parley.platform.access.AccessEnds;
import io.parley.platform.events.EventEnvelope;
import io.parley.platform.events.EventSamples;
import io.parley.platform.events.EventSubscription;
import io.parley.platform.events.EventTypes;
import io.parley.platform.events.contract.AccessScheduled;
import io.parley.platform.events.contract.MemberOffboarded;
import io.parley.workspace.WorkspaceApiTest;
import org.awaitility.Awaitility;
import org.bson.Document;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * Workspace as a consumer of {@code identity.member.offboarded}: the platform's sample event, delivered twice, takes
 * the person ({@code leaver}, whose id is the sample's) out of every workspace once, and their still-valid token is
 * refused from then on. The handler is called as the dispatcher calls it; the wire is in WorkspaceIntegrationTests.
 */
class OffboardingTests extends WorkspaceApiTest {

	private static final String OFFBOARDED = "identity.member.offboarded";

	private static final String SCHEDULED = "identity.member.access-scheduled";

	private static final String COLLECTION = "offboarded_people";

	@Autowired
	OffboardedPeople offboarded;

	@Autowired
	EventSubscription subscription;

	@Autowired
	AccessEnds access;

	@Test
	void givenSubscription_whenReadingEverySampleItBinds_thenEachReadsWithoutLoss() {
		assertThat(this.subscription.queueName()).isEqualTo("workspace-tests");
		List<String> bound = new ArrayList<>(List.of(OFFBOARDED, SCHEDULED, "identity.member.joined",
				"workspace.membership.removed", "rollouts.policy.changed", "rollouts.calendar.freeze-added",
				"rollouts.calendar.freeze-removed"));
		// (its own removals, which war rooms follow; rollouts' portal-wide changes) and every release event
		EventTypes.contracts()
			.keySet()
			.stream()
			.filter((type) -> type.startsWith("rollouts.release."))
			.forEach(bound::add);
		assertThat(this.subscription.boundTypes()).containsOnlyKeys(bound);
		EventSamples.assertConsumerReadsEverySample(this.subscription, JSON);
	}

	@Test
	void givenMemberOfTwoWorkspaces_whenOffboardedEventArrivesTwice_thenRemovedOnceEverywhereAndTokenRefused()
			throws Exception {
		EventEnvelope envelope = EventSamples.envelope(OFFBOARDED);
		MemberOffboarded event = JSON.treeToValue(envelope.data(), MemberOffboarded.class);
		assertThat(event.personId().toString()).isEqualTo(subjectOf("leaver"));
		UUID first = createWorkspace(unique("Rollout"));
		UUID second = createWorkspace(unique("Incidents"));
		addMember(first, "leaver", "CONTRIBUTOR");
		addMember(second, "leaver", "OWNER");
		this.mvc.perform(as("leaver", get("/api/workspaces/" + first))).andExpect(status().isOk());

		this.offboarded.on(event, envelope);
		this.offboarded.on(event, envelope);

		for (UUID workspace : List.of(first, second)) {
			List<EventEnvelope> removals = outbox(workspace).stream()
				.filter((recorded) -> recorded.type().equals("workspace.membership.removed"))
				.toList();
			assertThat(removals).as("removals recorded in %s", workspace).hasSize(1);
			assertThat(text(removals.get(0).data(), "personId")).isEqualTo(subjectOf("leaver"));
			assertThat(text(removals.get(0).data(), "workspaceId")).isEqualTo(workspace.toString());
			EventSamples.assertMatchesSample(removals.get(0), JSON);
			this.mvc.perform(as("host-admin", get("/api/workspaces/" + workspace)))
				.andExpect(jsonPath("$.members.length()").value(1));
		}
		Document record = this.mongo.findById(subjectOf("leaver"), Document.class, COLLECTION);
		assertThat(record).isNotNull();
		assertThat(record.getString("organisationId")).isEqualTo("acme-endpoint");
		assertThat(record.getDate("offboardedAt").toInstant()).isEqualTo(envelope.occurredAt());

		for (String path : List.of("/api/workspaces", "/api/workspaces/" + first, "/api/workspaces/" + second)) {
			this.mvc.perform(as("leaver", get(path)))
				.andExpect(status().isUnauthorized())
				.andExpect(jsonPath("$.type").value("urn:parley:problem:access-revoked"));
		}
	}

	@Test
	void givenOffboardedPersonStillListedAsMember_whenCallingWithValidToken_thenRefusedAtOnce() throws Exception {
		UUID workspace = createWorkspace(unique("Ghosted"));
		addMember(workspace, "ghost", "READER");
		this.mvc.perform(as("ghost", get("/api/workspaces/" + workspace))).andExpect(status().isOk());

		// only the record, as if the membership removals had not run yet
		this.mongo.insert(new Document("_id", subjectOf("ghost")).append("offboardedAt", java.util.Date.from(Instant.now())),
				COLLECTION);

		this.mvc.perform(as("ghost", get("/api/workspaces/" + workspace)))
			.andExpect(status().isUnauthorized())
			.andExpect(jsonPath("$.type").value("urn:parley:problem:access-revoked"));
		this.mvc.perform(as("ghost", get("/api/workspaces"))).andExpect(status().isUnauthorized());
		this.mvc.perform(as("host-admin", get("/api/workspaces/" + workspace)))
			.andExpect(jsonPath("$.members.length()").value(2));
	}

	@Test
	void givenSponsoredMember_whenTheirScheduledEndPasses_thenRefusedAtOnceWithoutAnyOffboarding() throws Exception {
		UUID workspace = expiringMemberOf(unique("Expiring"));
		// far enough ahead that the first request is answered before it even on a loaded 2-core machine (1.5 s was not)
		Instant end = Instant.now().plusSeconds(5);
		schedule("expiring", end, 3);
		// a replayed older schedule (version 2, further out) does not move the end back
		schedule("expiring", end.plusSeconds(3600), 2);
		this.mvc.perform(as("expiring", get("/api/workspaces/" + workspace))).andExpect(status().isOk());

		Awaitility.await().until(() -> Instant.now().isAfter(end));

		this.mvc.perform(as("expiring", get("/api/workspaces/" + workspace)))
			.andExpect(status().isUnauthorized())
			.andExpect(jsonPath("$.type").value("urn:parley:problem:access-revoked"));
	}

	@Test
	void givenExtendedSchedule_whenTheOldEndPasses_thenStillServed() throws Exception {
		UUID workspace = expiringMemberOf(unique("Extended"));
		schedule("expiring", Instant.now().minusSeconds(1), 4);
		this.mvc.perform(as("expiring", get("/api/workspaces/" + workspace))).andExpect(status().isUnauthorized());

		schedule("expiring", Instant.now().plusSeconds(3600), 5);

		this.mvc.perform(as("expiring", get("/api/workspaces/" + workspace))).andExpect(status().isOk());
	}

	/** A new workspace with {@code expiring} as a reader, whose access record earlier tests may have left is gone. */
	private UUID expiringMemberOf(String name) throws Exception {
		UUID workspace = createWorkspace(name);
		addMember(workspace, "expiring", "READER");
		this.mongo.remove(new org.springframework.data.mongodb.core.query.Query(
				org.springframework.data.mongodb.core.query.Criteria.where("_id").is(subjectOf("expiring"))),
				COLLECTION);
		return workspace;
	}

	/** As the dispatcher delivers {@code AccessScheduled}: the sample's envelope, for this person and version. */
	private void schedule(String fixture, Instant end, long version) {
		EventEnvelope sample = EventSamples.envelope(SCHEDULED);
		AccessScheduled event = new AccessScheduled(UUID.fromString(subjectOf(fixture)), organisationOf(fixture), end);
		EventEnvelope envelope = new EventEnvelope(UUID.randomUUID(), SCHEDULED, Instant.now(), sample.producer(),
				subjectOf(fixture), version, JSON.valueToTree(event));
		this.access.scheduled(event, envelope);
	}

}

package io.parley.workspace.offboarding;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import io.parley.platform.events.EventEnvelope;
import io.parley.platform.events.EventSamples;
import io.parley.platform.events.EventSubscription;
import io.parley.platform.events.contract.MemberOffboarded;
import io.parley.workspace.WorkspaceApiTest;
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

	@Autowired
	OffboardedPeople offboarded;

	@Autowired
	EventSubscription subscription;

	@Test
	void givenSubscription_whenReadingEverySampleItBinds_thenEachReadsWithoutLoss() {
		assertThat(this.subscription.queueName()).isEqualTo("workspace-tests");
		assertThat(this.subscription.boundTypes()).containsOnlyKeys(OFFBOARDED, "identity.member.joined");
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
		Document record = this.mongo.findById(subjectOf("leaver"), Document.class, OffboardedPeople.COLLECTION);
		assertThat(record).isNotNull();
		assertThat(record.getString("organisationId")).isEqualTo("acme-endpoint");
		assertThat(record.getList("_appliedEvents", String.class)).containsExactly(envelope.id().toString());

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
				OffboardedPeople.COLLECTION);

		this.mvc.perform(as("ghost", get("/api/workspaces/" + workspace)))
			.andExpect(status().isUnauthorized())
			.andExpect(jsonPath("$.type").value("urn:parley:problem:access-revoked"));
		this.mvc.perform(as("ghost", get("/api/workspaces"))).andExpect(status().isUnauthorized());
		this.mvc.perform(as("host-admin", get("/api/workspaces/" + workspace)))
			.andExpect(jsonPath("$.members.length()").value(2));
	}

}

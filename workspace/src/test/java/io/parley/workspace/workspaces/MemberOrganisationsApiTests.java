package io.parley.workspace.workspaces;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.parley.platform.events.EventEnvelope;
import io.parley.platform.events.EventSamples;
import io.parley.workspace.WorkspaceApiTest;
import io.parley.workspace.audit.AuditEntry;
import io.parley.workspace.audit.AuditTrail;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/** Member organisations: owners add and remove them; every member person belongs to one. */
class MemberOrganisationsApiTests extends WorkspaceApiTest {

	@Autowired
	AuditTrail trail;

	@Test
	void givenNewWorkspace_whenReading_thenTheCreatorsOrganisationIsItsOnlyMemberOrganisation() throws Exception {
		UUID workspace = createWorkspace(unique("Orgs"));

		this.mvc.perform(as("host-admin", get("/api/workspaces/" + workspace)))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.organisations").value(containsInAnyOrder("host")));
	}

	@Test
	void givenOwner_whenAddingAnOrganisation_thenShownAndAuditedWithoutAnEvent() throws Exception {
		UUID workspace = createWorkspace(unique("Orgs"));

		this.mvc.perform(as("host-admin", json(post("/api/workspaces/" + workspace + "/organisations"),
				Map.of("organisationId", "gov-cert"))))
			.andExpect(status().isCreated())
			.andExpect(header().string(HttpHeaders.LOCATION, endsWith("/organisations/gov-cert")))
			.andExpect(jsonPath("$.organisations").value(containsInAnyOrder("host", "gov-cert")));
		this.mvc.perform(as("host-admin", get("/api/workspaces/" + workspace)))
			.andExpect(jsonPath("$.organisations").value(containsInAnyOrder("host", "gov-cert")));

		AuditEntry added = this.trail.page(workspace, 0, 1).get(0);
		assertThat(added.action()).isEqualTo("organisation.added");
		assertThat(added.subject()).isEqualTo("gov-cert");
		assertThat(added.actorId()).isEqualTo(subjectOf("host-admin"));
		assertThat(outbox(workspace)).hasSize(2);

		this.mvc.perform(as("host-admin", json(post("/api/workspaces/" + workspace + "/organisations"),
				Map.of("organisationId", "gov-cert"))))
			.andExpect(status().isConflict())
			.andExpect(jsonPath("$.type").value("urn:parley:problem:already-member-organisation"));
	}

	@Test
	void givenPersonOfAnOrganisationNotYetAMember_whenAdded_thenTheirOrganisationIsAddedInTheSameWrite()
			throws Exception {
		UUID workspace = createWorkspace(unique("Orgs"));

		addMember(workspace, "partner-engineer", "CONTRIBUTOR");

		this.mvc.perform(as("host-admin", get("/api/workspaces/" + workspace)))
			.andExpect(jsonPath("$.organisations").value(containsInAnyOrder("host", "acme-security")));
		List<AuditEntry> newest = this.trail.page(workspace, 0, 2);
		assertThat(newest).extracting(AuditEntry::action).containsExactly("membership.added", "organisation.added");
		assertThat(newest.get(1).details()).containsEntry("reason", "member-added");
	}

	@Test
	void givenOrganisationWithMembers_whenRemoved_thenItsPeopleLeaveInTheSameWriteWithTheirEvents()
			throws Exception {
		UUID workspace = createWorkspace(unique("Orgs"));
		addMember(workspace, "partner-engineer", "CONTRIBUTOR");
		addMember(workspace, "neighbour", "READER");
		addMember(workspace, "gov-liaison", "READER");

		this.mvc.perform(as("host-admin", delete("/api/workspaces/" + workspace + "/organisations/acme-security")))
			.andExpect(status().isNoContent());

		this.mvc.perform(as("host-admin", get("/api/workspaces/" + workspace)))
			.andExpect(jsonPath("$.organisations").value(containsInAnyOrder("host", "gov-cert")))
			.andExpect(jsonPath("$.members[*].personId")
				.value(containsInAnyOrder(subjectOf("host-admin"), subjectOf("gov-liaison"))));
		List<EventEnvelope> removals = outbox(workspace).stream()
			.filter((event) -> event.type().equals("workspace.membership.removed"))
			.toList();
		assertThat(removals).extracting((event) -> text(event.data(), "personId"))
			.containsExactlyInAnyOrder(subjectOf("partner-engineer"), subjectOf("neighbour"));
		assertThat(removals).extracting(EventEnvelope::aggregateVersion).containsOnly(5L);
		removals.forEach((event) -> EventSamples.assertMatchesSample(event, JSON));
		List<AuditEntry> newest = this.trail.page(workspace, 0, 3);
		assertThat(newest).extracting(AuditEntry::action)
			.containsExactly("membership.removed", "membership.removed", "organisation.removed");
		assertThat(newest.get(0).details()).containsEntry("reason", "organisation-removed");
		this.mvc.perform(as("partner-engineer", get("/api/workspaces/" + workspace)))
			.andExpect(status().isNotFound());
	}

	@Test
	void givenTheOnlyOwnersOrganisation_whenRemoved_thenConflictAndNothingChanges() throws Exception {
		UUID workspace = createWorkspace(unique("Orgs"));
		addMember(workspace, "partner-engineer", "CONTRIBUTOR");

		this.mvc.perform(as("host-admin", delete("/api/workspaces/" + workspace + "/organisations/host")))
			.andExpect(status().isConflict())
			.andExpect(jsonPath("$.type").value("urn:parley:problem:last-owner"));
		this.mvc.perform(as("host-admin", get("/api/workspaces/" + workspace)))
			.andExpect(jsonPath("$.organisations").value(containsInAnyOrder("host", "acme-security")))
			.andExpect(jsonPath("$.members.length()").value(2));
	}

	@Test
	void givenOrganisationThatIsNoMember_whenRemoved_thenNotFound() throws Exception {
		UUID workspace = createWorkspace(unique("Orgs"));

		this.mvc.perform(as("host-admin", delete("/api/workspaces/" + workspace + "/organisations/gov-cert")))
			.andExpect(status().isNotFound())
			.andExpect(jsonPath("$.type").value("urn:parley:problem:not-found"));
	}

	@Test
	void givenInvalidOrganisationIds_whenAddingOrRemoving_thenBadRequestNamingTheField() throws Exception {
		UUID workspace = createWorkspace(unique("Orgs"));

		for (Object invalid : List.of("Not A Slug", "-edge", "x".repeat(65), "")) {
			this.mvc.perform(as("host-admin", json(post("/api/workspaces/" + workspace + "/organisations"),
					Map.of("organisationId", invalid))))
				.andExpect(status().isBadRequest())
				.andExpect(jsonPath("$.type").value("urn:parley:problem:invalid-request"))
				.andExpect(jsonPath("$.detail").value(containsString("organisationId")));
		}
		this.mvc.perform(as("host-admin", json(post("/api/workspaces/" + workspace + "/organisations"), Map.of())))
			.andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.detail").value(containsString("organisationId")));
		this.mvc.perform(as("host-admin", delete("/api/workspaces/" + workspace + "/organisations/UPPER")))
			.andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.detail").value(containsString("organisationId")));
		this.mvc.perform(as("host-admin", get("/api/workspaces/" + workspace)))
			.andExpect(jsonPath("$.organisations").value(containsInAnyOrder("host")));
	}

	@Test
	void givenWorkspaceStoredBeforeOrganisationsWereKept_whenRead_thenItsMembersOrganisationsAreItsOwn() {
		UUID id = UUID.randomUUID();
		this.mongo.insert(new org.bson.Document("_id", id).append("name", "Old")
			.append("purpose", "")
			.append("labelCeiling", "GREEN")
			.append("members", List.of(new org.bson.Document("personId", UUID.randomUUID().toString())
				.append("organisation", "gov-cert")
				.append("role", "OWNER")))
			.append("createdAt", new java.util.Date())
			.append("createdBy", "someone")
			.append("version", 1L), "workspaces");

		assertThat(this.mongo.findById(id, Workspace.class).organisations()).containsExactly("gov-cert");
	}

}

package io.parley.workspace.workspaces;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

import io.parley.platform.events.EventEnvelope;
import io.parley.platform.events.EventSamples;
import io.parley.workspace.WorkspaceApiTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import org.springframework.http.HttpHeaders;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * Creating workspaces and changing their members, with who may do what: portal admin, owner ({@code host-admin},
 * the creator), contributor ({@code partner-engineer}), reader ({@code gov-liaison}), someone of another
 * organisation ({@code outsider}) and nobody at all.
 */
class MembershipApiTests extends WorkspaceApiTest {

	private static final String INVALID = "urn:parley:problem:invalid-request";

	private static final String NOT_FOUND = "urn:parley:problem:not-found";

	private static final String FORBIDDEN = "urn:parley:problem:forbidden";

	@Test
	void givenPortalAdmin_whenCreatingWorkspace_thenCreatedWithCreatorAsOwnerAndMemberAddedRecorded()
			throws Exception {
		String name = unique("Safe deployment");
		String body = this.mvc
			.perform(as("host-admin", json(post("/api/workspaces"), Map.of("name", name, "purpose",
					"Coordinate the staged rollout\nwith partners", "labelCeiling", "TLP:AMBER+STRICT"))))
			.andExpect(status().isCreated())
			.andExpect(header().string(HttpHeaders.LOCATION, org.hamcrest.Matchers.startsWith("/api/workspaces/")))
			.andExpect(jsonPath("$.name").value(name))
			.andExpect(jsonPath("$.labelCeiling").value("TLP:AMBER+STRICT"))
			.andExpect(jsonPath("$.myRole").value("OWNER"))
			.andExpect(jsonPath("$.members.length()").value(1))
			.andExpect(jsonPath("$.members[0].personId").value(subjectOf("host-admin")))
			.andExpect(jsonPath("$.members[0].organisation").value("host"))
			.andExpect(jsonPath("$.members[0].role").value("OWNER"))
			.andReturn()
			.getResponse()
			.getContentAsString();
		UUID id = UUID.fromString(JSON.readTree(body).get("id").asString());

		List<EventEnvelope> events = outbox(id);
		assertThat(events).extracting(EventEnvelope::type)
			.containsExactly("workspace.workspace.created", "workspace.membership.added");
		EventEnvelope created = events.get(0);
		assertThat(created.aggregateVersion()).isEqualTo(1);
		assertThat(text(created.data(), "workspaceId")).isEqualTo(id.toString());
		assertThat(text(created.data(), "name")).isEqualTo(name);
		assertThat(text(created.data(), "labelCeiling")).isEqualTo("TLP:AMBER+STRICT");
		assertThat(text(created.data(), "createdBy")).isEqualTo(subjectOf("host-admin"));
		EventSamples.assertMatchesSample(created, JSON);
		EventEnvelope added = events.get(1);
		assertThat(added.type()).isEqualTo("workspace.membership.added");
		assertThat(added.producer()).isEqualTo("workspace");
		assertThat(added.aggregateId()).isEqualTo(id.toString());
		assertThat(added.aggregateVersion()).isEqualTo(1);
		assertThat(text(added.data(), "workspaceId")).isEqualTo(id.toString());
		assertThat(text(added.data(), "personId")).isEqualTo(subjectOf("host-admin"));
		assertThat(text(added.data(), "organisationId")).isEqualTo("host");
		assertThat(text(added.data(), "role")).isEqualTo("owner");
		EventSamples.assertMatchesSample(added, JSON);
	}

	@Test
	void givenMemberWithoutPortalAdminRole_whenCreatingWorkspace_thenForbidden() throws Exception {
		this.mvc
			.perform(as("partner-engineer", json(post("/api/workspaces"),
					Map.of("name", unique("Mine"), "purpose", "", "labelCeiling", "TLP:GREEN"))))
			.andExpect(status().isForbidden())
			.andExpect(content().contentTypeCompatibleWith("application/problem+json"))
			.andExpect(jsonPath("$.type").value(FORBIDDEN));
	}

	@Test
	void givenNoToken_whenCreatingWorkspace_thenUnauthorized() throws Exception {
		this.mvc
			.perform(json(post("/api/workspaces"),
					Map.of("name", unique("Anon"), "purpose", "", "labelCeiling", "TLP:GREEN")))
			.andExpect(status().isUnauthorized());
	}

	static Stream<Arguments> invalidWorkspaces() {
		return Stream.of(Arguments.of("blank name", Map.of("name", "  ", "purpose", "", "labelCeiling", "TLP:RED")),
				Arguments.of("name too long",
						Map.of("name", "a".repeat(101), "purpose", "", "labelCeiling", "TLP:RED")),
				Arguments.of("markup in name",
						Map.of("name", "<script>alert(1)</script>", "purpose", "", "labelCeiling", "TLP:RED")),
				Arguments.of("control character in name",
						Map.of("name", "Ops\u0000room", "purpose", "", "labelCeiling", "TLP:RED")),
				Arguments.of("bidi override in purpose",
						Map.of("name", "Ops", "purpose", "harmless\u202Etxt.exe", "labelCeiling", "TLP:RED")),
				Arguments.of("purpose too long",
						Map.of("name", "Ops", "purpose", "x".repeat(2001), "labelCeiling", "TLP:RED")),
				Arguments.of("unknown label", Map.of("name", "Ops", "purpose", "", "labelCeiling", "TLP:WHITE")),
				Arguments.of("label in the wrong spelling",
						Map.of("name", "Ops", "purpose", "", "labelCeiling", "AMBER_STRICT")),
				Arguments.of("no label", Map.of("name", "Ops", "purpose", "")),
				Arguments.of("no purpose", Map.of("name", "Ops", "labelCeiling", "TLP:RED")));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("invalidWorkspaces")
	void givenInvalidWorkspace_whenCreating_thenBadRequestProblem(String why, Map<String, Object> request)
			throws Exception {
		this.mvc.perform(as("host-admin", json(post("/api/workspaces"), request)))
			.andExpect(status().isBadRequest())
			.andExpect(content().contentTypeCompatibleWith("application/problem+json"))
			.andExpect(jsonPath("$.type").value(INVALID));
	}

	static Stream<Arguments> invalidMembers() {
		return Stream.of(
				Arguments.of("person id not a UUID",
						Map.of("personId", "../admin", "organisation", "acme-security", "role", "READER")),
				Arguments.of("organisation with capitals and punctuation",
						Map.of("personId", UUID.randomUUID().toString(), "organisation", "ACME!", "role", "READER")),
				Arguments.of("organisation too long", Map.of("personId", UUID.randomUUID().toString(),
						"organisation", "a".repeat(65), "role", "READER")),
				Arguments.of("unknown role", Map.of("personId", UUID.randomUUID().toString(), "organisation",
						"acme-security", "role", "admin")),
				Arguments.of("no role",
						Map.of("personId", UUID.randomUUID().toString(), "organisation", "acme-security")),
				Arguments.of("no person", Map.of("organisation", "acme-security", "role", "READER")));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("invalidMembers")
	void givenInvalidMember_whenAdding_thenBadRequestProblem(String why, Map<String, Object> request)
			throws Exception {
		UUID workspace = createWorkspace(unique("Validation"));
		this.mvc.perform(as("host-admin", json(post("/api/workspaces/" + workspace + "/members"), request)))
			.andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.type").value(INVALID));
		assertThat(outbox(workspace)).hasSize(2);
	}

	@Test
	void givenMalformedIds_whenCalling_thenBadRequest() throws Exception {
		UUID workspace = createWorkspace(unique("Ids"));
		this.mvc.perform(as("host-admin", get("/api/workspaces/not-a-uuid")))
			.andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.type").value(INVALID));
		this.mvc.perform(as("host-admin", delete("/api/workspaces/" + workspace + "/members/..%2F")))
			.andExpect(status().is4xxClientError());
		this.mvc.perform(as("host-admin", delete("/api/workspaces/" + workspace + "/members/12345")))
			.andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.type").value(INVALID));
	}

	@Test
	void givenOwner_whenAddingMember_thenMemberAddedWithItsEvent() throws Exception {
		UUID workspace = createWorkspace(unique("Add"));
		known("partner-engineer");

		this.mvc
			.perform(as("host-admin", json(post("/api/workspaces/" + workspace + "/members"), Map.of("personId",
					subjectOf("partner-engineer"), "organisation", "acme-security", "role", "CONTRIBUTOR"))))
			.andExpect(status().isCreated())
			.andExpect(header().string(HttpHeaders.LOCATION, endsWith("/members/" + subjectOf("partner-engineer"))))
			.andExpect(jsonPath("$.members[*].personId").value(hasItem(subjectOf("partner-engineer"))));

		List<EventEnvelope> events = outbox(workspace);
		assertThat(events).hasSize(3);
		EventEnvelope added = events.get(2);
		assertThat(added.type()).isEqualTo("workspace.membership.added");
		assertThat(added.aggregateVersion()).isEqualTo(2);
		assertThat(text(added.data(), "workspaceId")).isEqualTo(workspace.toString());
		assertThat(text(added.data(), "personId")).isEqualTo(subjectOf("partner-engineer"));
		assertThat(text(added.data(), "organisationId")).isEqualTo("acme-security");
		assertThat(text(added.data(), "role")).isEqualTo("contributor");
		EventSamples.assertMatchesSample(added, JSON);

		this.mvc.perform(as("partner-engineer", get("/api/workspaces/" + workspace)))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.myRole").value("CONTRIBUTOR"));
	}

	/**
	 * Issue 13, item 4: the organisation decides who sees TLP:AMBER+STRICT documents and who acknowledges for it, so
	 * an owner typing {@code gov-cert} for a colleague must not make them gov-cert.
	 */
	@Test
	void givenOwnerNamingAnotherOrganisation_whenAddingMember_thenRefusedAndNothingRecorded() throws Exception {
		UUID workspace = createWorkspace(unique("Typed organisation"));
		known("partner-engineer");

		this.mvc
			.perform(as("host-admin", json(post("/api/workspaces/" + workspace + "/members"), Map.of("personId",
					subjectOf("partner-engineer"), "organisation", "gov-cert", "role", "CONTRIBUTOR"))))
			.andExpect(status().isUnprocessableEntity())
			.andExpect(jsonPath("$.type").value("urn:parley:problem:organisation-mismatch"))
			.andExpect(jsonPath("$.detail").value(containsString("belongs to acme-security, not gov-cert")));
		assertThat(outbox(workspace)).hasSize(2);
		this.mvc.perform(as("partner-engineer", get("/api/workspaces/" + workspace)))
			.andExpect(status().isNotFound());
	}

	@Test
	void givenNoOrganisationInRequest_whenAddingMember_thenIdentitysOrganisationRecorded() throws Exception {
		UUID workspace = createWorkspace(unique("Organisation from identity"));
		known("gov-liaison");

		this.mvc
			.perform(as("host-admin", json(post("/api/workspaces/" + workspace + "/members"),
					Map.of("personId", subjectOf("gov-liaison"), "role", "READER"))))
			.andExpect(status().isCreated());

		assertThat(text(outbox(workspace).get(2).data(), "organisationId")).isEqualTo("gov-cert");
		this.mvc.perform(as("host-admin", get("/api/workspaces/" + workspace)))
			.andExpect(jsonPath("$.organisations").value(hasItem("gov-cert")));
	}

	@Test
	void givenPersonIdentityNeverMentioned_whenAddingMember_thenUnprocessableWithAReason() throws Exception {
		UUID workspace = createWorkspace(unique("Unknown person"));

		this.mvc
			.perform(as("host-admin", json(post("/api/workspaces/" + workspace + "/members"),
					Map.of("personId", UUID.randomUUID().toString(), "organisation", "acme-security", "role",
							"READER"))))
			.andExpect(status().isUnprocessableEntity())
			.andExpect(jsonPath("$.type").value("urn:parley:problem:unknown-person"))
			.andExpect(jsonPath("$.detail").value(containsString("accepted their invitation")));
		assertThat(outbox(workspace)).hasSize(2);
	}

	@Test
	void givenAlreadyMember_whenAddingAgain_thenConflictAndNothingRecorded() throws Exception {
		UUID workspace = createWorkspace(unique("Twice"));
		addMember(workspace, "gov-liaison", "READER");

		this.mvc
			.perform(as("host-admin", json(post("/api/workspaces/" + workspace + "/members"),
					Map.of("personId", subjectOf("gov-liaison"), "organisation", "gov-cert", "role", "OWNER"))))
			.andExpect(status().isConflict())
			.andExpect(jsonPath("$.type").value("urn:parley:problem:already-member"));
		assertThat(outbox(workspace)).hasSize(3);
	}

	@Test
	void givenNonOwnerMembers_whenChangingMembers_thenForbiddenAndNothingRecorded() throws Exception {
		UUID workspace = createWorkspace(unique("Roles"));
		addMember(workspace, "partner-engineer", "CONTRIBUTOR");
		addMember(workspace, "gov-liaison", "READER");

		for (String nonOwner : List.of("partner-engineer", "gov-liaison")) {
			this.mvc
				.perform(as(nonOwner, json(post("/api/workspaces/" + workspace + "/members"), Map.of("personId",
						UUID.randomUUID().toString(), "organisation", "acme-security", "role", "OWNER"))))
				.andExpect(status().isForbidden())
				.andExpect(jsonPath("$.type").value(FORBIDDEN));
			this.mvc.perform(as(nonOwner, delete("/api/workspaces/" + workspace + "/members/" + subjectOf("host-admin"))))
				.andExpect(status().isForbidden())
				.andExpect(jsonPath("$.type").value(FORBIDDEN));
		}
		assertThat(outbox(workspace)).hasSize(4);
	}

	@Test
	void givenOtherOrganisation_whenChangingMembers_thenNotFoundAsIfNoSuchWorkspace() throws Exception {
		UUID workspace = createWorkspace(unique("Hidden"));
		addMember(workspace, "partner-engineer", "CONTRIBUTOR");

		this.mvc
			.perform(as("outsider", json(post("/api/workspaces/" + workspace + "/members"),
					Map.of("personId", subjectOf("outsider"), "organisation", "other-vendor", "role", "OWNER"))))
			.andExpect(status().isNotFound())
			.andExpect(jsonPath("$.type").value(NOT_FOUND));
		this.mvc
			.perform(as("outsider", delete("/api/workspaces/" + workspace + "/members/" + subjectOf("partner-engineer"))))
			.andExpect(status().isNotFound())
			.andExpect(jsonPath("$.type").value(NOT_FOUND));
		// the same answer as for a workspace that does not exist
		this.mvc
			.perform(as("outsider", delete("/api/workspaces/" + UUID.randomUUID() + "/members/"
					+ subjectOf("partner-engineer"))))
			.andExpect(status().isNotFound())
			.andExpect(jsonPath("$.type").value(NOT_FOUND));
		assertThat(outbox(workspace)).hasSize(3);
	}

	@Test
	void givenOwner_whenRemovingMember_thenMemberLosesTheWorkspaceAndRemovalRecorded() throws Exception {
		UUID workspace = createWorkspace(unique("Remove"));
		addMember(workspace, "partner-engineer", "CONTRIBUTOR");

		this.mvc
			.perform(as("host-admin", delete("/api/workspaces/" + workspace + "/members/" + subjectOf("partner-engineer"))))
			.andExpect(status().isNoContent());

		EventEnvelope removed = outbox(workspace).get(3);
		assertThat(removed.type()).isEqualTo("workspace.membership.removed");
		assertThat(removed.aggregateVersion()).isEqualTo(3);
		assertThat(text(removed.data(), "workspaceId")).isEqualTo(workspace.toString());
		assertThat(text(removed.data(), "personId")).isEqualTo(subjectOf("partner-engineer"));
		EventSamples.assertMatchesSample(removed, JSON);
		this.mvc.perform(as("partner-engineer", get("/api/workspaces/" + workspace)))
			.andExpect(status().isNotFound());
		this.mvc.perform(as("partner-engineer", get("/api/workspaces")))
			.andExpect(jsonPath("$[*].id").value(not(hasItem(workspace.toString()))));
		this.mvc
			.perform(as("host-admin", delete("/api/workspaces/" + workspace + "/members/" + subjectOf("partner-engineer"))))
			.andExpect(status().isNotFound());
	}

	@Test
	void givenLastOwner_whenRemovingThemselves_thenConflictAndTheyStayOwner() throws Exception {
		UUID workspace = createWorkspace(unique("Last owner"));

		this.mvc.perform(as("host-admin", delete("/api/workspaces/" + workspace + "/members/" + subjectOf("host-admin"))))
			.andExpect(status().isConflict())
			.andExpect(content().contentTypeCompatibleWith("application/problem+json"))
			.andExpect(jsonPath("$.type").value("urn:parley:problem:last-owner"));
		this.mvc.perform(as("host-admin", get("/api/workspaces/" + workspace)))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.myRole").value("OWNER"));
		assertThat(outbox(workspace)).hasSize(2);
	}

	@Test
	void givenSecondOwner_whenFirstOwnerLeaves_thenTheSecondOwnerRunsTheWorkspace() throws Exception {
		UUID workspace = createWorkspace(unique("Handover"));
		addMember(workspace, "gov-liaison", "OWNER");

		this.mvc.perform(as("host-admin", delete("/api/workspaces/" + workspace + "/members/" + subjectOf("host-admin"))))
			.andExpect(status().isNoContent());
		this.mvc.perform(as("gov-liaison", delete("/api/workspaces/" + workspace + "/members/" + subjectOf("gov-liaison"))))
			.andExpect(status().isConflict())
			.andExpect(jsonPath("$.type").value("urn:parley:problem:last-owner"));
	}

	@Test
	void givenWorkspace_whenGettingById_thenOnlyMembersSeeIt() throws Exception {
		UUID workspace = createWorkspace(unique("Matrix"));
		addMember(workspace, "partner-engineer", "CONTRIBUTOR");
		addMember(workspace, "gov-liaison", "READER");
		String path = "/api/workspaces/" + workspace;

		Map<String, String> members = Map.of("host-admin", "OWNER", "partner-engineer", "CONTRIBUTOR", "gov-liaison",
				"READER");
		for (Map.Entry<String, String> member : members.entrySet()) {
			this.mvc.perform(as(member.getKey(), get(path)))
				.andExpect(status().isOk())
				.andExpect(jsonPath("$.id").value(workspace.toString()))
				.andExpect(jsonPath("$.labelCeiling").value("TLP:AMBER"))
				.andExpect(jsonPath("$.myRole").value(member.getValue()))
				.andExpect(jsonPath("$.members.length()").value(3));
		}
		this.mvc.perform(as("outsider", get(path)))
			.andExpect(status().isNotFound())
			.andExpect(content().contentTypeCompatibleWith("application/problem+json"))
			.andExpect(jsonPath("$.type").value(NOT_FOUND));
		this.mvc.perform(as("outsider", get("/api/workspaces/" + UUID.randomUUID())))
			.andExpect(status().isNotFound())
			.andExpect(jsonPath("$.type").value(NOT_FOUND));
		this.mvc.perform(get(path))
			.andExpect(status().isUnauthorized())
			.andExpect(jsonPath("$.type").value("urn:parley:problem:unauthenticated"));
	}

	@Test
	void givenPortalAdminWhoIsNoMember_whenGettingWorkspace_thenNotFound() throws Exception {
		UUID workspace = createWorkspace(unique("Admin leaves"));
		addMember(workspace, "gov-liaison", "OWNER");
		this.mvc.perform(as("host-admin", delete("/api/workspaces/" + workspace + "/members/" + subjectOf("host-admin"))))
			.andExpect(status().isNoContent());

		this.mvc.perform(as("host-admin", get("/api/workspaces/" + workspace))).andExpect(status().isNotFound());
	}

	@Test
	void givenNewWorkspace_whenListingMine_thenOnlyItsMembersSeeIt() throws Exception {
		String name = unique("Listed");
		UUID workspace = createWorkspace(name);
		addMember(workspace, "gov-liaison", "READER");

		this.mvc.perform(as("gov-liaison", get("/api/workspaces")))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$[?(@.name == '" + name + "')].myRole").value("READER"))
			.andExpect(jsonPath("$[?(@.name == '" + name + "')].labelCeiling").value("TLP:AMBER"));
		this.mvc.perform(as("host-admin", get("/api/workspaces")))
			.andExpect(jsonPath("$[*].name").value(hasItem(name)));
		this.mvc.perform(as("outsider", get("/api/workspaces")))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$[*].name").value(not(hasItem(name))));
		this.mvc.perform(as("partner-engineer", get("/api/workspaces")))
			.andExpect(jsonPath("$[*].name").value(not(hasItem(name))));
	}

}

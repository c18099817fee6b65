package io.parley.workspace.workspaces;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.parley.platform.events.EventEnvelope;
import io.parley.platform.events.EventSamples;
import io.parley.workspace.WorkspaceApiTest;
import io.parley.workspace.audit.AuditEntry;
import io.parley.workspace.audit.AuditOutbox;
import io.parley.workspace.audit.AuditTrail;
import io.parley.workspace.audit.PendingEntry;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.test.context.bean.override.mockito.MockitoSpyBean;
import org.springframework.test.web.servlet.ResultActions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.mockito.ArgumentMatchers.argThat;
import static org.mockito.Mockito.doThrow;
import static org.mockito.Mockito.reset;
import static org.springframework.data.mongodb.core.query.Criteria.where;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * Changing a member's role in place (issue 16): owners only, the last owner stays, the change recorded with its
 * audit entry and its {@code workspace.membership.role-changed} event in one write.
 */
class MemberRoleApiTests extends WorkspaceApiTest {

	@MockitoSpyBean
	AuditTrail trail;

	@Autowired
	AuditOutbox auditOutbox;

	@AfterEach
	void chainBack() {
		reset(this.trail);
	}

	@Test
	void givenOwner_whenChangingAContributorToReader_thenTheRoleChangesWithItsEventAndAuditEntry() throws Exception {
		UUID workspace = createWorkspace(unique("Roles in place"));
		addMember(workspace, "partner-engineer", "CONTRIBUTOR");

		changeRole("host-admin", workspace, "partner-engineer", "READER").andExpect(status().isOk())
			.andExpect(jsonPath("$.members[?(@.personId == '" + subjectOf("partner-engineer") + "')].role")
				.value(org.hamcrest.Matchers.contains("READER")));

		List<EventEnvelope> events = outbox(workspace);
		assertThat(events).extracting(EventEnvelope::type)
			.containsExactly("workspace.workspace.created", "workspace.membership.added",
					"workspace.membership.added", "workspace.membership.role-changed");
		EventEnvelope changed = events.get(3);
		assertThat(changed.aggregateVersion()).isEqualTo(3);
		assertThat(text(changed.data(), "workspaceId")).isEqualTo(workspace.toString());
		assertThat(text(changed.data(), "personId")).isEqualTo(subjectOf("partner-engineer"));
		assertThat(text(changed.data(), "organisationId")).isEqualTo("acme-security");
		assertThat(text(changed.data(), "previousRole")).isEqualTo("contributor");
		assertThat(text(changed.data(), "role")).isEqualTo("reader");
		EventSamples.assertMatchesSample(changed, JSON);

		AuditEntry entry = chain(workspace).get(chain(workspace).size() - 1);
		assertThat(entry.action()).isEqualTo("membership.role-changed");
		assertThat(entry.actorId()).isEqualTo(subjectOf("host-admin"));
		assertThat(entry.subject()).isEqualTo(subjectOf("partner-engineer"));
		assertThat(entry.details()).containsEntry("previousRole", "contributor")
			.containsEntry("role", "reader")
			.containsEntry("organisation", "acme-security");
		this.mvc.perform(as("partner-engineer", get("/api/workspaces/" + workspace)))
			.andExpect(jsonPath("$.myRole").value("READER"));
	}

	@Test
	void givenTheSameRole_whenChanging_thenNothingIsRecorded() throws Exception {
		UUID workspace = createWorkspace(unique("Same role"));
		addMember(workspace, "partner-engineer", "CONTRIBUTOR");
		int entries = chain(workspace).size();

		changeRole("host-admin", workspace, "partner-engineer", "CONTRIBUTOR").andExpect(status().isOk());

		assertThat(outbox(workspace)).hasSize(3);
		assertThat(chain(workspace)).hasSize(entries);
	}

	@Test
	void givenTheLastOwner_whenSteppingDown_thenConflictInWordsAndNothingRecorded() throws Exception {
		UUID workspace = createWorkspace(unique("Last owner stays"));

		changeRole("host-admin", workspace, "host-admin", "CONTRIBUTOR").andExpect(status().isConflict())
			.andExpect(jsonPath("$.type").value("urn:parley:problem:last-owner"))
			.andExpect(jsonPath("$.detail").value(containsString("make someone else an owner first")));

		assertThat(outbox(workspace)).hasSize(2);
		this.mvc.perform(as("host-admin", get("/api/workspaces/" + workspace)))
			.andExpect(jsonPath("$.myRole").value("OWNER"));
	}

	@Test
	void givenASecondOwner_whenTheFirstStepsDown_thenAllowedAndTheSecondIsNowTheLast() throws Exception {
		UUID workspace = createWorkspace(unique("Handover of roles"));
		addMember(workspace, "gov-liaison", "READER");
		changeRole("host-admin", workspace, "gov-liaison", "OWNER").andExpect(status().isOk());

		changeRole("host-admin", workspace, "host-admin", "READER").andExpect(status().isOk())
			.andExpect(jsonPath("$.myRole").value("READER"));

		changeRole("gov-liaison", workspace, "gov-liaison", "CONTRIBUTOR").andExpect(status().isConflict())
			.andExpect(jsonPath("$.type").value("urn:parley:problem:last-owner"));
		changeRole("host-admin", workspace, "gov-liaison", "READER").andExpect(status().isForbidden());
	}

	@Test
	void givenAMemberWhoIsNotAnOwner_whenChangingARole_thenForbiddenAndNothingRecorded() throws Exception {
		UUID workspace = createWorkspace(unique("Not an owner"));
		addMember(workspace, "partner-engineer", "CONTRIBUTOR");
		addMember(workspace, "gov-liaison", "READER");

		changeRole("partner-engineer", workspace, "partner-engineer", "OWNER").andExpect(status().isForbidden())
			.andExpect(jsonPath("$.type").value("urn:parley:problem:forbidden"))
			.andExpect(jsonPath("$.detail").value("Only owners of the workspace do this."));
		changeRole("gov-liaison", workspace, "host-admin", "READER").andExpect(status().isForbidden());

		assertThat(outbox(workspace)).hasSize(4);
		assertThat(chain(workspace)).extracting(AuditEntry::action)
			.doesNotContain("membership.role-changed")
			.contains("access.refused");
	}

	@Test
	void givenSomeoneOfAnotherOrganisation_whenChangingARole_thenNotFoundAsIfNoSuchWorkspace() throws Exception {
		UUID workspace = createWorkspace(unique("Hidden roles"));
		addMember(workspace, "partner-engineer", "CONTRIBUTOR");

		changeRole("outsider", workspace, "partner-engineer", "OWNER").andExpect(status().isNotFound())
			.andExpect(jsonPath("$.type").value("urn:parley:problem:not-found"));
		changeRole("outsider", UUID.randomUUID(), "partner-engineer", "OWNER").andExpect(status().isNotFound())
			.andExpect(jsonPath("$.type").value("urn:parley:problem:not-found"));
		assertThat(outbox(workspace)).hasSize(3);
	}

	@Test
	void givenSomeoneWhoIsNoMember_whenTheOwnerChangesTheirRole_thenNotFoundAndInvalidRoleRefused() throws Exception {
		UUID workspace = createWorkspace(unique("No such member"));

		changeRole("host-admin", workspace, "partner-engineer", "READER").andExpect(status().isNotFound())
			.andExpect(jsonPath("$.detail").value(containsString("member")));
		this.mvc.perform(as("host-admin", json(put(rolePath(workspace, "host-admin")), Map.of("role", "ADMIN"))))
			.andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.type").value("urn:parley:problem:invalid-request"));
		this.mvc.perform(as("host-admin", json(put(rolePath(workspace, "host-admin")), Map.of())))
			.andExpect(status().isBadRequest());
	}

	/** The chain unreachable right after the write (as after a crash): the entry waits in the workspace document. */
	@Test
	void givenTheChainUnreachableAfterTheWrite_whenChangingARole_thenTheEntryIsKeptWithTheChangeAndSweptLater()
			throws Exception {
		UUID workspace = createWorkspace(unique("Atomic roles"));
		addMember(workspace, "partner-engineer", "CONTRIBUTOR");
		doThrow(new DataAccessResourceFailureException("audit chain unreachable")).when(this.trail)
			.append(argThat((PendingEntry entry) -> entry.action().equals("membership.role-changed")));

		changeRole("host-admin", workspace, "partner-engineer", "READER").andExpect(status().isOk());

		Document stored = this.mongo.findById(workspace, Document.class, "workspaces");
		assertThat(stored.getList("_audit", Document.class)).extracting((entry) -> entry.getString("action"))
			.containsExactly("membership.role-changed");
		assertThat(chain(workspace)).extracting(AuditEntry::action).doesNotContain("membership.role-changed");

		reset(this.trail);
		this.auditOutbox.sweep();

		assertThat(chain(workspace)).extracting(AuditEntry::action).contains("membership.role-changed");
	}

	private ResultActions changeRole(String caller, UUID workspace, String member, String role) throws Exception {
		return this.mvc.perform(as(caller, json(put(rolePath(workspace, member)), Map.of("role", role))));
	}

	private static String rolePath(UUID workspace, String member) {
		return "/api/workspaces/" + workspace + "/members/" + subjectOf(member) + "/role";
	}

	private List<AuditEntry> chain(UUID workspace) {
		return this.mongo.find(new Query(where("workspaceId").is(workspace)).with(Sort.by("sequence")),
				AuditEntry.class);
	}

}

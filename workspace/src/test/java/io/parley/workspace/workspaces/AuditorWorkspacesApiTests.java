package io.parley.workspace.workspaces;

import java.time.Instant;
import java.util.Date;
import java.util.UUID;

import io.parley.workspace.WorkspaceApiTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasItem;
import static org.springframework.data.mongodb.core.query.Criteria.where;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * The host's auditors list every workspace (issue 16) to open its audit trail, without being members; nobody else
 * does, not even a portal admin or an auditor of a partner organisation.
 */
class AuditorWorkspacesApiTests extends WorkspaceApiTest {

	@Test
	void givenTheHostsAuditor_whenListingEveryWorkspace_thenWorkspacesTheyAreNoMemberOfWithWhatTheTrailSays()
			throws Exception {
		String name = unique("Audited");
		UUID workspace = createWorkspace(name);
		addMember(workspace, "gov-liaison", "READER");

		this.mvc.perform(as("auditor", get("/api/workspaces/all")))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$[?(@.name == '" + name + "')].id").value(hasItem(workspace.toString())))
			.andExpect(jsonPath("$[?(@.name == '" + name + "')].labelCeiling").value(hasItem("TLP:AMBER")))
			.andExpect(jsonPath("$[?(@.name == '" + name + "')].members").value(hasItem(2)))
			.andExpect(jsonPath("$[?(@.name == '" + name + "')].organisations[*]").value(hasItem("gov-cert")));
		this.mvc.perform(as("auditor", get("/api/workspaces/" + workspace + "/audit"))).andExpect(status().isOk());
		this.mvc.perform(as("auditor", get("/api/workspaces/" + workspace))).andExpect(status().isNotFound());
	}

	@ParameterizedTest(name = "{0} -> {1}")
	@CsvSource({ "auditor, 200", "vendor-auditor, 403", "host-admin, 403", "partner-engineer, 403", "outsider, 403",
			"anonymous, 401", "departed, 401" })
	void givenCaller_whenListingEveryWorkspace_thenStatus(String caller, int expected) throws Exception {
		this.mongo.upsert(new Query(where("_id").is(subjectOf("departed"))),
				new Update().set("offboardedAt", Date.from(Instant.now())), "offboarded_people");
		if (caller.equals("anonymous")) {
			this.mvc.perform(get("/api/workspaces/all")).andExpect(status().is(expected));
			return;
		}
		this.mvc.perform(as(caller, get("/api/workspaces/all"))).andExpect(status().is(expected));
	}

	@Test
	void givenAPortalAdminWhoIsNoAuditor_whenListingEveryWorkspace_thenRefusedInWords() throws Exception {
		this.mvc.perform(as("host-admin", get("/api/workspaces/all")))
			.andExpect(status().isForbidden())
			.andExpect(jsonPath("$.type").value("urn:parley:problem:forbidden"))
			.andExpect(jsonPath("$.detail").value(containsString("Only the host's auditors list every workspace")));
	}

}

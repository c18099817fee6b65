package io.parley.workspace.workspaces;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import io.parley.platform.labels.TlpLabel;
import io.parley.platform.test.EmbeddedMongo;
import io.parley.platform.test.FakeKeycloak;
import io.parley.platform.test.ResourceServerContract;
import io.parley.workspace.workspaces.Workspace.Member;
import io.parley.workspace.workspaces.Workspace.Role;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/** The resource-server contract on workspace, plus "my workspaces" seen by people of different organisations. */
class WorkspaceApiTests extends ResourceServerContract {

	private static final String PARTNER = (String) FakeKeycloak.claims("partner-engineer").get("sub");

	private static final String LIAISON = (String) FakeKeycloak.claims("gov-liaison").get("sub");

	@Autowired
	WorkspaceRepository workspaces;

	@DynamicPropertySource
	static void mongo(DynamicPropertyRegistry registry) {
		EmbeddedMongo.register(registry);
	}

	@Override
	protected String protectedPath() {
		return "/api/workspaces";
	}

	@Test
	void givenWorkspacesOfTwoOrganisations_whenListingMine_thenOnlyThoseIBelongTo() throws Exception {
		String shared = "Safe deployment " + UUID.randomUUID();
		String governmentOnly = "Briefings " + UUID.randomUUID();
		this.workspaces.save(workspace(shared, new Member(PARTNER, "acme-security", Role.CONTRIBUTOR),
				new Member(LIAISON, "gov-cert", Role.READER)));
		this.workspaces.save(workspace(governmentOnly, new Member(LIAISON, "gov-cert", Role.OWNER)));

		this.mvc.perform(get("/api/workspaces").header(HttpHeaders.AUTHORIZATION, bearer("partner-engineer")))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$[*].name").value(hasItem(shared)))
			.andExpect(jsonPath("$[*].name").value(not(hasItem(governmentOnly))))
			.andExpect(jsonPath("$[?(@.name == '" + shared + "')].myRole").value("CONTRIBUTOR"));

		this.mvc.perform(get("/api/workspaces").header(HttpHeaders.AUTHORIZATION, bearer("gov-liaison")))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$[*].name").value(hasItem(shared)))
			.andExpect(jsonPath("$[?(@.name == '" + governmentOnly + "')].myRole").value("OWNER"));
	}

	private static String bearer(String fixture) {
		return "Bearer " + FakeKeycloak.get().token(fixture);
	}

	private static Workspace workspace(String name, Member... members) {
		// seeded whole: a new document has no outbox yet, so a replace cannot drop pending events
		return new Workspace(UUID.randomUUID(), name, "purpose", TlpLabel.AMBER, List.of(members), null,
				Instant.now(), LIAISON, 1);
	}

}

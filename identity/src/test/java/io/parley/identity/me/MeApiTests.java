package io.parley.identity.me;

import io.parley.identity.TestInfrastructure;
import io.parley.platform.test.FakeKeycloak;
import io.parley.platform.test.ResourceServerContract;
import org.junit.jupiter.api.Test;

import org.springframework.http.HttpHeaders;
import org.springframework.test.context.ContextConfiguration;
import org.springframework.test.context.TestPropertySource;

import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/** The resource-server contract on identity, plus what {@code /me} answers. */
@ContextConfiguration(initializers = TestInfrastructure.class)
@TestPropertySource(properties = "parley.events.relay.enabled=false")
class MeApiTests extends ResourceServerContract {

	@Override
	protected String protectedPath() {
		return "/api/identity/me";
	}

	@Test
	void givenPartnerEngineer_whenAskingWhoAmI_thenIdNameEmailOrganisationAndRoles() throws Exception {
		this.mvc
			.perform(get("/api/identity/me").header(HttpHeaders.AUTHORIZATION,
					"Bearer " + FakeKeycloak.get().token("partner-engineer")))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.id").value("7d3c1f0e-5b8a-4c61-9f0e-2a4b6c8d0e11"))
			.andExpect(jsonPath("$.name").value("Pat Partner"))
			.andExpect(jsonPath("$.email").value("partner.engineer@acme-security.example"))
			.andExpect(jsonPath("$.organisation").value("acme-security"))
			.andExpect(jsonPath("$.organisationType").value("VENDOR"))
			.andExpect(jsonPath("$.roles").value(containsInAnyOrder("member", "default-roles-parley")));
	}

	@Test
	void givenHostAdmin_whenAskingWhoAmI_thenAdminRoles() throws Exception {
		this.mvc
			.perform(get("/api/identity/me").header(HttpHeaders.AUTHORIZATION,
					"Bearer " + FakeKeycloak.get().token("host-admin")))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.organisationType").value("HOST"))
			.andExpect(jsonPath("$.roles").value(containsInAnyOrder("portal-admin", "org-admin", "member")));
	}

}

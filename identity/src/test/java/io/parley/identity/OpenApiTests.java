package io.parley.identity;

import org.junit.jupiter.api.Test;

import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/** The API description is served to signed-in callers only, under the path the gateway routes. */
class OpenApiTests extends IdentityApiTest {

	@Test
	void givenNoToken_whenFetchingTheApiDescription_thenUnauthorized() throws Exception {
		this.mvc.perform(get("/api/identity/openapi")).andExpect(status().isUnauthorized());
		this.mvc.perform(get("/v3/api-docs")).andExpect(status().isUnauthorized());
	}

	@Test
	void givenSignedInCaller_whenFetchingTheApiDescription_thenEveryEndpointIsDescribed() throws Exception {
		this.mvc.perform(as("partner-engineer", get("/api/identity/openapi")))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.paths['/api/identity/organisations/{organisationId}/invitations'].post").exists())
			.andExpect(jsonPath("$.paths['/api/identity/invitations/acceptance'].post.security").isEmpty())
			.andExpect(jsonPath("$.paths['/api/identity/people/{personId}/offboarding'].post").exists())
			.andExpect(jsonPath("$.components.schemas.NewInvitation.properties.email.pattern").exists());
	}

}

package io.parley.workspace;

import org.junit.jupiter.api.Test;

import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/** The API description is served to signed-in callers only, under the prefix the gateway routes to workspace. */
class OpenApiTests extends WorkspaceApiTest {

	@Test
	void givenNoToken_whenFetchingTheApiDescription_thenUnauthorized() throws Exception {
		this.mvc.perform(get("/api/workspaces/openapi")).andExpect(status().isUnauthorized());
	}

	@Test
	void givenSignedInCaller_whenFetchingTheApiDescription_thenTheNewEndpointsAreDescribed() throws Exception {
		this.mvc.perform(as("partner-engineer", get("/api/workspaces/openapi")))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.paths['/api/workspaces/{id}/audit'].get.parameters[?(@.name == 'size')]").exists())
			.andExpect(jsonPath("$.paths['/api/workspaces/{id}/audit/verify'].get").exists())
			.andExpect(jsonPath("$.paths['/api/workspaces/{id}/audit/export'].get.responses['200'].content['application/x-ndjson']")
				.exists())
			.andExpect(jsonPath("$.paths['/api/workspaces/{id}/organisations'].post").exists())
			.andExpect(jsonPath("$.paths['/api/workspaces/{id}/organisations/{organisationId}'].delete").exists())
			.andExpect(jsonPath("$.paths['/api/workspaces/{id}/announcements'].post").exists())
			.andExpect(jsonPath("$.paths['/api/announcements'].get").exists())
			.andExpect(jsonPath("$.components.schemas.NewGlobalAnnouncement.properties.audience.enum").isArray());
	}

}

package io.parley.workspace.comments;

import io.parley.workspace.WorkspaceApiTest;
import org.junit.jupiter.api.Test;

import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/** The comment and acknowledgement endpoints are in the API description, with their bodies. */
class DiscussionOpenApiTests extends WorkspaceApiTest {

	private static final String DOCUMENT = "/api/workspaces/{id}/documents/{documentId}";

	@Test
	void givenSignedInCaller_whenFetchingTheApiDescription_thenDiscussionEndpointsAreDescribed() throws Exception {
		this.mvc.perform(as("partner-engineer", get("/api/workspaces/openapi")))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.paths['" + DOCUMENT + "/comments'].post").exists())
			.andExpect(jsonPath("$.paths['" + DOCUMENT + "/comments'].get.responses['200'].headers['X-Total-Count']")
				.exists())
			.andExpect(jsonPath("$.paths['" + DOCUMENT + "/acknowledgement-requests'].post").exists())
			.andExpect(jsonPath("$.paths['" + DOCUMENT + "/acknowledgement-requests'].get").exists())
			.andExpect(jsonPath(
					"$.paths['" + DOCUMENT + "/acknowledgement-requests/{requestId}/acknowledge'].post").exists())
			.andExpect(jsonPath("$.paths['/api/documents/acknowledgement-requests/owed'].get").exists())
			.andExpect(jsonPath("$.paths['/api/documents/embargoes/ending'].get").exists())
			.andExpect(jsonPath("$.components.schemas.NewComment.properties.text.maxLength")
				.value(CommentController.TEXT_MAX))
			.andExpect(jsonPath("$.components.schemas.CommentView.properties.authorName").exists())
			.andExpect(jsonPath("$.components.schemas.NewRequest.properties.deadline.format").value("date-time"))
			.andExpect(jsonPath("$.components.schemas.MemberView.properties.name").exists());
	}

}

package io.parley.workspace.documents;

import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import org.springframework.test.context.TestPropertySource;

import static io.parley.workspace.documents.DocumentApiTests.bytes;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/** No scanner and the policy {@code unscanned-downloads: refuse}: unscanned content is listed but never served. */
@TestPropertySource(properties = "parley.workspace.scanning.unscanned-downloads=refuse")
class UnscannedRefusedTests extends DocumentApiTest {

	@Test
	void givenNoScannerAndRefusePolicy_whenDownloadingAnUnscannedVersion_thenNotDownloadable() throws Exception {
		UUID workspace = workspace("TLP:RED", Map.of("partner-engineer", "CONTRIBUTOR"));
		UUID id = document("partner-engineer", workspace, "TLP:GREEN", "notes.txt", bytes("notes"));
		String path = "/api/workspaces/" + workspace + "/documents/" + id;

		this.mvc.perform(as("partner-engineer", get(path)))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.versions[0].scan").value("UNSCANNED"));
		this.mvc.perform(as("partner-engineer", get(path + "/versions/1/content")))
			.andExpect(status().isConflict())
			.andExpect(jsonPath("$.type").value("urn:parley:problem:not-downloadable"));
	}

	@Test
	void givenNoScannerAndRefusePolicy_whenCopyingAnUnscannedVersion_thenNotDownloadableAndNothingCopied()
			throws Exception {
		UUID workspace = workspace("TLP:RED", Map.of("partner-engineer", "CONTRIBUTOR"));
		UUID target = workspace("TLP:RED", Map.of("partner-engineer", "CONTRIBUTOR"));
		UUID id = document("partner-engineer", workspace, "TLP:GREEN", "notes.txt", bytes("notes"));

		this.mvc
			.perform(as("partner-engineer", json(post("/api/workspaces/" + workspace + "/documents/" + id + "/copies"),
					Map.of("targetWorkspaceId", target))))
			.andExpect(status().isConflict())
			.andExpect(jsonPath("$.type").value("urn:parley:problem:not-downloadable"));
		this.mvc.perform(as("partner-engineer", get("/api/workspaces/" + target + "/documents")))
			.andExpect(jsonPath("$.length()").value(0));
	}

}

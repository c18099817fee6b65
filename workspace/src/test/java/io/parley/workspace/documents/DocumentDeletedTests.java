package io.parley.workspace.documents;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.parley.platform.events.EventEnvelope;
import io.parley.platform.events.EventSamples;
import org.junit.jupiter.api.Test;

import static io.parley.workspace.documents.DocumentApiTests.bytes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/** An owner's soft delete records {@code DocumentDeleted} in the same write, with the audience and no title. */
class DocumentDeletedTests extends DocumentApiTest {

	@Test
	void givenOwnerWhoSeesARedDocument_whenDeleting_thenDocumentDeletedWithItsAudienceAndNoTitle() throws Exception {
		UUID workspace = workspace("TLP:RED", Map.of("partner-engineer", "OWNER", "doc-recipient", "READER"));
		UUID id = document("partner-engineer", workspace, "TLP:RED", "secret-plan.txt", bytes("red"),
				subjectOf("doc-recipient"));
		Instant before = Instant.now().minusSeconds(1);

		this.mvc.perform(as("partner-engineer", delete("/api/workspaces/" + workspace + "/documents/" + id)))
			.andExpect(status().isNoContent());

		List<EventEnvelope> events = documentOutbox(id);
		assertThat(events).extracting(EventEnvelope::type)
			.containsExactly("workspace.document.version-added", "workspace.document.deleted");
		EventEnvelope deleted = events.get(1);
		assertThat(deleted.aggregateId()).isEqualTo(id.toString());
		assertThat(deleted.aggregateVersion()).isEqualTo(2);
		assertThat(text(deleted.data(), "workspaceId")).isEqualTo(workspace.toString());
		assertThat(text(deleted.data(), "documentId")).isEqualTo(id.toString());
		assertThat(text(deleted.data(), "label")).isEqualTo("TLP:RED");
		assertThat(text(deleted.data(), "deletedBy")).isEqualTo(subjectOf("partner-engineer"));
		assertThat(text(deleted.data(), "uploaderOrganisationId")).isEqualTo("acme-security");
		assertThat(deleted.data().get("namedPeople").get(0).asString()).isEqualTo(subjectOf("doc-recipient"));
		Instant deletedAt = Instant.parse(text(deleted.data(), "deletedAt"));
		assertThat(deletedAt).isAfter(before);
		assertThat(Duration.between(deletedAt, Instant.parse(text(deleted.data(), "purgeAfter"))))
			.isEqualTo(Duration.ofDays(30));
		assertThat(deleted.data().has("title")).isFalse();
		assertThat(deleted.toString()).doesNotContain("secret-plan");
		EventSamples.assertMatchesSample(deleted, JSON);
	}

	@Test
	void givenContributor_whenDeleting_thenForbiddenAndNoEvent() throws Exception {
		UUID workspace = workspace("TLP:RED", Map.of("partner-engineer", "CONTRIBUTOR"));
		UUID id = document("partner-engineer", workspace, "TLP:GREEN", "kept.txt", bytes("kept"));

		this.mvc.perform(as("partner-engineer", delete("/api/workspaces/" + workspace + "/documents/" + id)))
			.andExpect(status().isForbidden());

		assertThat(documentOutbox(id)).extracting(EventEnvelope::type)
			.containsExactly("workspace.document.version-added");
		this.mvc.perform(as("partner-engineer", get("/api/workspaces/" + workspace + "/documents/" + id)))
			.andExpect(status().isOk());
	}

}

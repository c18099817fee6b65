package io.parley.workspace.documents;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.parley.platform.events.EventEnvelope;
import io.parley.platform.events.EventSamples;
import io.parley.workspace.audit.AuditEntry;
import io.parley.workspace.scanning.ClamdExtension;
import io.parley.workspace.scanning.TestArchives;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static io.parley.workspace.documents.DocumentApiTests.bytes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.startsWith;
import static org.springframework.data.mongodb.core.query.Criteria.where;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * Versions scanned by a real clamd ({@link ClamdExtension}, signature database: EICAR only): clean content becomes
 * downloadable, the EICAR test file is quarantined with its event, owners see the finding, nobody downloads it.
 */
@ExtendWith(ClamdExtension.class)
class DocumentScanningTests extends DocumentApiTest {

	@DynamicPropertySource
	static void scanner(DynamicPropertyRegistry registry) {
		registry.add("parley.workspace.scanning.clamd-address", ClamdExtension::address);
	}

	@Test
	void givenEicarTestFile_whenUploaded_thenQuarantinedWithItsEventAndNobodyDownloadsIt() throws Exception {
		UUID workspace = workspace("TLP:RED", Map.of("partner-engineer", "CONTRIBUTOR"));
		double infected = counted("parley.documents.scans", "infected");
		UUID id = document("partner-engineer", workspace, "TLP:GREEN", "eicar.txt",
				ClamdExtension.EICAR.getBytes(StandardCharsets.US_ASCII));
		String path = "/api/workspaces/" + workspace + "/documents/" + id;

		awaitScan("host-admin", path, "QUARANTINED");
		assertThat(counted("parley.documents.scans", "infected") - infected).isEqualTo(1);

		this.mvc.perform(as("host-admin", get(path)))
			.andExpect(jsonPath("$.versions[0].scanFinding").value(startsWith(ClamdExtension.SIGNATURE)));
		this.mvc.perform(as("partner-engineer", get(path)))
			.andExpect(jsonPath("$.versions[0].scan").value("QUARANTINED"))
			.andExpect(jsonPath("$.versions[0].scanFinding").doesNotExist());
		for (String fixture : List.of("host-admin", "partner-engineer")) {
			this.mvc.perform(as(fixture, get(path + "/versions/1/content")))
				.andExpect(status().isConflict())
				.andExpect(content().contentTypeCompatibleWith("application/problem+json"))
				.andExpect(jsonPath("$.type").value("urn:parley:problem:not-downloadable"));
		}
		EventEnvelope quarantined = documentOutbox(id).get(1);
		assertThat(quarantined.type()).isEqualTo("workspace.document.quarantined");
		assertThat(quarantined.aggregateVersion()).isEqualTo(2);
		assertThat(quarantined.data().get("version").asInt()).isEqualTo(1);
		assertThat(text(quarantined.data(), "uploadedBy")).isEqualTo(subjectOf("partner-engineer"));
		assertThat(text(quarantined.data(), "reason")).startsWith(ClamdExtension.SIGNATURE);
		EventSamples.assertMatchesSample(quarantined, JSON);
		assertThat(audit(workspace)).extracting(AuditEntry::action)
			.contains("document.quarantined", "access.refused");
	}

	@Test
	void givenCleanFile_whenUploaded_thenPendingUntilScannedCleanThenDownloadable() throws Exception {
		UUID workspace = workspace("TLP:RED", Map.of("partner-engineer", "CONTRIBUTOR"));
		double clean = counted("parley.documents.scans", "clean");
		UUID id = document("partner-engineer", workspace, "TLP:GREEN", "notes.txt", bytes("harmless notes"));
		String path = "/api/workspaces/" + workspace + "/documents/" + id;

		awaitScan("partner-engineer", path, "CLEAN");
		assertThat(counted("parley.documents.scans", "clean") - clean).isGreaterThanOrEqualTo(1);

		this.mvc.perform(as("partner-engineer", get(path + "/versions/1/content")))
			.andExpect(status().isOk())
			.andExpect(content().bytes(bytes("harmless notes")));
		assertThat(documentOutbox(id)).extracting(EventEnvelope::type)
			.containsExactly("workspace.document.version-added");
	}

	@Test
	void givenEncryptedZipHoldingEicar_whenUploaded_thenQuarantinedAsEncryptedAndNobodyDownloadsIt() throws Exception {
		UUID workspace = workspace("TLP:RED", Map.of("partner-engineer", "CONTRIBUTOR"));
		byte[] zip = TestArchives.encryptedZip("eicar.txt", ClamdExtension.EICAR.getBytes(StandardCharsets.US_ASCII),
				"infected");
		Multipart body = new Multipart().field("label", "TLP:GREEN").field("title", "Encrypted report")
			.file("report.zip", "application/zip", zip);
		UUID id = UUID.fromString(read(upload("partner-engineer", workspace, body).andExpect(status().isCreated()))
			.get("id").asString());
		String path = "/api/workspaces/" + workspace + "/documents/" + id;

		awaitScan("host-admin", path, "QUARANTINED");

		this.mvc.perform(as("host-admin", get(path)))
			.andExpect(jsonPath("$.versions[0].scanFinding").value("Heuristics.Encrypted.Zip"));
		this.mvc.perform(as("partner-engineer", get(path + "/versions/1/content")))
			.andExpect(status().isConflict())
			.andExpect(jsonPath("$.type").value("urn:parley:problem:not-downloadable"));
	}

	@Test
	void givenVersionStoredBeforeTheScannerWasConfigured_whenCopied_thenTheCopyIsScannedBeforeRelease()
			throws Exception {
		UUID source = workspace("TLP:RED", Map.of("partner-engineer", "CONTRIBUTOR"));
		UUID target = workspace("TLP:RED", Map.of("partner-engineer", "CONTRIBUTOR"));
		UUID id = document("partner-engineer", source, "TLP:GREEN", "old.txt", bytes("stored before clamd"));
		awaitScan("partner-engineer", "/api/workspaces/" + source + "/documents/" + id, "CLEAN");
		this.mongo.updateFirst(new Query(where("_id").is(id)), new Update().set("versions.0.scan", "UNSCANNED"),
				"documents");

		String copy = read(this.mvc
			.perform(as("partner-engineer", json(post("/api/workspaces/" + source + "/documents/" + id + "/copies"),
					Map.of("targetWorkspaceId", target))))
			.andExpect(status().isCreated())
			.andExpect(jsonPath("$.versions[0].scan").value("PENDING"))).get("id").asString();

		awaitScan("partner-engineer", "/api/workspaces/" + target + "/documents/" + copy, "CLEAN");
	}

	private void awaitScan(String fixture, String path, String status) {
		await().atMost(Duration.ofSeconds(60))
			.untilAsserted(() -> this.mvc.perform(as(fixture, get(path)))
				.andExpect(jsonPath("$.versions[0].scan").value(status)));
	}

}

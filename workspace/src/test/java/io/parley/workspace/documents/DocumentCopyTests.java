package io.parley.workspace.documents;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.parley.platform.events.EventEnvelope;
import io.parley.platform.events.EventSamples;
import io.parley.workspace.audit.AuditEntry;
import org.bson.Document;
import org.bson.types.Binary;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;

import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.http.HttpHeaders;
import org.springframework.test.web.servlet.ResultActions;

import static io.parley.workspace.documents.DocumentApiTests.bytes;
import static io.parley.workspace.documents.DocumentApiTests.random;
import static io.parley.workspace.documents.DocumentApiTests.sha256;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.springframework.data.mongodb.core.query.Criteria.where;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * Copying a document to another workspace (ADR 0017): the bytes, label, audience, hash and sniffed type travel;
 * the target's ceiling and audience must allow the label; only released versions are copied; both chains record it.
 */
class DocumentCopyTests extends DocumentApiTest {

	private static final byte[] PDF = pdf();

	@Test
	void givenGreenDocument_whenCopyingToAWorkspaceWhereTheCallerContributes_thenSameBytesLabelHashAndTypeThere()
			throws Exception {
		UUID source = workspace("TLP:RED", Map.of("partner-engineer", "CONTRIBUTOR", "gov-liaison", "READER"));
		UUID target = workspace("TLP:AMBER", Map.of("partner-engineer", "CONTRIBUTOR", "gov-liaison", "READER"));
		UUID original = id(upload("partner-engineer", source, new Multipart().field("label", "TLP:GREEN")
			.field("title", "Guidance rollout.pdf")
			.file("rollout.pdf", "application/pdf", PDF)).andExpect(status().isCreated()));

		JsonNode copy = read(copy("partner-engineer", source, original, target, null).andExpect(status().isCreated())
			.andExpect(header().string(HttpHeaders.LOCATION, containsString("/api/workspaces/" + target + "/documents/")))
			.andExpect(jsonPath("$.workspaceId").value(target.toString()))
			.andExpect(jsonPath("$.title").value("Guidance rollout.pdf"))
			.andExpect(jsonPath("$.label").value("TLP:GREEN"))
			.andExpect(jsonPath("$.latestVersion").value(1))
			.andExpect(jsonPath("$.versions[0].fileName").value("rollout.pdf"))
			.andExpect(jsonPath("$.versions[0].size").value(PDF.length))
			.andExpect(jsonPath("$.versions[0].sha256").value(sha256(PDF)))
			.andExpect(jsonPath("$.versions[0].mediaType").value("application/pdf"))
			.andExpect(jsonPath("$.versions[0].scan").value("UNSCANNED"))
			.andExpect(jsonPath("$.versions[0].uploadedBy").value(subjectOf("partner-engineer"))));
		UUID id = UUID.fromString(copy.get("id").asString());
		assertThat(id).isNotEqualTo(original);

		this.mvc
			.perform(as("gov-liaison", get("/api/workspaces/" + target + "/documents/" + id + "/versions/1/content")))
			.andExpect(status().isOk())
			.andExpect(header().string("X-TLP-Label", "TLP:GREEN"))
			.andExpect(content().bytes(PDF));
		List<EventEnvelope> events = documentOutbox(id);
		assertThat(events).hasSize(1);
		EventEnvelope added = events.get(0);
		assertThat(added.type()).isEqualTo("workspace.document.version-added");
		assertThat(added.aggregateId()).isEqualTo(id.toString());
		assertThat(text(added.data(), "workspaceId")).isEqualTo(target.toString());
		assertThat(text(added.data(), "label")).isEqualTo("TLP:GREEN");
		EventSamples.assertMatchesSample(added, JSON);
		assertThat(documentOutbox(original)).hasSize(1);

		AuditEntry in = last(target, "document.copied-in");
		assertThat(in.subject()).isEqualTo(id.toString());
		assertThat(in.details()).containsEntry("fromWorkspace", source.toString())
			.containsEntry("fromDocument", original.toString())
			.containsEntry("fromVersion", "1")
			.containsEntry("sha256", sha256(PDF));
		AuditEntry out = last(source, "document.copied-out");
		assertThat(out.subject()).isEqualTo(original.toString());
		assertThat(out.details()).containsEntry("toWorkspace", target.toString())
			.containsEntry("toDocument", id.toString());
		for (UUID workspace : List.of(source, target)) {
			this.mvc.perform(as("host-admin", get("/api/workspaces/" + workspace + "/audit/verify")))
				.andExpect(jsonPath("$.valid").value(true));
		}
	}

	@Test
	void givenTwoVersions_whenCopyingTheFirstByNumber_thenTheCopyHoldsItsBytes_andAnUnknownNumberIsNotFound()
			throws Exception {
		UUID source = workspace("TLP:RED", Map.of("partner-engineer", "CONTRIBUTOR"));
		UUID target = workspace("TLP:RED", Map.of("partner-engineer", "CONTRIBUTOR"));
		UUID original = document("partner-engineer", source, "TLP:AMBER", "plan.txt", bytes("first plan"));
		this.mvc
			.perform(as("partner-engineer", upload("/api/workspaces/" + source + "/documents/" + original + "/versions",
					new Multipart().file("plan.txt", "text/plain", bytes("second plan")))))
			.andExpect(status().isCreated());

		UUID id = id(copy("partner-engineer", source, original, target, 1).andExpect(status().isCreated())
			.andExpect(jsonPath("$.versions.length()").value(1))
			.andExpect(jsonPath("$.versions[0].sha256").value(sha256(bytes("first plan")))));
		this.mvc
			.perform(as("partner-engineer",
					get("/api/workspaces/" + target + "/documents/" + id + "/versions/1/content")))
			.andExpect(content().bytes(bytes("first plan")));
		copy("partner-engineer", source, original, target, null).andExpect(status().isCreated())
			.andExpect(jsonPath("$.versions[0].sha256").value(sha256(bytes("second plan"))));
		copy("partner-engineer", source, original, target, 3).andExpect(status().isNotFound())
			.andExpect(jsonPath("$.detail").value("No such version."));
	}

	@Test
	void givenRedDocument_whenTheTargetHasAMemberNeitherUploaderNorNamed_thenAudienceTooWideAndNothingStored()
			throws Exception {
		UUID source = workspace("TLP:RED", Map.of("partner-engineer", "CONTRIBUTOR", "doc-recipient", "READER"));
		UUID red = document("partner-engineer", source, "TLP:RED", "red.txt", bytes("for named eyes"),
				subjectOf("doc-recipient"));
		UUID wide = withoutHost(workspace("TLP:RED",
				Map.of("partner-engineer", "OWNER", "doc-recipient", "CONTRIBUTOR", "gov-liaison", "READER")));
		int orphans = orphanedContent().size();

		copy("doc-recipient", source, red, wide, null).andExpect(status().isUnprocessableContent())
			.andExpect(jsonPath("$.type").value("urn:parley:problem:audience-too-wide"))
			.andExpect(jsonPath("$.detail").value(containsString("1 member(s) of the target workspace")));

		this.mvc.perform(as("partner-engineer", get("/api/workspaces/" + wide + "/documents")))
			.andExpect(jsonPath("$.length()").value(0));
		assertThat(orphanedContent()).hasSize(orphans);
		AuditEntry refused = last(source, "access.refused");
		assertThat(refused.subject()).isEqualTo(red.toString());
		assertThat(refused.details()).containsEntry("operation", "copy");
		assertThat(audit(wide)).extracting(AuditEntry::subject).doesNotContain(red.toString());
	}

	@Test
	void givenRedDocument_whenEveryTargetMemberIsUploaderOrNamed_thenTheCopyKeepsTheNamesAndTheUploader()
			throws Exception {
		UUID source = workspace("TLP:RED", Map.of("partner-engineer", "CONTRIBUTOR", "doc-recipient", "READER"));
		UUID red = document("partner-engineer", source, "TLP:RED", "red.txt", bytes("for named eyes"),
				subjectOf("doc-recipient"));
		UUID cell = withoutHost(workspace("TLP:RED", Map.of("partner-engineer", "OWNER", "doc-recipient",
				"CONTRIBUTOR")));

		UUID id = id(copy("doc-recipient", source, red, cell, null).andExpect(status().isCreated())
			.andExpect(jsonPath("$.label").value("TLP:RED"))
			.andExpect(jsonPath("$.namedPeople[0]").value(subjectOf("doc-recipient")))
			.andExpect(jsonPath("$.namedPeople.length()").value(1))
			.andExpect(jsonPath("$.uploadedBy").value(subjectOf("partner-engineer")))
			.andExpect(jsonPath("$.versions[0].uploadedBy").value(subjectOf("doc-recipient"))));

		this.mvc.perform(as("partner-engineer", get("/api/workspaces/" + cell + "/documents/" + id)))
			.andExpect(status().isOk());
		EventEnvelope added = documentOutbox(id).get(0);
		assertThat(added.data().get("namedPeople").get(0).asString()).isEqualTo(subjectOf("doc-recipient"));
		EventSamples.assertMatchesSample(added, JSON);
	}

	@Test
	void givenAmberStrictDocument_whenTheTargetHasAnotherOrganisation_thenRefused_andWithOnlyAllowedOnesCopied()
			throws Exception {
		UUID source = workspace("TLP:RED", Map.of("partner-engineer", "CONTRIBUTOR", "gov-liaison", "READER"));
		UUID strict = document("partner-engineer", source, "TLP:AMBER+STRICT", "strict.txt", bytes("ours and yours"),
				"gov-cert");
		UUID withHost = workspace("TLP:RED", Map.of("partner-engineer", "CONTRIBUTOR", "gov-liaison", "CONTRIBUTOR"));
		UUID ours = withoutHost(workspace("TLP:RED", Map.of("partner-engineer", "OWNER", "gov-liaison",
				"CONTRIBUTOR")));

		copy("gov-liaison", source, strict, withHost, null).andExpect(status().isUnprocessableContent())
			.andExpect(jsonPath("$.type").value("urn:parley:problem:audience-too-wide"))
			.andExpect(jsonPath("$.detail").value(containsString("organisation(s) host are neither")));
		copy("gov-liaison", source, strict, ours, null).andExpect(status().isCreated())
			.andExpect(jsonPath("$.label").value("TLP:AMBER+STRICT"))
			.andExpect(jsonPath("$.namedOrganisations[0]").value("gov-cert"))
			.andExpect(jsonPath("$.uploaderOrganisationId").value("acme-security"));
	}

	@Test
	void givenLabelAboveTheTargetsCeiling_whenCopying_thenUnprocessable() throws Exception {
		UUID source = workspace("TLP:RED", Map.of("partner-engineer", "CONTRIBUTOR"));
		UUID green = workspace("TLP:GREEN", Map.of("partner-engineer", "CONTRIBUTOR"));
		UUID amber = document("partner-engineer", source, "TLP:AMBER", "amber.txt", bytes("amber"));

		copy("partner-engineer", source, amber, green, null).andExpect(status().isUnprocessableContent())
			.andExpect(jsonPath("$.type").value("urn:parley:problem:label-above-ceiling"))
			.andExpect(jsonPath("$.detail").value(containsString("up to TLP:GREEN")));
		this.mvc.perform(as("partner-engineer", get("/api/workspaces/" + green + "/documents")))
			.andExpect(jsonPath("$.length()").value(0));
	}

	@ParameterizedTest(name = "{0}")
	@ValueSource(strings = { "PENDING", "QUARANTINED" })
	void givenVersionNotReleased_whenCopying_thenNotDownloadableAndAudited(String scan) throws Exception {
		UUID source = workspace("TLP:RED", Map.of("partner-engineer", "CONTRIBUTOR"));
		UUID target = workspace("TLP:RED", Map.of("partner-engineer", "CONTRIBUTOR"));
		UUID id = document("partner-engineer", source, "TLP:GREEN", "held.txt", bytes("held back"));
		scanned(id, scan);

		copy("partner-engineer", source, id, target, null).andExpect(status().isConflict())
			.andExpect(jsonPath("$.type").value("urn:parley:problem:not-downloadable"));
		assertThat(last(source, "access.refused").details()).containsEntry("operation", "copy")
			.containsEntry("reason", "scan status " + scan);
		this.mvc.perform(as("partner-engineer", get("/api/workspaces/" + target + "/documents")))
			.andExpect(jsonPath("$.length()").value(0));
	}

	@Test
	void givenCleanVersion_whenCopying_thenTheCopyIsCleanToo() throws Exception {
		UUID source = workspace("TLP:RED", Map.of("partner-engineer", "CONTRIBUTOR"));
		UUID target = workspace("TLP:RED", Map.of("partner-engineer", "CONTRIBUTOR"));
		UUID id = document("partner-engineer", source, "TLP:GREEN", "clean.txt", bytes("scanned clean"));
		scanned(id, "CLEAN");

		copy("partner-engineer", source, id, target, null).andExpect(status().isCreated())
			.andExpect(jsonPath("$.versions[0].scan").value("CLEAN"));
	}

	@Test
	void givenTamperedSourceContent_whenCopying_thenIntegrityFailureAndNothingLeftInTheTarget() throws Exception {
		UUID source = workspace("TLP:RED", Map.of("partner-engineer", "CONTRIBUTOR"));
		UUID target = workspace("TLP:RED", Map.of("partner-engineer", "CONTRIBUTOR"));
		UUID id = document("partner-engineer", source, "TLP:GREEN", "notes.txt", bytes("the original notes"));
		Document stored = this.mongo.findById(id, Document.class, "documents");
		Object contentId = stored.getList("versions", Document.class).get(0).get("contentId");
		this.mongo.updateFirst(new Query(where("files_id").is(contentId)),
				new Update().set("data", new Binary(bytes("the altered notes!"))), DocumentContents.CHUNKS);
		int orphans = orphanedContent().size();

		copy("partner-engineer", source, id, target, null).andExpect(status().isInternalServerError())
			.andExpect(jsonPath("$.type").value("urn:parley:problem:integrity-failure"));
		assertThat(orphanedContent()).hasSize(orphans);
		assertThat(last(source, "document.integrity-failure").subject()).isEqualTo(id.toString());
		this.mvc.perform(as("partner-engineer", get("/api/workspaces/" + target + "/documents")))
			.andExpect(jsonPath("$.length()").value(0));
	}

	@Test
	void givenTargetTheCallerCannotUploadTo_whenCopying_thenNotFoundForStrangersForbiddenForReaders()
			throws Exception {
		UUID source = workspace("TLP:RED", Map.of("partner-engineer", "CONTRIBUTOR"));
		UUID readOnly = workspace("TLP:RED", Map.of("partner-engineer", "READER"));
		UUID foreign = workspace("TLP:RED", Map.of());
		UUID id = document("partner-engineer", source, "TLP:GREEN", "doc.txt", bytes("doc"));

		String unknown = copy("partner-engineer", source, id, UUID.randomUUID(), null)
			.andExpect(status().isNotFound())
			.andReturn()
			.getResponse()
			.getContentAsString();
		String notMember = copy("partner-engineer", source, id, foreign, null).andExpect(status().isNotFound())
			.andReturn()
			.getResponse()
			.getContentAsString();
		assertThat(JSON.readTree(notMember).get("detail")).isEqualTo(JSON.readTree(unknown).get("detail"));
		copy("partner-engineer", source, id, readOnly, null).andExpect(status().isForbidden());
		copy("partner-engineer", source, id, source, null).andExpect(status().isBadRequest());
		this.mvc
			.perform(as("partner-engineer",
					json(post("/api/workspaces/" + source + "/documents/" + id + "/copies"), Map.of())))
			.andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.type").value("urn:parley:problem:invalid-request"));
		assertThat(audit(foreign)).extracting(AuditEntry::subject).doesNotContain(id.toString());
	}

	@Test
	void givenDeletedDocument_whenCopying_thenNotFound() throws Exception {
		UUID source = workspace("TLP:RED", Map.of("partner-engineer", "CONTRIBUTOR"));
		UUID target = workspace("TLP:RED", Map.of("partner-engineer", "CONTRIBUTOR"));
		UUID id = document("partner-engineer", source, "TLP:GREEN", "gone.txt", bytes("gone"));
		this.mvc.perform(as("host-admin", delete("/api/workspaces/" + source + "/documents/" + id)))
			.andExpect(status().isNoContent());

		copy("partner-engineer", source, id, target, null).andExpect(status().isNotFound())
			.andExpect(jsonPath("$.detail").value("No such document."));
	}

	@Test
	void givenOpenApi_whenReading_thenTheCopyEndpointIsDescribed() throws Exception {
		this.mvc.perform(as("partner-engineer", get("/api/workspaces/openapi")))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.paths['/api/workspaces/{id}/documents/{documentId}/copies'].post").exists())
			.andExpect(jsonPath("$.components.schemas.CopyRequest.properties.targetWorkspaceId").exists());
	}

	private ResultActions copy(String fixture, UUID workspace, UUID document, UUID target, @Nullable Integer version)
			throws Exception {
		Map<String, Object> body = (version != null) ? Map.of("targetWorkspaceId", target, "version", version)
				: Map.of("targetWorkspaceId", target);
		return this.mvc.perform(
				as(fixture, json(post("/api/workspaces/" + workspace + "/documents/" + document + "/copies"), body)));
	}

	private void scanned(UUID document, String scan) {
		this.mongo.updateFirst(new Query(where("_id").is(document)), new Update().set("versions.0.scan", scan),
				"documents");
	}

	private AuditEntry last(UUID workspace, String action) {
		List<AuditEntry> entries = audit(workspace).stream().filter((entry) -> entry.action().equals(action)).toList();
		assertThat(entries).as("%s in the chain of %s", action, workspace).isNotEmpty();
		return entries.get(entries.size() - 1);
	}

	private UUID id(ResultActions result) throws Exception {
		return UUID.fromString(read(result).get("id").asString());
	}

	/** A PDF over several GridFS chunks (255 KiB each), so the copy streams across chunk boundaries. */
	private static byte[] pdf() {
		byte[] header = "%PDF-1.7\n%\u00e2\u00e3\u00cf\u00d3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n"
			.getBytes(StandardCharsets.ISO_8859_1);
		byte[] body = random(600_000);
		byte[] pdf = Arrays.copyOf(header, header.length + body.length);
		System.arraycopy(body, 0, pdf, header.length, body.length);
		return pdf;
	}

}

package io.parley.workspace.documents;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;

import io.parley.platform.events.EventEnvelope;
import io.parley.platform.events.EventSamples;
import io.parley.workspace.audit.AuditEntry;
import org.bson.Document;
import org.bson.types.Binary;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.http.HttpHeaders;
import org.springframework.test.web.servlet.MvcResult;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.springframework.data.mongodb.core.query.Criteria.where;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * Uploading, versions, downloading with ranges, labels and their events, deleting and searching, as owner
 * ({@code host-admin}), contributors ({@code partner-engineer}, {@code doc-colleague}, both of acme-security) and a
 * reader ({@code gov-liaison}).
 */
class DocumentApiTests extends DocumentApiTest {

	private static final String PDF_HEADER = "%PDF-1.7\n%\u00e2\u00e3\u00cf\u00d3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n";

	private UUID team() throws Exception {
		return workspace("TLP:RED", Map.of("partner-engineer", "CONTRIBUTOR", "doc-colleague", "CONTRIBUTOR",
				"gov-liaison", "READER", "doc-recipient", "READER"));
	}

	@Test
	void givenContributor_whenUploading_thenStoredWithSniffedTypeHashAndVersionAddedEvent() throws Exception {
		UUID workspace = team();
		double stored = counted("parley.documents.uploads", "stored");
		byte[] pdf = PDF_HEADER.getBytes(StandardCharsets.ISO_8859_1);

		JsonNode document = read(upload("partner-engineer", workspace,
				new Multipart().field("label", "TLP:AMBER+STRICT")
					.field("title", "Staged rollout guidance")
					.field("namedOrganisations", "gov-cert")
					.file("guidance.pdf", "application/octet-stream", pdf))
			.andExpect(status().isCreated())
			.andExpect(header().string(HttpHeaders.LOCATION, containsString("/documents/")))
			.andExpect(jsonPath("$.label").value("TLP:AMBER+STRICT"))
			.andExpect(jsonPath("$.namedOrganisations[0]").value("gov-cert"))
			.andExpect(jsonPath("$.uploaderOrganisationId").value("acme-security"))
			.andExpect(jsonPath("$.latestVersion").value(1))
			.andExpect(jsonPath("$.versions[0].fileName").value("guidance.pdf"))
			.andExpect(jsonPath("$.versions[0].size").value(pdf.length))
			.andExpect(jsonPath("$.versions[0].sha256").value(sha256(pdf)))
			.andExpect(jsonPath("$.versions[0].mediaType").value("application/pdf"))
			.andExpect(jsonPath("$.versions[0].scan").value("UNSCANNED"))
			.andExpect(jsonPath("$.versions[0].uploadedBy").value(subjectOf("partner-engineer"))));
		UUID id = UUID.fromString(document.get("id").asString());

		List<EventEnvelope> events = documentOutbox(id);
		assertThat(events).hasSize(1);
		EventEnvelope added = events.get(0);
		assertThat(added.type()).isEqualTo("workspace.document.version-added");
		assertThat(added.aggregateId()).isEqualTo(id.toString());
		assertThat(added.aggregateVersion()).isEqualTo(1);
		assertThat(text(added.data(), "workspaceId")).isEqualTo(workspace.toString());
		assertThat(text(added.data(), "label")).isEqualTo("TLP:AMBER+STRICT");
		assertThat(text(added.data(), "uploadedBy")).isEqualTo(subjectOf("partner-engineer"));
		assertThat(text(added.data(), "uploaderOrganisationId")).isEqualTo("acme-security");
		assertThat(added.data().get("namedOrganisations").get(0).asString()).isEqualTo("gov-cert");
		EventSamples.assertMatchesSample(added, JSON);
		assertThat(audit(workspace)).extracting(AuditEntry::action).contains("document.uploaded");
		assertThat(counted("parley.documents.uploads", "stored") - stored).isEqualTo(1);
	}

	@Test
	void givenDocument_whenAddingVersion_thenLatestVersionGrowsAndItsEventCarriesTheAudience() throws Exception {
		UUID workspace = team();
		UUID id = document("partner-engineer", workspace, "TLP:RED", "plan.txt", bytes("first"),
				subjectOf("doc-recipient"));

		this.mvc
			.perform(as("partner-engineer",
					upload("/api/workspaces/" + workspace + "/documents/" + id + "/versions",
							new Multipart().file("plan-v2.txt", "text/plain", bytes("second version")))))
			.andExpect(status().isCreated())
			.andExpect(jsonPath("$.version").value(2))
			.andExpect(jsonPath("$.fileName").value("plan-v2.txt"));

		this.mvc.perform(as("doc-recipient", get("/api/workspaces/" + workspace + "/documents/" + id)))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.latestVersion").value(2))
			.andExpect(jsonPath("$.versions.length()").value(2));
		EventEnvelope added = documentOutbox(id).get(1);
		assertThat(added.type()).isEqualTo("workspace.document.version-added");
		assertThat(added.aggregateVersion()).isEqualTo(2);
		assertThat(added.data().get("version").asInt()).isEqualTo(2);
		assertThat(added.data().get("namedPeople").get(0).asString()).isEqualTo(subjectOf("doc-recipient"));
		EventSamples.assertMatchesSample(added, JSON);
		assertDownloads("doc-recipient", workspace, id, 2, bytes("second version"));
	}

	@Test
	void givenVersion_whenDownloadingWholeAndRanges_thenExactBytesWithSafeHeaders() throws Exception {
		UUID workspace = team();
		byte[] content = random(700_000);
		UUID id = document("partner-engineer", workspace, "TLP:GREEN", "data.bin", content);
		String path = "/api/workspaces/" + workspace + "/documents/" + id + "/versions/1/content";

		MvcResult whole = this.mvc.perform(as("gov-liaison", get(path)))
			.andExpect(status().isOk())
			.andExpect(header().string("X-Content-Type-Options", "nosniff"))
			.andExpect(header().string("X-TLP-Label", "TLP:GREEN"))
			.andExpect(header().string(HttpHeaders.ACCEPT_RANGES, "bytes"))
			.andExpect(header().string(HttpHeaders.CONTENT_DISPOSITION,
					"attachment; filename=\"data.bin\"; filename*=UTF-8''data.bin"))
			.andExpect(header().string(HttpHeaders.ETAG, "\"" + sha256(content) + "\""))
			.andReturn();
		assertThat(whole.getResponse().getContentAsByteArray()).isEqualTo(content);

		this.mvc.perform(as("gov-liaison", get(path).header(HttpHeaders.RANGE, "bytes=300000-300099")))
			.andExpect(status().isPartialContent())
			.andExpect(header().string(HttpHeaders.CONTENT_RANGE, "bytes 300000-300099/700000"))
			.andExpect(header().string(HttpHeaders.CONTENT_LENGTH, "100"))
			.andExpect(content().bytes(Arrays.copyOfRange(content, 300_000, 300_100)));
		// resuming: from an offset to the end, guarded by the ETag
		this.mvc
			.perform(as("gov-liaison", get(path).header(HttpHeaders.RANGE, "bytes=699000-")
				.header(HttpHeaders.IF_RANGE, "\"" + sha256(content) + "\"")))
			.andExpect(status().isPartialContent())
			.andExpect(content().bytes(Arrays.copyOfRange(content, 699_000, 700_000)));
		this.mvc.perform(as("gov-liaison", get(path).header(HttpHeaders.RANGE, "bytes=-10")))
			.andExpect(status().isPartialContent())
			.andExpect(content().bytes(Arrays.copyOfRange(content, 699_990, 700_000)));
		// the content changed since the client's copy: the whole of it again
		this.mvc
			.perform(as("gov-liaison",
					get(path).header(HttpHeaders.RANGE, "bytes=10-20").header(HttpHeaders.IF_RANGE, "\"other\"")))
			.andExpect(status().isOk())
			.andExpect(content().bytes(content));
		this.mvc.perform(as("gov-liaison", get(path).header(HttpHeaders.RANGE, "bytes=800000-")))
			.andExpect(status().isRequestedRangeNotSatisfiable())
			.andExpect(header().string(HttpHeaders.CONTENT_RANGE, "bytes */700000"))
			.andExpect(content().contentTypeCompatibleWith("application/problem+json"));
		assertThat(audit(workspace)).extracting(AuditEntry::action).contains("document.downloaded");
	}

	@Test
	void givenTamperedContent_whenDownloading_thenIntegrityProblemAndNoBytes() throws Exception {
		UUID workspace = team();
		UUID id = document("partner-engineer", workspace, "TLP:GREEN", "notes.txt", bytes("the original notes"));
		Document stored = this.mongo.findById(id, Document.class, "documents");
		Object contentId = stored.getList("versions", Document.class).get(0).get("contentId");
		this.mongo.updateFirst(new Query(where("files_id").is(contentId)),
				new Update().set("data", new Binary(bytes("the altered notes!"))), DocumentContents.CHUNKS);

		this.mvc
			.perform(as("partner-engineer",
					get("/api/workspaces/" + workspace + "/documents/" + id + "/versions/1/content")))
			.andExpect(status().isInternalServerError())
			.andExpect(content().contentTypeCompatibleWith("application/problem+json"))
			.andExpect(jsonPath("$.type").value("urn:parley:problem:integrity-failure"));
	}

	@Test
	void givenLabelAboveTheCeiling_whenUploadingOrRaising_thenUnprocessableAndNothingStored() throws Exception {
		UUID workspace = workspace("TLP:AMBER", Map.of("partner-engineer", "CONTRIBUTOR"));
		int before = orphanedContent().size();

		upload("partner-engineer", workspace,
				new Multipart().field("label", "TLP:RED").file("secret.txt", "text/plain", bytes("secret")))
			.andExpect(status().isUnprocessableContent())
			.andExpect(jsonPath("$.type").value("urn:parley:problem:label-above-ceiling"));
		UUID id = document("partner-engineer", workspace, "TLP:AMBER", "fine.txt", bytes("fine"));
		this.mvc
			.perform(as("partner-engineer", json(put("/api/workspaces/" + workspace + "/documents/" + id + "/label"),
					Map.of("label", "TLP:AMBER+STRICT"))))
			.andExpect(status().isUnprocessableContent());

		this.mvc.perform(as("partner-engineer", get("/api/workspaces/" + workspace + "/documents")))
			.andExpect(jsonPath("$.length()").value(1));
		assertThat(orphanedContent()).hasSize(before);
	}

	@Test
	void givenRedDocument_whenLowering_thenOnlyUploaderOrOwnerMayAndItIsAuditedWithItsEvent() throws Exception {
		UUID workspace = team();
		UUID id = document("partner-engineer", workspace, "TLP:RED", "red.txt", bytes("eyes only"),
				subjectOf("doc-colleague"));
		String label = "/api/workspaces/" + workspace + "/documents/" + id + "/label";

		// a named contributor who is not the uploader may not widen the audience
		this.mvc.perform(as("doc-colleague", json(put(label), Map.of("label", "TLP:AMBER"))))
			.andExpect(status().isForbidden())
			.andExpect(jsonPath("$.type").value("urn:parley:problem:forbidden"));
		this.mvc
			.perform(as("doc-colleague", json(put(label),
					Map.of("label", "TLP:RED", "namedPeople", List.of(subjectOf("doc-colleague"), subjectOf("gov-liaison"))))))
			.andExpect(status().isForbidden());
		// narrowing is fine for them
		this.mvc
			.perform(as("doc-colleague", json(put(label), Map.of("label", "TLP:RED", "namedPeople", List.of()))))
			.andExpect(status().isOk());
		this.mvc.perform(as("doc-colleague", get("/api/workspaces/" + workspace + "/documents/" + id)))
			.andExpect(status().isNotFound());
		// the uploader lowers it
		this.mvc.perform(as("partner-engineer", json(put(label), Map.of("label", "TLP:AMBER"))))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.label").value("TLP:AMBER"));
		this.mvc.perform(as("gov-liaison", get("/api/workspaces/" + workspace + "/documents/" + id)))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.label").value("TLP:AMBER"));

		List<EventEnvelope> changes = documentOutbox(id).stream()
			.filter((event) -> event.type().equals("workspace.document.label-changed"))
			.toList();
		assertThat(changes).hasSize(2);
		EventEnvelope lowered = changes.get(1);
		assertThat(text(lowered.data(), "from")).isEqualTo("TLP:RED");
		assertThat(text(lowered.data(), "to")).isEqualTo("TLP:AMBER");
		assertThat(text(lowered.data(), "changedBy")).isEqualTo(subjectOf("partner-engineer"));
		assertThat(lowered.aggregateVersion()).isEqualTo(3);
		EventSamples.assertMatchesSample(lowered, JSON);
		assertThat(audit(workspace)).filteredOn((entry) -> entry.subject().equals(id.toString()))
			.extracting(AuditEntry::action)
			.containsSubsequence("access.refused", "access.refused", "document.label-raised", "document.label-lowered");
	}

	/**
	 * Issue 13, item 2: "raising" TLP:AMBER+STRICT to TLP:RED while naming someone outside the organisations widens
	 * the audience. A contributor who is not the uploader must be refused, and the liaison must still not see it.
	 */
	@Test
	void givenStrictDocument_whenContributorRaisesToRedNamingAnOutsider_thenRefusedAsAWidening() throws Exception {
		UUID workspace = team();
		UUID id = document("partner-engineer", workspace, "TLP:AMBER+STRICT", "strict.txt", bytes("acme only"));
		String documentPath = "/api/workspaces/" + workspace + "/documents/" + id;
		this.mvc.perform(as("gov-liaison", get(documentPath))).andExpect(status().isNotFound());

		this.mvc
			.perform(as("doc-colleague", json(put(documentPath + "/label"),
					Map.of("label", "TLP:RED", "namedPeople", List.of(subjectOf("gov-liaison"))))))
			.andExpect(status().isForbidden())
			.andExpect(jsonPath("$.detail").value(containsString("could not see it before")));

		this.mvc.perform(as("gov-liaison", get(documentPath))).andExpect(status().isNotFound());
		this.mvc.perform(as("gov-liaison", get(documentPath + "/versions/1/content"))).andExpect(status().isNotFound());
		this.mvc.perform(as("doc-colleague", get(documentPath)))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.label").value("TLP:AMBER+STRICT"));
		// naming a colleague of the same organisation under RED is a real narrowing, open to contributors
		this.mvc
			.perform(as("doc-colleague", json(put(documentPath + "/label"),
					Map.of("label", "TLP:RED", "namedPeople", List.of(subjectOf("doc-colleague"))))))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.label").value("TLP:RED"));
		// the uploader may widen it
		this.mvc
			.perform(as("partner-engineer", json(put(documentPath + "/label"), Map.of("label", "TLP:RED",
					"namedPeople", List.of(subjectOf("doc-colleague"), subjectOf("gov-liaison"))))))
			.andExpect(status().isOk());
		this.mvc.perform(as("gov-liaison", get(documentPath))).andExpect(status().isOk());
		assertThat(audit(workspace)).filteredOn((entry) -> entry.subject().equals(id.toString()))
			.extracting(AuditEntry::action)
			.containsSubsequence("access.refused", "document.label-raised", "document.label-lowered");
	}

	/**
	 * One step wider under the same label: a contributor who did not upload a TLP:AMBER+STRICT document names one
	 * more organisation. Refused, nothing changes, and the liaison of that organisation still cannot see it.
	 */
	@Test
	void givenStrictDocument_whenContributorNamesOneMoreOrganisation_thenRefusedAndUnchanged() throws Exception {
		UUID workspace = team();
		UUID id = document("partner-engineer", workspace, "TLP:AMBER+STRICT", "strict.txt", bytes("acme only"));
		String documentPath = "/api/workspaces/" + workspace + "/documents/" + id;

		this.mvc
			.perform(as("doc-colleague", json(put(documentPath + "/label"),
					Map.of("label", "TLP:AMBER+STRICT", "namedOrganisations", List.of("gov-cert")))))
			.andExpect(status().isForbidden())
			.andExpect(jsonPath("$.detail").value(containsString("gov-cert")));

		this.mvc.perform(as("gov-liaison", get(documentPath))).andExpect(status().isNotFound());
		this.mvc.perform(as("doc-colleague", get(documentPath)))
			.andExpect(jsonPath("$.namedOrganisations").isEmpty());
	}

	/**
	 * Issue 13, item 9: an owner outside a TLP:RED document's audience must not learn from the audit trail its id,
	 * content hash, named people or who downloaded it; the chain still verifies, and the host's auditor reads it
	 * whole.
	 */
	@Test
	void givenRedDocument_whenOwnerOutsideItsAudienceReadsTheAudit_thenItsEntriesAreRedacted() throws Exception {
		UUID workspace = team();
		UUID id = document("partner-engineer", workspace, "TLP:RED", "red.txt", bytes("eyes only"),
				subjectOf("doc-colleague"));
		this.mvc.perform(as("doc-colleague", get("/api/workspaces/" + workspace + "/documents/" + id
				+ "/versions/1/content"))).andExpect(status().isOk());
		this.mvc.perform(as("host-admin", get("/api/workspaces/" + workspace + "/documents/" + id)))
			.andExpect(status().isNotFound());
		String auditPath = "/api/workspaces/" + workspace + "/audit?size=500";

		String owners = this.mvc.perform(as("host-admin", get(auditPath)))
			.andExpect(status().isOk())
			.andReturn()
			.getResponse()
			.getContentAsString();
		String downloader = "\"actorId\":\"" + subjectOf("doc-colleague") + "\"";
		assertThat(owners).doesNotContain(id.toString())
			.doesNotContain(downloader)
			.doesNotContain("document.downloaded")
			.doesNotContain("document.uploaded")
			.contains("\"action\":\"redacted\"")
			// what is not about the document stays readable
			.contains("membership.added");
		String export = this.mvc.perform(as("host-admin", get("/api/workspaces/" + workspace + "/audit/export")))
			.andExpect(status().isOk())
			.andReturn()
			.getResponse()
			.getContentAsString();
		assertThat(export).doesNotContain(id.toString()).doesNotContain(downloader);
		this.mvc.perform(as("host-admin", get("/api/workspaces/" + workspace + "/audit/verify")))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.valid").value(true));

		this.mvc.perform(as("auditor", get(auditPath)))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString(id.toString())))
			.andExpect(content().string(containsString("document.downloaded")));
	}

	@Test
	void givenAmberDocument_whenOwnerWhoIsNotUploaderLowersIt_thenAllowed() throws Exception {
		UUID workspace = team();
		UUID id = document("partner-engineer", workspace, "TLP:AMBER", "amber.txt", bytes("amber"));
		String label = "/api/workspaces/" + workspace + "/documents/" + id + "/label";

		this.mvc.perform(as("doc-colleague", json(put(label), Map.of("label", "TLP:GREEN"))))
			.andExpect(status().isForbidden());
		this.mvc.perform(as("gov-liaison", json(put(label), Map.of("label", "TLP:RED"))))
			.andExpect(status().isForbidden());
		this.mvc.perform(as("host-admin", json(put(label), Map.of("label", "TLP:CLEAR"))))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.label").value("TLP:CLEAR"));
		assertThat(audit(workspace)).extracting(AuditEntry::action).contains("document.label-lowered");
	}

	@Test
	void givenAmberStrictDocument_whenOtherOrganisationsLook_thenOnlyUploadersAndNamedOrganisationsSeeIt()
			throws Exception {
		UUID workspace = team();
		UUID strict = document("partner-engineer", workspace, "TLP:AMBER+STRICT", "strict.txt", bytes("strict"));
		UUID shared = document("partner-engineer", workspace, "TLP:AMBER+STRICT", "shared.txt", bytes("shared"),
				"gov-cert");
		String documents = "/api/workspaces/" + workspace + "/documents";

		// doc-colleague: same organisation as the uploader
		this.mvc.perform(as("doc-colleague", get(documents)))
			.andExpect(jsonPath("$[*].id").value(hasItem(strict.toString())))
			.andExpect(jsonPath("$[*].id").value(hasItem(shared.toString())));
		// gov-liaison: a named organisation for one of them only
		this.mvc.perform(as("gov-liaison", get(documents)))
			.andExpect(jsonPath("$[*].id").value(not(hasItem(strict.toString()))))
			.andExpect(jsonPath("$[*].id").value(hasItem(shared.toString())));
		// host-admin: the workspace's owner, but of another organisation
		this.mvc.perform(as("host-admin", get(documents)))
			.andExpect(jsonPath("$[*].id").value(not(hasItem(strict.toString()))))
			.andExpect(jsonPath("$[*].id").value(not(hasItem(shared.toString()))));
		this.mvc.perform(as("host-admin", get(documents + "/" + strict))).andExpect(status().isNotFound());
	}

	@Test
	void givenReader_whenUploading_thenForbiddenAndRefusalAudited() throws Exception {
		UUID workspace = team();
		double refused = counted("parley.documents.uploads", "refused");
		double failed = counted("parley.documents.uploads", "failed");

		upload("gov-liaison", workspace,
				new Multipart().field("label", "TLP:GREEN").file("mine.txt", "text/plain", bytes("mine")))
			.andExpect(status().isForbidden())
			.andExpect(jsonPath("$.type").value("urn:parley:problem:forbidden"));
		assertThat(audit(workspace)).extracting(AuditEntry::action).contains("access.refused");
		// the caller's refusal, not the portal's failure: only the latter wakes the person on call
		assertThat(counted("parley.documents.uploads", "refused") - refused).isEqualTo(1);
		assertThat(counted("parley.documents.uploads", "failed") - failed).isZero();
	}

	@Test
	void givenOwner_whenDeleting_thenGoneForEveryoneAndAudited() throws Exception {
		UUID workspace = team();
		UUID id = document("partner-engineer", workspace, "TLP:GREEN", "old.txt", bytes("old"));
		String path = "/api/workspaces/" + workspace + "/documents/" + id;

		this.mvc.perform(as("partner-engineer", delete(path))).andExpect(status().isForbidden());
		this.mvc.perform(as("host-admin", delete(path))).andExpect(status().isNoContent());

		this.mvc.perform(as("partner-engineer", get(path))).andExpect(status().isNotFound());
		this.mvc.perform(as("partner-engineer", get(path + "/versions/1/content"))).andExpect(status().isNotFound());
		this.mvc.perform(as("partner-engineer", get("/api/workspaces/" + workspace + "/documents")))
			.andExpect(jsonPath("$[*].id").value(not(hasItem(id.toString()))));
		assertThat(audit(workspace)).extracting(AuditEntry::action).contains("document.deleted");
	}

	@Test
	void givenDocumentsInSeveralWorkspaces_whenSearching_thenOnlyWhatTheCallerMaySee() throws Exception {
		UUID workspace = team();
		UUID elsewhere = workspace("TLP:RED", Map.of("doc-neighbour", "CONTRIBUTOR"));
		String word = "zebra" + UUID.randomUUID().toString().substring(0, 6);
		UUID green = document("partner-engineer", workspace, "TLP:GREEN", word + "-green.txt", bytes("g"));
		UUID red = document("partner-engineer", workspace, "TLP:RED", word + "-red.txt", bytes("r"));
		UUID neighbours = document("doc-neighbour", elsewhere, "TLP:GREEN", word + "-n.txt", bytes("n"));

		this.mvc.perform(as("partner-engineer", get("/api/documents").param("q", word.toUpperCase())))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.length()").value(2))
			.andExpect(jsonPath("$[*].id").value(hasItem(green.toString())))
			.andExpect(jsonPath("$[*].id").value(hasItem(red.toString())))
			.andExpect(jsonPath("$[*].label").value(hasItem("TLP:RED")));
		this.mvc.perform(as("gov-liaison", get("/api/documents").param("q", word)))
			.andExpect(jsonPath("$.length()").value(1))
			.andExpect(jsonPath("$[0].id").value(green.toString()));
		this.mvc.perform(as("partner-engineer", get("/api/documents").param("q", word).param("label", "TLP:RED")))
			.andExpect(jsonPath("$.length()").value(1))
			.andExpect(jsonPath("$[0].id").value(red.toString()));
		this.mvc
			.perform(as("doc-neighbour",
					get("/api/documents").param("q", word).param("uploader", subjectOf("doc-neighbour"))))
			.andExpect(jsonPath("$.length()").value(1))
			.andExpect(jsonPath("$[0].id").value(neighbours.toString()));
		this.mvc.perform(as("outsider", get("/api/documents").param("q", word)))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.length()").value(0));
		// a pattern is matched literally, not as a regular expression
		this.mvc.perform(as("partner-engineer", get("/api/documents").param("q", ".*")))
			.andExpect(jsonPath("$.length()").value(0));
		this.mvc.perform(as("partner-engineer", get("/api/documents").param("label", "WHITE")))
			.andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.type").value("urn:parley:problem:invalid-request"));
	}

	@Test
	void givenOpenApi_whenFetched_thenDocumentsEndpointsAreDescribed() throws Exception {
		this.mvc.perform(as("partner-engineer", get("/api/workspaces/openapi")))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.paths['/api/workspaces/{id}/documents'].post.requestBody.content['multipart/form-data']")
				.exists())
			.andExpect(jsonPath("$.paths['/api/workspaces/{id}/documents/{documentId}/versions/{version}/content']")
				.exists());
	}

	private void assertDownloads(String fixture, UUID workspace, UUID id, int version, byte[] expected)
			throws Exception {
		this.mvc
			.perform(as(fixture,
					get("/api/workspaces/" + workspace + "/documents/" + id + "/versions/" + version + "/content")))
			.andExpect(status().isOk())
			.andExpect(content().bytes(expected));
	}

	static byte[] bytes(String text) {
		return text.getBytes(StandardCharsets.UTF_8);
	}

	static byte[] random(int size) {
		byte[] content = new byte[size];
		new Random(size).nextBytes(content);
		return content;
	}

	static String sha256(byte[] content) throws Exception {
		return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
	}

}

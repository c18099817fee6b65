package io.parley.workspace.documents;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import io.micrometer.core.instrument.MeterRegistry;
import io.parley.platform.events.EventEnvelope;
import io.parley.workspace.WorkspaceApiTest;
import io.parley.workspace.audit.AuditEntry;
import org.bson.Document;
import org.bson.types.ObjectId;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.servlet.ResultActions;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

import static org.springframework.data.mongodb.core.query.Criteria.where;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * Documents API tests: small upload limits (1 MB a file, 4 MB a request, 6 parts) so that the limits can be hit
 * cheaply; no scanner, so versions are {@code UNSCANNED} and downloadable.
 */
@TestPropertySource(properties = { "parley.workspace.documents.max-file-size=1MB",
		"parley.workspace.documents.max-request-size=4MB", "parley.workspace.documents.max-parts=6" })
abstract class DocumentApiTest extends WorkspaceApiTest {

	@Autowired
	protected MeterRegistry meters;

	/** The count of {@code parley.documents.uploads} or {@code parley.documents.scans} with this outcome. */
	protected double counted(String meter, String outcome) {
		return this.meters.get(meter).tag("outcome", outcome).counter().count();
	}

	/** A workspace with this label ceiling, {@code host-admin} its owner, and these members (fixture → role). */
	protected UUID workspace(String ceiling, Map<String, String> members) throws Exception {
		String body = this.mvc
			.perform(as("host-admin", json(post("/api/workspaces"), Map.of("name", unique("Documents"), "purpose",
					"Share the rollout guidance", "labelCeiling", ceiling))))
			.andExpect(status().isCreated())
			.andReturn()
			.getResponse()
			.getContentAsString();
		UUID workspace = UUID.fromString(JSON.readTree(body).get("id").asString());
		for (Map.Entry<String, String> member : members.entrySet()) {
			addMember(workspace, member.getKey(), member.getValue());
		}
		return workspace;
	}

	protected static MockHttpServletRequestBuilder upload(String path, Multipart body) {
		return post(path).contentType(body.contentType()).content(body.bytes());
	}

	protected ResultActions upload(String fixture, UUID workspace, Multipart body) throws Exception {
		return this.mvc.perform(as(fixture, upload("/api/workspaces/" + workspace + "/documents", body)));
	}

	/** Uploads a document and returns its id; {@code named} are person ids (RED) or organisations (AMBER+STRICT). */
	protected UUID document(String fixture, UUID workspace, String label, String fileName, byte[] content,
			String... named) throws Exception {
		Multipart body = new Multipart().field("label", label).field("title", "Guidance " + fileName);
		for (String name : named) {
			body.field(label.equals("TLP:RED") ? "namedPeople" : "namedOrganisations", name);
		}
		body.file(fileName, "text/plain", content);
		String response = upload(fixture, workspace, body).andExpect(status().isCreated())
			.andReturn()
			.getResponse()
			.getContentAsString();
		return UUID.fromString(JSON.readTree(response).get("id").asString());
	}

	/** Takes the host organisation (and {@code host-admin}) out, so that only the other members' remain. */
	protected UUID withoutHost(UUID workspace) throws Exception {
		this.mvc.perform(as("host-admin", delete("/api/workspaces/" + workspace + "/organisations/host")))
			.andExpect(status().isNoContent());
		return workspace;
	}

	/** A problem without its {@code instance} (which names the path asked for), to compare two answers. */
	protected static String problem(MockHttpServletResponse response) throws Exception {
		JsonNode body = JSON.readTree(response.getContentAsString());
		return body.get("type").asString() + "|" + body.get("title").asString() + "|" + body.get("status").asInt()
				+ "|" + body.get("detail").asString();
	}

	protected JsonNode read(ResultActions result) throws Exception {
		return JSON.readTree(result.andReturn().getResponse().getContentAsString());
	}

	/** The events waiting in a document's outbox, oldest first. */
	protected List<EventEnvelope> documentOutbox(UUID document) {
		Document stored = this.mongo.findOne(new Query(where("_id").is(document)), Document.class, "documents");
		List<EventEnvelope> events = new ArrayList<>();
		if (stored != null) {
			for (Document entry : stored.getList("_outbox", Document.class, List.of())) {
				events.add(JSON.readValue(entry.getString("body"), EventEnvelope.class));
			}
		}
		return events;
	}

	protected List<AuditEntry> audit(UUID workspace) {
		return this.mongo.find(new Query(where("workspaceId").is(workspace)).with(Sort.by("sequence")),
				AuditEntry.class);
	}

	/** GridFS content that no version refers to: what an aborted upload must not leave behind. */
	protected Set<ObjectId> orphanedContent() {
		return Orphans.in(this.mongo.getDb());
	}

}

package io.parley.workspace;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.parley.platform.events.EventEnvelope;
import io.parley.platform.test.FakeKeycloak;
import org.bson.Document;

import org.springframework.data.mongodb.core.query.Query;

import static org.springframework.data.mongodb.core.query.Criteria.where;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * What the comment and acknowledgement tests need besides {@link WorkspaceApiTest}: a workspace that takes every
 * label, documents uploaded into it, and the outbox of any aggregate. Same application context as the other API
 * tests.
 */
public abstract class DiscussionApiTest extends WorkspaceApiTest {

	/** A workspace with ceiling TLP:RED, {@code host-admin} its owner, and these members (fixture → role). */
	protected UUID redWorkspace(Map<String, String> members) throws Exception {
		UUID workspace = createWorkspace(unique("Discussion"), "TLP:RED");
		for (Map.Entry<String, String> member : members.entrySet()) {
			addMember(workspace, member.getKey(), member.getValue());
		}
		return workspace;
	}

	/**
	 * Uploads a small text document as {@code fixture}; {@code named} are person ids (TLP:RED) or organisations
	 * (TLP:AMBER+STRICT).
	 */
	protected UUID upload(String fixture, UUID workspace, String label, String... named) throws Exception {
		String boundary = "----parley" + UUID.randomUUID().toString().replace("-", "");
		ByteArrayOutputStream body = new ByteArrayOutputStream();
		List<String[]> fields = new ArrayList<>();
		fields.add(new String[] { "label", label });
		fields.add(new String[] { "title", unique("Guidance") });
		for (String name : named) {
			fields.add(new String[] { label.equals("TLP:RED") ? "namedPeople" : "namedOrganisations", name });
		}
		for (String[] field : fields) {
			body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + field[0] + "\"\r\n\r\n"
					+ field[1] + "\r\n").getBytes(StandardCharsets.UTF_8));
		}
		body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"guide.txt\""
				+ "\r\nContent-Type: text/plain\r\n\r\nStage the update in rings.\r\n--" + boundary + "--\r\n")
			.getBytes(StandardCharsets.UTF_8));
		String response = this.mvc
			.perform(as(fixture, post("/api/workspaces/" + workspace + "/documents")
				.contentType("multipart/form-data; boundary=" + boundary)
				.content(body.toByteArray())))
			.andExpect(status().isCreated())
			.andReturn()
			.getResponse()
			.getContentAsString();
		return UUID.fromString(JSON.readTree(response).get("id").asString());
	}

	/** A signed token like {@code partner-engineer}'s, for another person of this organisation with this name. */
	protected static String tokenFor(UUID person, String name, String organisation) {
		FakeKeycloak.Token template = FakeKeycloak.get().tokenFor("partner-engineer");
		Map<String, Object> claims = new HashMap<>(template.claims());
		claims.put("sub", person.toString());
		claims.put("name", name);
		claims.put("org", organisation);
		claims.put("preferred_username", "p" + person.toString().substring(0, 8));
		return new FakeKeycloak.Token(claims, template.issuer(), template.audience(), template.expiresAt(),
				template.key()).sign();
	}

	/** Adds a person who has no token fixture (see {@link #tokenFor}), as the owner {@code host-admin}. */
	protected void addPerson(UUID workspace, UUID person, String organisation, String role) throws Exception {
		known(person, organisation);
		this.mvc.perform(as("host-admin", json(post("/api/workspaces/" + workspace + "/members"),
				Map.of("personId", person.toString(), "organisation", organisation, "role", role))))
			.andExpect(status().isCreated());
	}

	/** The events waiting in an aggregate's outbox, oldest first. */
	protected List<EventEnvelope> outbox(String collection, UUID id) {
		Document stored = this.mongo.findOne(new Query(where("_id").is(id)), Document.class, collection);
		List<EventEnvelope> events = new ArrayList<>();
		if (stored != null) {
			for (Document entry : stored.getList("_outbox", Document.class, List.of())) {
				events.add(JSON.readValue(entry.getString("body"), EventEnvelope.class));
			}
		}
		return events;
	}

}

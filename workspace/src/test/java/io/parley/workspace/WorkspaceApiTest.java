package io.parley.workspace;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.parley.platform.events.EventEnvelope;
import io.parley.platform.test.FakeKeycloak;
import org.bson.Document;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.context.ContextConfiguration;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

import static org.springframework.data.mongodb.core.query.Criteria.where;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * Workspace's API tests: the whole service with its real filter chain, against the test doubles of
 * {@link TestInfrastructure}; all subclasses share one application context. The outbox relay is off (see
 * {@code config/application.properties}), so what a change recorded stays in the outbox for the test to read.
 */
@SpringBootTest
@AutoConfigureMockMvc
@ContextConfiguration(initializers = TestInfrastructure.class)
public abstract class WorkspaceApiTest {

	protected static final JsonMapper JSON = JsonMapper.builder().build();

	@Autowired
	protected MockMvc mvc;

	@Autowired
	protected MongoTemplate mongo;

	protected static MockHttpServletRequestBuilder as(String fixture, MockHttpServletRequestBuilder request) {
		return request.header(HttpHeaders.AUTHORIZATION, "Bearer " + FakeKeycloak.get().token(fixture));
	}

	protected static String subjectOf(String fixture) {
		return (String) FakeKeycloak.claims(fixture).get("sub");
	}

	protected static String organisationOf(String fixture) {
		return (String) FakeKeycloak.claims(fixture).get("org");
	}

	protected static MockHttpServletRequestBuilder json(MockHttpServletRequestBuilder request, Object body) {
		return request.contentType(MediaType.APPLICATION_JSON).content(JSON.writeValueAsString(body));
	}

	/** A workspace created by the portal admin {@code host-admin}, who is then its only owner. */
	protected UUID createWorkspace(String name) throws Exception {
		return createWorkspace(name, "TLP:AMBER");
	}

	/** A workspace with this label ceiling, created by {@code host-admin}, who is then its only owner. */
	protected UUID createWorkspace(String name, String labelCeiling) throws Exception {
		String body = this.mvc
			.perform(as("host-admin", json(post("/api/workspaces"),
					Map.of("name", name, "purpose", "Coordinate the rollout", "labelCeiling", labelCeiling))))
			.andExpect(status().isCreated())
			.andReturn()
			.getResponse()
			.getContentAsString();
		return UUID.fromString(JSON.readTree(body).get("id").asString());
	}

	/**
	 * Makes the person of a token fixture known to workspace as identity would (its {@code MemberJoined}): their
	 * organisation is then the one a workspace records when they are added (ADR 0027).
	 */
	protected void known(String fixture) {
		known(UUID.fromString(subjectOf(fixture)), organisationOf(fixture));
	}

	/** Makes a person without a token fixture known to workspace, in this organisation, as identity would. */
	protected void known(UUID person, String organisation) {
		this.mongo.upsert(new Query(where("_id").is(person.toString())), new Update().set("organisation", organisation),
				"people");
	}

	/** Adds the person of a token fixture, as the owner {@code host-admin}. */
	protected void addMember(UUID workspace, String fixture, String role) throws Exception {
		known(fixture);
		this.mvc
			.perform(as("host-admin", json(post("/api/workspaces/" + workspace + "/members"), Map.of("personId",
					subjectOf(fixture), "organisation", organisationOf(fixture), "role", role))))
			.andExpect(status().isCreated());
	}

	/** The events waiting in a workspace's outbox, oldest first, as the relay would publish them. */
	protected List<EventEnvelope> outbox(UUID workspace) {
		Document document = this.mongo.findOne(new Query(where("_id").is(workspace)), Document.class, "workspaces");
		List<EventEnvelope> events = new ArrayList<>();
		if (document != null) {
			for (Document entry : document.getList("_outbox", Document.class, List.of())) {
				events.add(JSON.readValue(entry.getString("body"), EventEnvelope.class));
			}
		}
		return events;
	}

	protected static String text(JsonNode node, String field) {
		return node.get(field).asString();
	}

	protected static String unique(String prefix) {
		return prefix + " " + UUID.randomUUID().toString().substring(0, 8);
	}

}

package io.parley.workspace;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.parley.platform.events.EventEnvelope;
import io.parley.platform.events.contract.MemberOffboarded;
import io.parley.platform.test.FakeKeycloak;
import org.awaitility.Awaitility;
import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.ContextConfiguration;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * Workspace with its relay and consumer on, against the real RabbitMQ on 127.0.0.1:5672: identity's
 * {@code identity.member.offboarded} on {@code parley.events} takes the person out of their workspace, the
 * resulting {@code workspace.membership.removed} leaves through the outbox, and the outbox empties once the broker
 * confirmed it. The context is closed afterwards, so its relay does not drain the outboxes other tests read.
 */
@SpringBootTest(properties = "parley.events.relay.enabled=true")
@AutoConfigureMockMvc
@ContextConfiguration(initializers = TestInfrastructure.class)
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
class WorkspaceIntegrationTests {

	private static final String QUEUE = "workspace-integration-test-" + UUID.randomUUID();

	/**
	 * The service's own consumer queue for this run. Not the shared {@code workspace-tests}: other test JVMs on
	 * this broker (other branches, CI) consume that one too and would take the offboarding meant for this context.
	 */
	private static final String CONSUMER_QUEUE = "workspace-integration-consumer-" + UUID.randomUUID();

	private static TestBroker broker;

	private static final JsonMapper JSON = JsonMapper.builder().build();

	@Autowired
	MockMvc mvc;

	@Autowired
	MongoTemplate mongo;

	@DynamicPropertySource
	static void consumerQueue(DynamicPropertyRegistry registry) {
		registry.add("parley.workspace.events-queue", () -> CONSUMER_QUEUE);
	}

	@BeforeAll
	static void listen() {
		broker = new TestBroker(QUEUE, "workspace.#");
	}

	@AfterAll
	static void stopListening() {
		broker.close(CONSUMER_QUEUE, CONSUMER_QUEUE + ".dlq");
	}

	@Test
	void givenMember_whenMemberOffboardedArrivesOnTheBroker_thenRemovedAndTheRemovalIsPublished() throws Exception {
		UUID workspace = createWorkspace();
		UUID person = UUID.randomUUID();
		// known to workspace in its organisation, as identity's MemberJoined would make them
		this.mongo.upsert(new Query(Criteria.where("_id").is(person.toString())),
				new Update().set("organisation", "acme-security"), "people");
		this.mvc
			.perform(as("host-admin", post("/api/workspaces/" + workspace + "/members"))
				.contentType(MediaType.APPLICATION_JSON)
				.content(JSON.writeValueAsString(
						Map.of("personId", person.toString(), "organisation", "acme-security", "role", "READER"))))
			.andExpect(status().isCreated());

		EventEnvelope offboarded = new EventEnvelope(UUID.randomUUID(), "identity.member.offboarded",
				Instant.now().truncatedTo(ChronoUnit.MILLIS), "identity", person.toString(), 3,
				JSON.valueToTree(new MemberOffboarded(person, "acme-security", UUID.randomUUID())));
		broker.publish(offboarded);

		EventEnvelope removed = Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> {
			EventEnvelope envelope = broker.receive(500);
			boolean ours = envelope != null && envelope.type().equals("workspace.membership.removed")
					&& workspace.toString().equals(envelope.aggregateId());
			return ours ? envelope : null;
		}, (envelope) -> envelope != null);
		assertThat(removed.producer()).isEqualTo("workspace");
		assertThat(removed.data().get("personId").asString()).isEqualTo(person.toString());
		assertThat(removed.data().get("workspaceId").asString()).isEqualTo(workspace.toString());
		assertThat(this.mongo.exists(
				new org.springframework.data.mongodb.core.query.Query(
						org.springframework.data.mongodb.core.query.Criteria.where("_id").is(person.toString())),
				"offboarded_people"))
			.isTrue();
		Awaitility.await()
			.atMost(Duration.ofSeconds(10))
			.until(() -> this.mongo.findById(workspace, Document.class, "workspaces")
				.getList("_outbox", Document.class, List.of())
				.isEmpty());
		Document stored = this.mongo.findById(workspace, Document.class, "workspaces");
		assertThat(stored.getList("members", Document.class)).extracting((member) -> member.getString("personId"))
			.doesNotContain(person.toString());
	}

	@Test
	void givenSignedInMember_whenMemberOffboardedArrivesOnTheBroker_thenTheirTokenIsRefusedWithinOneSecond()
			throws Exception {
		UUID workspace = createWorkspace();
		String person = (String) FakeKeycloak.claims("measured").get("sub");
		// signed in once: workspace knows their organisation from their token
		this.mvc.perform(as("measured", get("/api/workspaces"))).andExpect(status().isOk());
		this.mvc
			.perform(as("host-admin", post("/api/workspaces/" + workspace + "/members"))
				.contentType(MediaType.APPLICATION_JSON)
				.content(JSON.writeValueAsString(
						Map.of("personId", person, "organisation", "acme-security", "role", "READER"))))
			.andExpect(status().isCreated());
		this.mvc.perform(as("measured", get("/api/workspaces/" + workspace))).andExpect(status().isOk());

		EventEnvelope offboarded = new EventEnvelope(UUID.randomUUID(), "identity.member.offboarded",
				Instant.now().truncatedTo(ChronoUnit.MILLIS), "identity", person, 3, JSON.valueToTree(
						new MemberOffboarded(UUID.fromString(person), "acme-security", UUID.randomUUID())));
		long published = System.nanoTime();
		broker.publish(offboarded);
		long refusedAfter = -1;
		while (System.nanoTime() - published < Duration.ofSeconds(5).toNanos()) {
			if (this.mvc.perform(as("measured", get("/api/workspaces/" + workspace)))
				.andReturn()
				.getResponse()
				.getStatus() == 401) {
				refusedAfter = (System.nanoTime() - published) / 1_000_000;
				break;
			}
		}
		System.out.println("offboarding: workspace refused the token " + refusedAfter
				+ " ms after MemberOffboarded was published");
		assertThat(refusedAfter).isBetween(0L, 999L);
	}

	private UUID createWorkspace() throws Exception {
		String body = this.mvc
			.perform(as("host-admin", post("/api/workspaces")).contentType(MediaType.APPLICATION_JSON)
				.content(JSON.writeValueAsString(Map.of("name", "Integration " + UUID.randomUUID().toString().substring(0, 8),
						"purpose", "", "labelCeiling", "TLP:GREEN"))))
			.andExpect(status().isCreated())
			.andReturn()
			.getResponse()
			.getContentAsString();
		UUID id = UUID.fromString(JSON.readTree(body).get("id").asString());
		this.mvc.perform(as("host-admin", get("/api/workspaces/" + id))).andExpect(status().isOk());
		return id;
	}

	private static MockHttpServletRequestBuilder as(String fixture, MockHttpServletRequestBuilder request) {
		return request.header(HttpHeaders.AUTHORIZATION, "Bearer " + FakeKeycloak.get().token(fixture));
	}

}

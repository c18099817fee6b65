package io.parley.workspace.releases;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.parley.platform.events.EventEnvelope;
import io.parley.platform.events.contract.ReleaseHalted;
import io.parley.platform.events.contract.ReleaseHalted.GateBreach;
import io.parley.platform.events.contract.ReleaseSummary;
import io.parley.platform.test.FakeKeycloak;
import io.parley.workspace.TestInfrastructure;
import io.parley.workspace.audit.AuditEntry;
import io.parley.workspace.audit.AuditTrail;
import org.awaitility.Awaitility;
import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.amqp.core.BindingBuilder;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.MessageBuilder;
import org.springframework.amqp.core.MessageDeliveryMode;
import org.springframework.amqp.core.Queue;
import org.springframework.amqp.core.TopicExchange;
import org.springframework.amqp.rabbit.connection.CachingConnectionFactory;
import org.springframework.amqp.rabbit.core.RabbitAdmin;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.data.mongodb.core.MongoTemplate;
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
import static org.springframework.data.mongodb.core.query.Criteria.where;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * War rooms through the real RabbitMQ on 127.0.0.1:5672: rollouts' {@code rollouts.release.halted}, published twice
 * with the same id, is taken by two listener threads of workspace's queue (as two instances would), opens one war
 * room that a participant sees through the API and another organisation gets 404 for, and the room's
 * {@code workspace.workspace.created} leaves through the outbox once.
 */
@SpringBootTest(properties = { "parley.events.relay.enabled=true", "parley.events.consumer.concurrency=2",
		"parley.events.consumer.prefetch=1" })
@AutoConfigureMockMvc
@ContextConfiguration(initializers = TestInfrastructure.class)
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
class WarRoomIntegrationTests {

	/** What this test hears of workspace's events. */
	private static final String QUEUE = "war-room-integration-test-" + UUID.randomUUID();

	/** The service's own queue for this run, not one other test JVMs on this broker consume too. */
	private static final String CONSUMER_QUEUE = "war-room-integration-consumer-" + UUID.randomUUID();

	private static final CachingConnectionFactory BROKER = new CachingConnectionFactory("127.0.0.1");

	private static final JsonMapper JSON = JsonMapper.builder().build();

	@Autowired
	MockMvc mvc;

	@Autowired
	MongoTemplate mongo;

	@Autowired
	AuditTrail trail;

	@Autowired
	MeterRegistry meters;

	@DynamicPropertySource
	static void consumerQueue(DynamicPropertyRegistry registry) {
		registry.add("parley.workspace.events-queue", () -> CONSUMER_QUEUE);
	}

	@BeforeAll
	static void listen() {
		RabbitAdmin admin = new RabbitAdmin(BROKER);
		TopicExchange exchange = new TopicExchange("parley.events", true, false);
		Queue queue = new Queue(QUEUE, false, false, false);
		admin.declareExchange(exchange);
		admin.declareQueue(queue);
		// every workspace event, so none is returned unroutable and held in the outbox (ADR 0005)
		admin.declareBinding(BindingBuilder.bind(queue).to(exchange).with("workspace.#"));
	}

	@AfterAll
	static void stopListening() {
		RabbitAdmin admin = new RabbitAdmin(BROKER);
		admin.deleteQueue(QUEUE);
		admin.deleteQueue(CONSUMER_QUEUE);
		admin.deleteQueue(CONSUMER_QUEUE + ".dlq");
		BROKER.destroy();
	}

	@Test
	void givenHaltPublishedTwice_whenWorkspaceConsumesIt_thenOneWarRoomForTheParticipantAnd404ForOthers()
			throws Exception {
		UUID source = createWorkspace();
		addMember(source, "partner-engineer");
		addMember(source, "outsider");
		ReleaseSummary release = new ReleaseSummary(UUID.randomUUID(), source, "acme-security", "Acme Falcon Sensor",
				"7.11.2", "SENSOR", "TLP:AMBER", subject("partner-engineer"), List.of(), List.of());
		ReleaseHalted halted = new ReleaseHalted(release, 1, "Boot-failure rate 4.2 per mille exceeds the gate of 1.0",
				true, List.of(new GateBreach("BOOT_FAILURE_RATE", 4.2, 1.0, 5000)), List.of("acme-security", "host"),
				true, UUID.randomUUID().toString());
		EventEnvelope envelope = new EventEnvelope(UUID.randomUUID(), "rollouts.release.halted",
				Instant.now().truncatedTo(ChronoUnit.MILLIS), "rollouts", release.releaseId().toString(), 5,
				JSON.valueToTree(halted));
		double consumedBefore = consumed();

		RabbitTemplate rabbit = new RabbitTemplate(BROKER);
		for (int delivery = 0; delivery < 2; delivery++) {
			rabbit.send("parley.events", envelope.type(),
					MessageBuilder.withBody(JSON.writeValueAsString(envelope).getBytes(StandardCharsets.UTF_8))
						.setContentType("application/json")
						.setMessageId(envelope.id().toString())
						.setDeliveryMode(MessageDeliveryMode.PERSISTENT)
						.build());
		}

		UUID room = WarRooms.idFor(release.releaseId());
		Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> consumed() - consumedBefore >= 2);
		this.mvc.perform(as("partner-engineer", get("/api/workspaces/" + room)))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.name").value("War room: Acme Falcon Sensor 7.11.2"))
			.andExpect(jsonPath("$.labelCeiling").value("TLP:AMBER+STRICT"))
			.andExpect(jsonPath("$.members.length()").value(2));
		this.mvc.perform(as("outsider", get("/api/workspaces/" + room))).andExpect(status().isNotFound());
		this.mvc.perform(as("gov-liaison", get("/api/workspaces/" + room))).andExpect(status().isNotFound());
		assertThat(this.mongo.count(new Query(where("_id").is(room)), "workspaces")).isEqualTo(1);
		assertThat(this.trail.page(source, 0, 500)).filteredOn((entry) -> entry.subject()
			.equals(release.releaseId().toString())).extracting(AuditEntry::action).containsExactly("release.halted");

		Awaitility.await()
			.atMost(Duration.ofSeconds(30))
			.until(() -> this.mongo.findById(room, Document.class, "workspaces")
				.getList("_outbox", Document.class, List.of())
				.isEmpty());
		List<String> published = new ArrayList<>();
		Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> {
			Message received;
			while ((received = rabbit.receive(QUEUE, 200)) != null) {
				EventEnvelope event = JSON.readValue(received.getBody(), EventEnvelope.class);
				if (event.aggregateId().equals(room.toString())) {
					published.add(event.type());
				}
			}
			return published.size() >= 3;
		});
		// nothing more arrives for the room
		Thread.sleep(1000);
		for (Message received; (received = rabbit.receive(QUEUE, 200)) != null;) {
			EventEnvelope event = JSON.readValue(received.getBody(), EventEnvelope.class);
			if (event.aggregateId().equals(room.toString())) {
				published.add(event.type());
			}
		}
		assertThat(published).containsExactly("workspace.workspace.created", "workspace.membership.added",
				"workspace.membership.added");
	}

	/** Messages workspace's consumer has acknowledged after handling them. */
	private double consumed() {
		Counter counter = this.meters.find("parley.events.consumed").tag("queue", CONSUMER_QUEUE).counter();
		return (counter != null) ? counter.count() : 0;
	}

	private UUID createWorkspace() throws Exception {
		String body = this.mvc
			.perform(as("host-admin", post("/api/workspaces")).contentType(MediaType.APPLICATION_JSON)
				.content(JSON.writeValueAsString(Map.of("name", "Releases " + UUID.randomUUID().toString().substring(0, 8),
						"purpose", "", "labelCeiling", "TLP:AMBER"))))
			.andExpect(status().isCreated())
			.andReturn()
			.getResponse()
			.getContentAsString();
		return UUID.fromString(JSON.readTree(body).get("id").asString());
	}

	/** Known to workspace in their organisation (as identity's MemberJoined makes them), then added as contributor. */
	private void addMember(UUID workspace, String fixture) throws Exception {
		this.mongo.upsert(new Query(where("_id").is(subject(fixture))),
				new Update().set("organisation", FakeKeycloak.claims(fixture).get("org")), "people");
		this.mvc
			.perform(as("host-admin", post("/api/workspaces/" + workspace + "/members"))
				.contentType(MediaType.APPLICATION_JSON)
				.content(JSON.writeValueAsString(Map.of("personId", subject(fixture), "role", "CONTRIBUTOR"))))
			.andExpect(status().isCreated());
	}

	private static String subject(String fixture) {
		return (String) FakeKeycloak.claims(fixture).get("sub");
	}

	private static MockHttpServletRequestBuilder as(String fixture, MockHttpServletRequestBuilder request) {
		return request.header(HttpHeaders.AUTHORIZATION, "Bearer " + FakeKeycloak.get().token(fixture));
	}

}

package io.parley.rollouts;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import io.parley.platform.events.EventEnvelope;
import io.parley.platform.events.EventSamples;
import io.parley.platform.events.EventTypes;
import io.parley.platform.events.contract.WorkspaceMemberAdded;
import io.parley.platform.events.contract.WorkspaceMemberRemoved;
import org.awaitility.Awaitility;
import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.amqp.core.BindingBuilder;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.MessageBuilder;
import org.springframework.amqp.core.MessageDeliveryMode;
import org.springframework.amqp.core.Queue;
import org.springframework.amqp.core.TopicExchange;
import org.springframework.amqp.rabbit.connection.CachingConnectionFactory;
import org.springframework.amqp.rabbit.core.RabbitAdmin;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.http.HttpHeaders;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;

/**
 * Rollouts with its relay and consumer on, against the real RabbitMQ on 127.0.0.1:5672: the events of a release's
 * transitions leave through the outbox onto {@code parley.events} in the shape of platform's samples, and workspace's
 * {@code membership.added} / {@code .removed} on the broker let a person read a release and then no longer, a late
 * duplicate of the addition changing nothing. The context is closed afterwards, so its relay does not drain the
 * outboxes other tests read.
 */
@SpringBootTest(properties = "parley.events.relay.enabled=true")
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
class RolloutsIntegrationTests extends RolloutsApiTest {

	private static final String QUEUE = "rollouts-integration-test-" + UUID.randomUUID();

	/** The service's own consumer queue for this run, not one another test JVM on this broker also consumes. */
	private static final String CONSUMER_QUEUE = "rollouts-integration-consumer-" + UUID.randomUUID();

	private static final CachingConnectionFactory BROKER = new CachingConnectionFactory("127.0.0.1");

	@DynamicPropertySource
	static void consumerQueue(DynamicPropertyRegistry registry) {
		registry.add("parley.rollouts.events-queue", () -> CONSUMER_QUEUE);
	}

	@BeforeAll
	static void listen() {
		RabbitAdmin admin = new RabbitAdmin(BROKER);
		TopicExchange exchange = new TopicExchange("parley.events", true, false);
		Queue queue = new Queue(QUEUE, false, false, false);
		admin.declareExchange(exchange);
		admin.declareQueue(queue);
		// Every rollouts event: one nobody binds is returned and stays in the outbox (ADR 0005).
		admin.declareBinding(BindingBuilder.bind(queue).to(exchange).with("rollouts.#"));
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
	void givenReleaseHaltedByABreach_whenTheRelayRuns_thenEveryEventReachesTheBrokerInTheContractsShape()
			throws Exception {
		UUID release = inRing0(standardWorkspace(), "SENSOR");
		expect(201, report("acme-pipeline", release, 0, 5000, 1, 21));

		List<EventEnvelope> received = new ArrayList<>();
		RabbitTemplate rabbit = new RabbitTemplate(BROKER);
		Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> {
			Message message = rabbit.receive(QUEUE, 500);
			if (message != null) {
				EventEnvelope envelope = JSON.readValue(message.getBody(), EventEnvelope.class);
				if (envelope.aggregateId().equals(release.toString())) {
					assertThat(message.getMessageProperties().getMessageId()).isEqualTo(envelope.id().toString());
					received.add(envelope);
				}
			}
			return received.size() >= 4;
		});

		assertThat(received).extracting(EventEnvelope::type)
			.containsExactly("rollouts.release.declared", "rollouts.release.scheduled", "rollouts.release.ring-started",
					"rollouts.release.halted");
		assertThat(received).extracting(EventEnvelope::aggregateVersion).containsExactly(1L, 2L, 3L, 4L);
		received.forEach((event) -> {
			assertThat(event.producer()).isEqualTo("rollouts");
			EventSamples.assertMatchesSample(event, JSON);
		});
		EventEnvelope halted = received.get(3);
		assertThat(halted.data().get("automatic").asBoolean()).isTrue();
		assertThat(halted.data().get("breaches").get(0).get("gate").asString()).isEqualTo("BOOT_FAILURE_RATE");
		assertThat(halted.data().get("actorId").asString()).isEqualTo(subjectOf("acme-pipeline"));
		Awaitility.await()
			.atMost(Duration.ofSeconds(10))
			.until(() -> stored(release).getList("_outbox", Document.class, List.of()).isEmpty());
	}

	@Test
	void givenMembershipEventsOnTheBroker_whenAPersonIsAddedAndRemoved_thenTheyReadTheReleaseAndThenNoLonger()
			throws Exception {
		UUID workspace = standardWorkspace();
		UUID release = declare("partner-engineer", release(workspace, "SENSOR", "TLP:AMBER"));
		String path = RELEASES + "/" + release;
		assertThat(status("outsider", path)).isEqualTo(404);
		UUID person = UUID.fromString(subjectOf("outsider"));

		EventEnvelope added = publish(workspace, 1_000_000, new WorkspaceMemberAdded(workspace, person, "third-vendor",
				"reader"));
		Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> status("outsider", path) == 200);

		publish(workspace, 1_000_001, new WorkspaceMemberRemoved(workspace, person));
		Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> status("outsider", path) == 404);

		// the addition delivered again after the removal (at least once, out of order): it must not bring them back.
		// One consumer thread takes the queue in order, so once a later sentinel is applied, the duplicate was too.
		publish(added);
		UUID sentinel = UUID.randomUUID();
		publish(sentinel, 1, new WorkspaceMemberAdded(sentinel, person, "third-vendor", "reader"));
		Awaitility.await()
			.atMost(Duration.ofSeconds(30))
			.until(() -> this.mongo.findById(sentinel + ":" + person, Document.class, "memberships") != null);
		assertThat(status("outsider", path)).isEqualTo(404);
		assertThat(this.mongo.findById(workspace + ":" + person, Document.class, "memberships").getBoolean("member"))
			.isFalse();
	}

	@Test
	void givenARevokedClientsStillValidToken_whenTheRevocationIsOnTheBroker_thenRefusedWithinOneSecond()
			throws Exception {
		UUID release = inRing0(standardWorkspace(), "SENSOR");
		String path = RELEASES + "/" + release;
		UUID serviceAccount = UUID.randomUUID();
		String token = apiClientToken(serviceAccount);
		assertThat(statusWith(token, path)).isEqualTo(200);

		long published = System.nanoTime();
		publish(revocation(serviceAccount));
		Awaitility.await()
			.atMost(Duration.ofSeconds(30))
			.pollInterval(Duration.ofMillis(10))
			.until(() -> statusWith(token, path) == 401);
		long refusedAfter = Duration.ofNanos(System.nanoTime() - published).toMillis();

		System.out.println("Revoked API client refused " + refusedAfter + " ms after the event was published");
		assertThat(refusedAfter).as("ms from the revocation on the broker to the first 401").isLessThan(1000);
		assertThat(status("acme-pipeline", path)).isEqualTo(200);
	}

	private int status(String fixture, String path) throws Exception {
		return this.mvc.perform(as(fixture, get(path))).andReturn().getResponse().getStatus();
	}

	private int statusWith(String bearer, String path) throws Exception {
		return this.mvc.perform(get(path).header(HttpHeaders.AUTHORIZATION, bearer)).andReturn().getResponse().getStatus();
	}

	private static EventEnvelope publish(UUID workspace, long version, Object event) {
		String type = EventTypes.typeOf(event.getClass());
		EventEnvelope envelope = new EventEnvelope(UUID.randomUUID(), type, Instant.now().truncatedTo(ChronoUnit.MILLIS),
				"workspace", workspace.toString(), version, JSON.valueToTree(event));
		publish(envelope);
		return envelope;
	}

	private static void publish(EventEnvelope envelope) {
		Message message = MessageBuilder.withBody(JSON.writeValueAsString(envelope).getBytes(StandardCharsets.UTF_8))
			.setContentType("application/json")
			.setMessageId(envelope.id().toString())
			.setDeliveryMode(MessageDeliveryMode.PERSISTENT)
			.build();
		new RabbitTemplate(BROKER).send("parley.events", envelope.type(), message);
	}

}

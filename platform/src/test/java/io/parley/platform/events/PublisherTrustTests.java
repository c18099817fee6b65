package io.parley.platform.events;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import io.parley.platform.events.contract.MemberOffboarded;
import io.parley.platform.test.EmbeddedMongo;
import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.amqp.core.Message;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Bean;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * Only identity may offboard people: against the real RabbitMQ, with a broker user per service as docker-compose
 * has them (docker/rabbitmq-definitions.json), created here with {@code rabbitmqctl}. This context is the identity
 * service: its relay and its consumer connect as the identity user; a second connection plays workspace.
 */
@DirtiesContext
@SpringBootTest(classes = PublisherTrustTests.App.class)
class PublisherTrustTests {

	private static final String RUN = UUID.randomUUID().toString().substring(0, 8);

	static final String EXCHANGE = "parley.events.trust-" + RUN;

	static final String QUEUE = "events-trust-" + RUN;

	static final String PEOPLE = "trust_people";

	static final String IDENTITY_USER = "parley-test-identity-" + RUN;

	static final String WORKSPACE_USER = "parley-test-workspace-" + RUN;

	private static final String PASSWORD = UUID.randomUUID().toString();

	private static final Duration WAIT = Duration.ofSeconds(30);

	static {
		for (String user : new String[] { IDENTITY_USER, WORKSPACE_USER }) {
			Broker.rabbitmqctl("add_user", user, PASSWORD);
			Broker.rabbitmqctl("set_permissions", "-p", "/", user, ".*", ".*", ".*");
			String service = user.equals(IDENTITY_USER) ? "identity" : "workspace";
			// like docker/rabbitmq-definitions.json: a service publishes only its own routing keys on the exchange
			Broker.rabbitmqctl("set_topic_permissions", "-p", "/", user, EXCHANGE, "^" + service + "\\.", ".*");
		}
	}

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		EmbeddedMongo.register(registry);
		registry.add("spring.mongodb.database", () -> "events-trust");
		registry.add("spring.main.web-application-type", () -> "none");
		registry.add("spring.rabbitmq.host", () -> Broker.HOST);
		registry.add("spring.rabbitmq.username", () -> IDENTITY_USER);
		registry.add("spring.rabbitmq.password", () -> PASSWORD);
		registry.add("parley.events.producer", () -> "identity");
		registry.add("parley.events.exchange", () -> EXCHANGE);
		registry.add("parley.events.relay.poll-interval", () -> "100ms");
		registry.add("parley.events.consumer.max-attempts", () -> "1");
		registry.add("parley.events.consumer.publishers.identity", () -> IDENTITY_USER);
		registry.add("parley.events.consumer.publishers.workspace", () -> WORKSPACE_USER);
	}

	@AfterAll
	static void deleteUsers() {
		Broker.rabbitmqctl("delete_user", IDENTITY_USER);
		Broker.rabbitmqctl("delete_user", WORKSPACE_USER);
	}

	@Autowired
	EventRecorder recorder;

	@Autowired
	Offboardings offboardings;

	@Autowired
	DeadLetters deadLetters;

	@Autowired
	RabbitTemplate rabbit;

	@Autowired
	JsonMapper json;

	@Test
	void givenOffboardingRecordedByIdentity_whenRelayed_thenHandled() {
		UUID person = UUID.randomUUID();
		this.recorder.insert(new Document("_id", person.toString()), PEOPLE,
				this.recorder.event(person.toString(), 1, offboarded(person)));

		await().atMost(WAIT).until(() -> this.offboardings.handled.contains(person));
	}

	@Test
	void givenOffboardingPublishedByWorkspaceUser_whenConsumed_thenRefusedNeverHandledAndDeadLettered()
			throws Exception {
		UUID person = UUID.randomUUID();
		long before = this.deadLetters.count();

		// Past the topic permissions (straight into the queue through the default exchange), with the broker's
		// validated user_id saying who really published it.
		asWorkspace((channel) -> {
			channel.basicPublish("", QUEUE, publishedBy(WORKSPACE_USER), body(person));
			channel.waitForConfirmsOrDie(10_000);
		});

		Message refused = await().atMost(WAIT).until(() -> this.rabbit.receive(this.deadLetters.deadLetterQueue(), 500),
				(message) -> message != null && new String(message.getBody(), StandardCharsets.UTF_8)
					.contains(person.toString()));
		assertThat((String) refused.getMessageProperties().getHeader("x-exception-message"))
			.contains("published by broker user " + WORKSPACE_USER).contains("only " + IDENTITY_USER);
		assertThat(this.offboardings.handled).doesNotContain(person);
	}

	@Test
	void givenOffboardingWithoutUserId_whenConsumed_thenRefused() throws Exception {
		UUID person = UUID.randomUUID();
		long before = this.deadLetters.count();

		asWorkspace((channel) -> {
			channel.basicPublish("", QUEUE, publishedBy(null), body(person));
			channel.waitForConfirmsOrDie(10_000);
		});

		await().atMost(WAIT).until(() -> this.deadLetters.count() == before + 1);
		assertThat(this.offboardings.handled).doesNotContain(person);
	}

	@Test
	void givenWorkspaceUser_whenClaimingToBeIdentityOrPublishingIdentityRoutingKeys_thenTheBrokerRefuses() {
		UUID person = UUID.randomUUID();

		assertThatThrownBy(() -> asWorkspace((channel) -> {
			channel.basicPublish("", QUEUE, publishedBy(IDENTITY_USER), body(person));
			channel.waitForConfirmsOrDie(10_000);
		})).hasStackTraceContaining("user_id property set to '" + IDENTITY_USER + "' but authenticated user was '"
				+ WORKSPACE_USER + "'");
		assertThatThrownBy(() -> asWorkspace((channel) -> {
			channel.basicPublish(EXCHANGE, "identity.member.offboarded", publishedBy(WORKSPACE_USER), body(person));
			channel.waitForConfirmsOrDie(10_000);
		})).hasStackTraceContaining("ACCESS_REFUSED");
		assertThat(this.offboardings.handled).doesNotContain(person);
	}

	@Test
	void givenDeadLetteredEvents_whenReplayed_thenTheOwnersIsHandledAndTheForgedOneRefusedAgain() throws Exception {
		UUID failsOnce = UUID.randomUUID();
		UUID forged = UUID.randomUUID();
		long before = this.deadLetters.count();
		this.offboardings.failOnce.add(failsOnce);
		this.recorder.insert(new Document("_id", failsOnce.toString()), PEOPLE,
				this.recorder.event(failsOnce.toString(), 1, offboarded(failsOnce)));
		asWorkspace((channel) -> {
			channel.basicPublish("", QUEUE, publishedBy(WORKSPACE_USER), body(forged));
			channel.waitForConfirmsOrDie(10_000);
		});
		await().atMost(WAIT).until(() -> this.deadLetters.count() == before + 2);

		await().atMost(WAIT).until(() -> {
			this.deadLetters.replay(100);
			return this.offboardings.handled.contains(failsOnce);
		});

		await().atMost(WAIT).until(() -> this.deadLetters.count() == before + 1);
		assertThat(this.offboardings.handled).doesNotContain(forged);
	}

	private MemberOffboarded offboarded(UUID person) {
		return new MemberOffboarded(person, "acme-security", UUID.randomUUID());
	}

	private byte[] body(UUID person) {
		EventEnvelope envelope = new EventEnvelope(UUID.randomUUID(), "identity.member.offboarded", Instant.now(),
				"identity", person.toString(), 1, this.json.valueToTree(offboarded(person)));
		return this.json.writeValueAsString(envelope).getBytes(StandardCharsets.UTF_8);
	}

	private static AMQP.BasicProperties publishedBy(String userId) {
		return new AMQP.BasicProperties.Builder().contentType("application/json")
			.messageId(UUID.randomUUID().toString())
			.userId(userId)
			.build();
	}

	private interface ChannelWork {

		void run(Channel channel) throws Exception;

	}

	private static void asWorkspace(ChannelWork work) throws Exception {
		ConnectionFactory factory = new ConnectionFactory();
		factory.setHost(Broker.HOST);
		factory.setUsername(WORKSPACE_USER);
		factory.setPassword(PASSWORD);
		try (Connection connection = factory.newConnection("trust-test-workspace")) {
			Channel channel = connection.createChannel();
			channel.confirmSelect();
			work.run(channel);
		}
	}

	/** The consumer's handler: who was offboarded, and people whose first delivery fails (to dead-letter it). */
	static final class Offboardings {

		final Set<UUID> handled = ConcurrentHashMap.newKeySet();

		final Set<UUID> failOnce = ConcurrentHashMap.newKeySet();

		void on(MemberOffboarded event) {
			if (this.failOnce.remove(event.personId())) {
				throw new IllegalStateException("first delivery fails on purpose");
			}
			this.handled.add(event.personId());
		}

	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	static class App {

		@Bean
		Offboardings offboardings() {
			return new Offboardings();
		}

		@Bean
		EventSubscription subscription(Offboardings offboardings) {
			return EventSubscription.queue(QUEUE).on(MemberOffboarded.class, (event, envelope) -> offboardings.on(event));
		}

		@Bean
		DisposableBean cleanup() {
			return Broker.cleanup(EXCHANGE, QUEUE, QUEUE + ".dlq");
		}

	}

}

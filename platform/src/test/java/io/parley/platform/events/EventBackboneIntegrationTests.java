package io.parley.platform.events;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.parley.platform.test.EmbeddedMongo;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.amqp.core.AmqpAdmin;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.MessageBuilder;
import org.springframework.amqp.core.MessageDeliveryMode;
import org.springframework.amqp.rabbit.connection.CachingConnectionFactory;
import org.springframework.amqp.rabbit.connection.ConnectionNameStrategy;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.amqp.rabbit.retry.RepublishMessageRecoverer;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.context.annotation.Bean;
import org.springframework.dao.DataAccessException;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.springframework.data.mongodb.core.query.Criteria.where;

/** The backbone end to end against the real RabbitMQ and the embedded Mongo-wire server. */
@DirtiesContext
@SpringBootTest(classes = EventBackboneIntegrationTests.App.class)
class EventBackboneIntegrationTests {

	private static final String RUN = UUID.randomUUID().toString().substring(0, 8);

	static final String EXCHANGE = "parley.events.it-" + RUN;

	static final String QUEUE = "events-it-" + RUN;

	static final String COUNTERS = "it_counters";

	static final String EFFECTS = "it_effects";

	private static final Duration WAIT = Duration.ofSeconds(30);

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		EmbeddedMongo.register(registry);
		registry.add("spring.mongodb.database", () -> "events-it");
		registry.add("spring.main.web-application-type", () -> "none");
		registry.add("spring.rabbitmq.host", () -> Broker.HOST);
		registry.add("parley.events.producer", () -> "it-" + RUN);
		registry.add("parley.events.exchange", () -> EXCHANGE);
		registry.add("parley.events.relay.poll-interval", () -> "100ms");
		registry.add("parley.events.relay.stuck-after", () -> "2s");
		registry.add("parley.events.relay.max-backoff", () -> "1s");
		registry.add("parley.events.consumer.max-attempts", () -> "3");
		registry.add("parley.events.consumer.initial-backoff", () -> "20ms");
	}

	@Autowired
	EventRecorder recorder;

	@Autowired
	Effects effects;

	@Autowired
	MongoTemplate mongo;

	@Autowired
	RabbitTemplate rabbit;

	@Autowired
	AmqpAdmin admin;

	@Autowired
	JsonMapper json;

	@Autowired
	DeadLettersEndpoint deadLettersEndpoint;

	@Autowired
	OutboxMonitor outboxHealth;

	@Autowired
	MeterRegistry meters;

	@Autowired
	EventsProperties properties;

	@Autowired
	OutboxRelay relay;

	@Test
	void givenChangeWithEvent_whenRecorded_thenConsumerAppliesItExactlyOnce() {
		String counter = "round-trip-" + UUID.randomUUID();
		EventEnvelope created = this.recorder.event(counter, 1, new CounterIncremented(counter, 1));
		this.recorder.insert(new Document("_id", counter).append("value", 1), COUNTERS, created);
		EventEnvelope incremented = this.recorder.event(counter, 2, new CounterIncremented(counter, 2));
		this.recorder.update(new Query(where("_id").is(counter)), new Update().inc("value", 1), COUNTERS, incremented);

		await().atMost(WAIT).until(() -> this.effects.seqs(counter).size() == 2);
		assertThat(this.effects.seqs(counter)).containsExactly(1L, 2L);
		await().atMost(WAIT).until(() -> outboxOf(counter).getInteger(Outbox.COUNT) == 0);
		Document aggregate = outboxOf(counter);
		assertThat(aggregate.getInteger("value")).isEqualTo(2);
		assertThat(aggregate.getList(Outbox.EVENTS, Document.class)).isEmpty();

		// The broker redelivers what it never saw acked: the same envelope again must change nothing.
		this.rabbit.send(EXCHANGE, created.type(), message(created));
		await().atMost(WAIT).until(() -> this.effects.deliveries(created.id()) == 2);
		assertThat(this.effects.seqs(counter)).containsExactly(1L, 2L);
		assertThat(this.meters.get("parley.events.inbox.writes").tag("outcome", "duplicate").counter().count())
			.isGreaterThanOrEqualTo(1);
	}

	@Test
	void givenUpdateThatFails_whenRecording_thenNeitherChangeNorEventIsStored() {
		String counter = "atomic-" + UUID.randomUUID();
		this.recorder.insert(new Document("_id", counter).append("value", "not a number"), COUNTERS);
		EventEnvelope event = this.recorder.event(counter, 1, new CounterIncremented(counter, 1));

		assertThatThrownBy(() -> this.recorder.update(new Query(where("_id").is(counter)),
				new Update().inc("value", 1).set("touched", true), COUNTERS, event))
			.isInstanceOf(DataAccessException.class);

		Document aggregate = outboxOf(counter);
		assertThat(aggregate.get("touched")).isNull();
		assertThat(aggregate.getList(Outbox.EVENTS, Document.class)).isEmpty();
		assertThat(aggregate.getInteger(Outbox.COUNT)).isZero();
	}

	@Test
	void givenNoMatchingAggregate_whenRecording_thenNoEventIsStored() {
		String counter = "missing-" + UUID.randomUUID();
		EventEnvelope event = this.recorder.event(counter, 1, new CounterIncremented(counter, 1));

		assertThat(this.recorder.update(new Query(where("_id").is(counter)), new Update().inc("value", 1), COUNTERS,
				event)
			.getMatchedCount()).isZero();
		assertThat(this.mongo.exists(new Query(where("_id").is(counter)), COUNTERS)).isFalse();
	}

	@Test
	void givenPoisonMessage_whenConsumed_thenDeadLetteredWithReasonWithoutBlockingAndReplayableOnceFixed() {
		String poison = "poison-" + UUID.randomUUID();
		String healthy = "healthy-" + UUID.randomUUID();
		this.effects.poisoned.add(poison);
		EventEnvelope bad = record(poison, 1);
		record(healthy, 1);

		await().atMost(WAIT).until(() -> this.effects.seqs(healthy).size() == 1);
		await().atMost(WAIT).until(() -> messagesIn(QUEUE + ".dlq") == 1);
		assertThat(this.effects.deliveries(bad.id())).isEqualTo(this.properties.consumer().maxAttempts());
		assertThat(this.effects.seqs(poison)).isEmpty();
		assertThat(this.deadLettersEndpoint.deadLetters()).containsEntry("messages", 1L);

		Message deadLetter = this.rabbit.receive(QUEUE + ".dlq", 5000);
		assertThat(deadLetter).isNotNull();
		assertThat(deadLetter.getMessageProperties().<String>getHeader(RepublishMessageRecoverer.X_EXCEPTION_MESSAGE))
			.contains("is poisoned");
		assertThat(deadLetter.getMessageProperties().<String>getHeader(RepublishMessageRecoverer.X_ORIGINAL_ROUTING_KEY))
			.isEqualTo("test.counter.incremented");
		this.rabbit.send("", QUEUE + ".dlq", deadLetter); // put it back, we only looked

		await().atMost(WAIT).until(() -> messagesIn(QUEUE + ".dlq") == 1);
		this.effects.poisoned.remove(poison);
		assertThat(this.deadLettersEndpoint.replay(null)).containsEntry("replayed", 1);

		await().atMost(WAIT).until(() -> this.effects.seqs(poison).size() == 1);
		assertThat(messagesIn(QUEUE + ".dlq")).isZero();
		assertThat(this.meters.get("parley.events.dead.letters").counter().count()).isGreaterThanOrEqualTo(1);
	}

	/**
	 * An event of a type no service subscribes to (identity's {@code invitation.accepted}, recorded with the joining
	 * person) was retried for ever and held back every later event of its aggregate, the person's offboarding
	 * included, which then never reached the other services.
	 */
	@Test
	void givenEventNobodyBindsFirstInItsAggregate_whenRelayed_thenCountedAsUnroutedAndTheNextEventsStillDelivered() {
		String counter = "unrouted-first-" + UUID.randomUUID();
		double unroutedBefore = this.meters.get("parley.events.unrouted").counter().count();
		EventEnvelope unroutable = new EventEnvelope(UUID.randomUUID(), "test.nobody.listens", java.time.Instant.now(),
				"it", counter, 1, this.json.valueToTree(Map.of("x", 1)));
		this.recorder.insert(new Document("_id", counter).append("value", 1), COUNTERS, unroutable);
		EventEnvelope next = this.recorder.event(counter, 2, new CounterIncremented(counter, 2));
		this.recorder.update(new Query(where("_id").is(counter)), new Update().inc("value", 1), COUNTERS, next);

		await().atMost(WAIT).until(() -> this.effects.seqs(counter).size() == 1);
		assertThat(this.effects.seqs(counter)).containsExactly(2L);
		await().atMost(WAIT).until(() -> outboxOf(counter).getInteger(Outbox.COUNT) == 0);
		assertThat(outboxOf(counter).getList(Outbox.EVENTS, Document.class)).isEmpty();
		assertThat(this.meters.get("parley.events.unrouted").counter().count()).isGreaterThanOrEqualTo(unroutedBefore + 1);
		assertThat(this.outboxHealth.health().getStatus()).isEqualTo(Status.UP);
	}

	@Test
	void givenSecondRelayInstance_whenBothRelayAndTheFirstStops_thenTheSecondTakesOverAndEveryEventIsDeliveredOnceInOrder() {
		SimpleMeterRegistry secondMeters = new SimpleMeterRegistry();
		CachingConnectionFactory connection = new CachingConnectionFactory(Broker.HOST);
		connection.setPublisherConfirmType(CachingConnectionFactory.ConfirmType.CORRELATED);
		connection.setPublisherReturns(true);
		RabbitTemplate template = new RabbitTemplate(connection);
		template.setMandatory(true);
		OutboxRelay second = new OutboxRelay(this.mongo, template, new OutboxCollections(List.of(COUNTERS)),
				this.properties, java.time.Clock.systemUTC(), secondMeters);
		second.start();
		try {
			// the lease gauges add up to one holder: the first relay, which has been running
			await().atMost(WAIT).until(() -> leaseHeld(this.meters) == 1 && leaseHeld(secondMeters) == 0);
			List<String> counters = new ArrayList<>();
			List<EventEnvelope> recorded = new ArrayList<>();
			for (int i = 0; i < 40; i++) {
				String counter = "two-relays-" + i + "-" + UUID.randomUUID();
				counters.add(counter);
				this.recorder.insert(new Document("_id", counter), COUNTERS);
			}
			for (int seq = 1; seq <= 50; seq++) {
				if (seq == 26) {
					// The first relay hands its lease over while events are still being recorded and relayed.
					this.relay.stop();
				}
				for (String counter : counters) {
					recorded.add(record(counter, seq));
				}
			}
			await().atMost(Duration.ofMinutes(2))
				.until(() -> counters.stream().allMatch((counter) -> this.effects.seqs(counter).size() == 50));
			for (String counter : counters) {
				assertThat(this.effects.seqs(counter)).as("order of %s", counter).isSorted().hasSize(50);
			}
			long duplicates = recorded.stream().filter((event) -> this.effects.deliveries(event.id()) != 1).count();
			double bySecond = secondMeters.get("parley.events.published").counter().count();
			System.out.printf("two relays: %d events, second relay published %.0f, deliveries other than once: %d%n",
					recorded.size(), bySecond, duplicates);
			assertThat(duplicates).isZero();
			assertThat(bySecond).as("events published by the relay that took over").isGreaterThan(0);
			assertThat(leaseHeld(this.meters)).as("lease gauge of the relay that stopped").isZero();
			assertThat(leaseHeld(secondMeters)).as("lease gauge of the relay that took over").isEqualTo(1);
		}
		finally {
			second.stop();
			second.destroy();
			this.relay.start();
		}
	}

	@Test
	void givenTraffic_whenScraping_thenBackboneMetricsExist() {
		String counter = "metrics-" + UUID.randomUUID();
		this.recorder.insert(new Document("_id", counter), COUNTERS, this.recorder.event(counter, 1,
				new CounterIncremented(counter, 1)));
		await().atMost(WAIT).until(() -> this.effects.seqs(counter).size() == 1);

		assertThat(this.meters.get("parley.events.outbox.backlog").gauge()).isNotNull();
		assertThat(this.meters.get("parley.events.outbox.oldest.age").gauge()).isNotNull();
		assertThat(this.meters.get("parley.events.publish.latency").timer().count()).isPositive();
		assertThat(this.meters.get("parley.events.consumer.lag").timer().count()).isPositive();
		assertThat(this.meters.get("parley.events.consumer.publish-to-ack").timer().count()).isPositive();
		assertThat(this.meters.get("parley.events.dead.letter.queue.depth").gauge().value()).isGreaterThanOrEqualTo(0);
		assertThat(this.meters.get("parley.events.consumer.queue.depth").tag("queue", QUEUE).gauge().value())
			.isGreaterThanOrEqualTo(0);
		assertThat(leaseHeld(this.meters)).isEqualTo(1);
	}

	private static double leaseHeld(MeterRegistry registry) {
		return registry.get("parley.events.relay.lease.held").tag("collection", COUNTERS).gauge().value();
	}

	private EventEnvelope record(String counter, long seq) {
		EventEnvelope event = this.recorder.event(counter, seq, new CounterIncremented(counter, seq));
		Query query = new Query(where("_id").is(counter));
		if (!this.mongo.exists(query, COUNTERS)) {
			this.recorder.insert(new Document("_id", counter).append("value", seq), COUNTERS, event);
		}
		else {
			this.recorder.update(query, new Update().inc("value", 1), COUNTERS, event);
		}
		return event;
	}

	private Document outboxOf(String counter) {
		return this.mongo.findById(counter, Document.class, COUNTERS);
	}

	private long messagesIn(String queue) {
		var info = this.admin.getQueueInfo(queue);
		return (info != null) ? info.getMessageCount() : -1;
	}

	private Message message(EventEnvelope envelope) {
		return MessageBuilder.withBody(this.json.writeValueAsBytes(envelope))
			.setContentType("application/json")
			.setDeliveryMode(MessageDeliveryMode.PERSISTENT)
			.setMessageId(envelope.id().toString())
			.build();
	}

	/** What the test consumer did: deliveries per event id, and the applied sequence per counter. */
	static class Effects {

		final Map<UUID, Integer> deliveries = new ConcurrentHashMap<>();

		final Set<String> poisoned = ConcurrentHashMap.newKeySet();

		private final MongoTemplate mongo;

		private final String collection;

		Effects(MongoTemplate mongo, String collection) {
			this.mongo = mongo;
			this.collection = collection;
		}

		void on(CounterIncremented event, EventEnvelope envelope, Inbox inbox) {
			this.deliveries.merge(envelope.id(), 1, Integer::sum);
			if (this.poisoned.contains(event.counterId())) {
				throw new IllegalStateException("counter " + event.counterId() + " is poisoned");
			}
			inbox.updateOnce(envelope, new Query(where("_id").is(event.counterId())),
					new Update().inc("applied", 1).push("seqs", event.seq()), this.collection, true);
		}

		int deliveries(UUID eventId) {
			return this.deliveries.getOrDefault(eventId, 0);
		}

		List<Long> seqs(String counter) {
			Document effect = this.mongo.findById(counter, Document.class, this.collection);
			return (effect != null) ? effect.getList("seqs", Long.class, List.of()) : List.of();
		}

	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	static class App {

		@Bean
		DisposableBean topologyCleanup() {
			return Broker.cleanup(EXCHANGE, QUEUE, QUEUE + ".dlq");
		}

		@Bean
		Effects effects(MongoTemplate mongo) {
			return new Effects(mongo, EFFECTS);
		}

		@Bean
		EventSubscription subscription(Effects effects, ObjectProvider<Inbox> inbox) {
			return EventSubscription.queue(QUEUE)
				.on(CounterIncremented.class, (event, envelope) -> effects.on(event, envelope, inbox.getObject()));
		}

		@Bean
		ConnectionNameStrategy connectionNames() {
			return (factory) -> "it-" + RUN;
		}

	}

}

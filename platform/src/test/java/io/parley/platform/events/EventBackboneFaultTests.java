package io.parley.platform.events;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.parley.platform.test.EmbeddedMongo;
import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import org.springframework.amqp.rabbit.connection.ConnectionNameStrategy;
import org.springframework.amqp.rabbit.listener.SimpleMessageListenerContainer;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.context.annotation.Bean;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.springframework.data.mongodb.core.query.Criteria.where;

/**
 * 10,000 events recorded while the broker connections are cut, the broker is stopped and started, and the
 * consumer is killed and restarted, at random moments. Afterwards every event has been applied exactly once.
 */
@DirtiesContext
@SpringBootTest(classes = EventBackboneFaultTests.App.class)
class EventBackboneFaultTests {

	private static final String RUN = UUID.randomUUID().toString().substring(0, 8);

	/** Every connection of this test (service, relay, dead letters) is named with this prefix. */
	private static final String NAME = "fault-" + RUN;

	private static final String EXCHANGE = "parley.events." + NAME;

	private static final String QUEUE = NAME + "-queue";

	private static final String COUNTERS = "fault_counters";

	private static final String EFFECTS = "fault_effects";

	private static final int EVENTS = 10_000;

	private static final int AGGREGATES = 100;

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		EmbeddedMongo.register(registry);
		registry.add("spring.mongodb.database", () -> "events-fault");
		registry.add("spring.main.web-application-type", () -> "none");
		registry.add("spring.rabbitmq.host", () -> Broker.HOST);
		registry.add("parley.events.producer", () -> NAME);
		registry.add("parley.events.exchange", () -> EXCHANGE);
		registry.add("parley.events.relay.poll-interval", () -> "100ms");
		registry.add("parley.events.relay.confirm-timeout", () -> "5s");
		registry.add("parley.events.relay.lease", () -> "15s");
		registry.add("parley.events.relay.max-backoff", () -> "1s");
		registry.add("parley.events.consumer.initial-backoff", () -> "20ms");
	}

	@AfterAll
	static void leaveBrokerRunningAndClean() {
		Broker.rabbitmqctl("start_app");
	}

	@Autowired
	EventRecorder recorder;

	@Autowired
	MongoTemplate mongo;

	@Autowired
	SimpleMessageListenerContainer consumer;

	@Autowired
	Map<UUID, Integer> deliveries;

	@Test
	void givenFaultsWhileRecording_whenEverythingSettles_thenEveryEventAppliedExactlyOnce() throws Exception {
		long seed = System.nanoTime();
		Random random = new Random(seed);
		long started = System.nanoTime();
		// A stopped consumer is torn down hard: in-flight messages go back unacknowledged.
		this.consumer.setShutdownTimeout(50);
		List<Fault> faults = new ArrayList<>(List.of(Fault.CUT_CONNECTIONS, Fault.CUT_CONNECTIONS,
				Fault.CUT_CONNECTIONS, Fault.RESTART_BROKER, Fault.RESTART_BROKER, Fault.RESTART_CONSUMER,
				Fault.RESTART_CONSUMER, Fault.RESTART_CONSUMER));
		Collections.shuffle(faults, random);
		List<Integer> moments = new ArrayList<>();
		for (int i = 0; i < faults.size(); i++) {
			moments.add(500 + random.nextInt(EVENTS - 1000));
		}
		Collections.sort(moments);
		System.out.printf("fault test: seed %d, faults %s at events %s%n", seed, faults, moments);

		ExecutorService injector = Executors.newSingleThreadExecutor();
		List<Future<?>> injected = new ArrayList<>();
		AtomicInteger cuts = new AtomicInteger();
		long[] versions = new long[AGGREGATES];
		try {
			for (int i = 0; i < AGGREGATES; i++) {
				this.recorder.insert(new Document("_id", counter(i)).append("value", 0), COUNTERS);
			}
			int next = 0;
			for (int recorded = 0; recorded < EVENTS; recorded++) {
				while (next < moments.size() && moments.get(next) == recorded) {
					Fault fault = faults.get(next++);
					injected.add(injector.submit(() -> inject(fault, cuts)));
				}
				int aggregate = random.nextInt(AGGREGATES);
				long version = ++versions[aggregate];
				EventEnvelope event = this.recorder.event(counter(aggregate), version,
						new CounterIncremented(counter(aggregate), version));
				this.recorder.update(new Query(where("_id").is(counter(aggregate))), new Update().inc("value", 1),
						COUNTERS, event);
			}
			for (Future<?> fault : injected) {
				fault.get(5, TimeUnit.MINUTES);
			}
		}
		finally {
			injector.shutdownNow();
			Broker.rabbitmqctl("start_app");
			if (!this.consumer.isRunning()) {
				this.consumer.start();
			}
		}

		await().atMost(Duration.ofMinutes(4)).pollInterval(Duration.ofMillis(500)).until(() -> distinctApplied() == EVENTS);
		// Nothing more may arrive: no late duplicate is still on its way.
		await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(30)).until(() -> totalApplied() == EVENTS);

		long applied = totalApplied();
		long distinct = distinctApplied();
		long lost = EVENTS - distinct;
		long duplicated = applied - distinct;
		long redelivered = this.deliveries.values().stream().filter((count) -> count > 1).count();
		long outOfOrder = outOfOrderAggregates();
		System.out.printf(
				"fault test: recorded %d / applied %d / lost %d / duplicated %d | deliveries dropped as duplicates %d,"
						+ " aggregates seen out of order %d, connections cut %d, took %d s%n",
				EVENTS, applied, lost, duplicated, redelivered, outOfOrder, cuts.get(),
				TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started));
		assertThat(lost).as("lost").isZero();
		assertThat(duplicated).as("applied twice").isZero();
		assertThat(this.mongo.count(new Query(where(Outbox.COUNT).gt(0)), COUNTERS)).as("still pending").isZero();
	}

	private void inject(Fault fault, AtomicInteger cuts) {
		System.out.printf("fault test: injecting %s%n", fault);
		switch (fault) {
			case CUT_CONNECTIONS -> cuts.addAndGet(Broker.closeConnections(NAME));
			case RESTART_BROKER -> {
				try {
					Broker.rabbitmqctl("stop_app");
				}
				finally {
					Broker.rabbitmqctl("start_app");
				}
			}
			case RESTART_CONSUMER -> {
				this.consumer.stop();
				this.consumer.start();
			}
		}
	}

	private long totalApplied() {
		return effects().stream().mapToLong((effect) -> effect.getList("seqs", Long.class, List.of()).size()).sum();
	}

	private long distinctApplied() {
		return effects().stream()
			.mapToLong((effect) -> effect.getList("seqs", Long.class, List.of()).stream().distinct().count())
			.sum();
	}

	private long outOfOrderAggregates() {
		return effects().stream().filter((effect) -> {
			List<Long> seqs = effect.getList("seqs", Long.class, List.of());
			for (int i = 1; i < seqs.size(); i++) {
				if (seqs.get(i) < seqs.get(i - 1)) {
					return true;
				}
			}
			return false;
		}).count();
	}

	private List<Document> effects() {
		Query all = new Query();
		all.fields().include("seqs");
		return this.mongo.find(all, Document.class, EFFECTS);
	}

	private static String counter(int i) {
		return NAME + "-counter-" + i;
	}

	enum Fault {

		CUT_CONNECTIONS, RESTART_BROKER, RESTART_CONSUMER

	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	static class App {

		@Bean
		DisposableBean topologyCleanup() {
			return Broker.cleanup(EXCHANGE, QUEUE, QUEUE + ".dlq");
		}

		@Bean
		Map<UUID, Integer> deliveries() {
			return new ConcurrentHashMap<>();
		}

		@Bean
		EventSubscription subscription(MongoTemplate mongo, ObjectProvider<Inbox> inbox,
				Map<UUID, Integer> deliveries) {
			return EventSubscription.queue(QUEUE).on(CounterIncremented.class, (event, envelope) -> {
				deliveries.merge(envelope.id(), 1, Integer::sum);
				// Applied means: this counter's effect document lists the event's sequence number. A second
				// application would list it twice, so duplicates are visible, not just prevented.
				inbox.getObject()
					.updateOnce(envelope, new Query(where("_id").is(event.counterId())),
							new Update().push("seqs", event.seq()), EFFECTS, true);
			});
		}

		@Bean
		ConnectionNameStrategy connectionNames() {
			return (factory) -> NAME;
		}

	}

}

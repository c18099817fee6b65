package io.parley.platform.events;

import java.time.Duration;
import java.util.UUID;

import io.parley.platform.test.EmbeddedMongo;
import org.bson.Document;
import org.junit.jupiter.api.Test;

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

/** With {@code parley.events.consumer.quorum=true} (docker-compose, Kubernetes) both queues are quorum queues. */
@DirtiesContext
@SpringBootTest(classes = QuorumQueueTests.App.class)
class QuorumQueueTests {

	private static final String RUN = UUID.randomUUID().toString().substring(0, 8);

	private static final String EXCHANGE = "parley.events.quorum-" + RUN;

	private static final String QUEUE = "events-quorum-" + RUN;

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		EmbeddedMongo.register(registry);
		registry.add("spring.mongodb.database", () -> "events-quorum");
		registry.add("spring.main.web-application-type", () -> "none");
		registry.add("spring.rabbitmq.host", () -> Broker.HOST);
		registry.add("parley.events.producer", () -> "quorum-" + RUN);
		registry.add("parley.events.exchange", () -> EXCHANGE);
		registry.add("parley.events.consumer.quorum", () -> "true");
	}

	@Autowired
	EventRecorder recorder;

	@Autowired
	MongoTemplate mongo;

	@Test
	void givenQuorumConfigured_whenEventRelayed_thenQueuesAreQuorumAndEventApplied() {
		String counter = "quorum-" + UUID.randomUUID();
		this.recorder.insert(new Document("_id", counter), "quorum_counters",
				this.recorder.event(counter, 1, new CounterIncremented(counter, 1)));

		await().atMost(Duration.ofSeconds(30))
			.until(() -> this.mongo.exists(new Query(where("_id").is(counter)), "quorum_effects"));
		String queues = Broker.rabbitmqctl("-q", "list_queues", "name", "type");
		assertThat(queues).containsPattern(QUEUE + "\\s+quorum").containsPattern(QUEUE + "\\.dlq\\s+quorum");
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	static class App {

		@Bean
		DisposableBean topologyCleanup() {
			return Broker.cleanup(EXCHANGE, QUEUE, QUEUE + ".dlq");
		}

		@Bean
		EventSubscription subscription(ObjectProvider<Inbox> inbox) {
			return EventSubscription.queue(QUEUE)
				.on(CounterIncremented.class,
						(event, envelope) -> inbox.getObject()
							.updateOnce(envelope, new Query(where("_id").is(event.counterId())),
									new Update().set("applied", true), "quorum_effects", true));
		}

	}

}

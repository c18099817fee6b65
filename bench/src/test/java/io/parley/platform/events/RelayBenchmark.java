package io.parley.platform.events;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.distribution.ValueAtPercentile;
import io.parley.platform.test.EmbeddedMongo;
import org.bson.Document;
import org.junit.jupiter.api.Test;

import org.springframework.amqp.core.AmqpAdmin;
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

import static org.awaitility.Awaitility.await;
import static org.springframework.data.mongodb.core.query.Criteria.where;

/**
 * Relay throughput with confirms against RabbitMQ PerfTest (same message size, persistence and confirm window,
 * one after the other), and publish-to-consumer-ack latency at 200 events/s. Run with
 * {@code ./mvnw -pl bench -Pbench verify}; results go to {@code bench/README.md} by hand.
 */
@DirtiesContext
@SpringBootTest(classes = RelayBenchmark.App.class)
class RelayBenchmark {

	private static final String RUN = UUID.randomUUID().toString().substring(0, 8);

	private static final String EXCHANGE = "parley.events.bench-" + RUN;

	private static final String QUEUE = "bench-" + RUN;

	private static final int WINDOW = Integer.getInteger("bench.window", 200);

	private static final int EVENTS = Integer.getInteger("bench.events", 20_000);

	private static final int RATE = Integer.getInteger("bench.rate", 200);

	private static final int LATENCY_SECONDS = Integer.getInteger("bench.latencySeconds", 30);

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		EmbeddedMongo.register(registry);
		registry.add("spring.mongodb.database", () -> "bench");
		registry.add("spring.main.web-application-type", () -> "none");
		registry.add("spring.rabbitmq.host", () -> "127.0.0.1");
		// PerfTest brings Micrometer's Datadog and other registries onto the classpath; keep only the in-memory one.
		registry.add("management.defaults.metrics.export.enabled", () -> "false");
		registry.add("management.simple.metrics.export.enabled", () -> "true");
		registry.add("parley.events.producer", () -> "bench");
		registry.add("parley.events.exchange", () -> EXCHANGE);
		registry.add("parley.events.relay.batch-size", () -> String.valueOf(WINDOW));
	}

	@Autowired
	EventRecorder recorder;

	@Autowired
	OutboxRelay relay;

	@Autowired
	SimpleMessageListenerContainer consumer;

	@Autowired
	MongoTemplate mongo;

	@Autowired
	AmqpAdmin admin;

	@Autowired
	MeterRegistry meters;

	@Test
	void relayThroughputAgainstPerfTestAndLatencyAt200PerSecond() throws Exception {
		// Throughput: the consumer is off (PerfTest runs with no consumer either), the relay is paused while
		// EVENTS aggregates with one pending event each are recorded, then it drains them.
		this.consumer.stop();
		this.relay.stop();
		for (int i = 0; i < EVENTS; i++) {
			String id = "t-" + i;
			this.recorder.insert(new Document("_id", id), "bench_counters",
					this.recorder.event(id, 1, new CounterIncremented(id, 1)));
		}
		Document first = this.mongo.findById("t-0", Document.class, "bench_counters");
		int size = first.getList(Outbox.EVENTS, Document.class).get(0).getString(Outbox.BODY)
			.getBytes(StandardCharsets.UTF_8).length;
		// Progress is read from the relay's own counter of confirmed events: polling Mongo for the backlog would
		// put a collection scan beside the relay's work and measure the poll as much as the relay.
		io.micrometer.core.instrument.Counter confirmed = this.meters.get("parley.events.published").counter();
		double confirmedBefore = confirmed.count();
		long start = System.nanoTime();
		this.relay.start();
		await().atMost(Duration.ofMinutes(10)).pollInterval(Duration.ofMillis(20))
			.until(() -> confirmed.count() - confirmedBefore >= EVENTS);
		double seconds = (System.nanoTime() - start) / 1e9;
		await().atMost(Duration.ofSeconds(30))
			.until(() -> this.mongo.count(new Query(where(Outbox.COUNT).gt(0)), "bench_counters") == 0);
		double relayRate = EVENTS / seconds;
		this.admin.purgeQueue(QUEUE);

		double perfTestRate = perfTest(size);
		System.out.printf("BENCH relay: %d events of %d bytes, persistent, confirm window %d: %.0f msg/s (%.2f s)%n",
				EVENTS, size, WINDOW, relayRate, seconds);
		System.out.printf("BENCH relay send-to-confirm: %s%n",
				percentiles(this.meters.get("parley.events.publish.latency").timer()));
		System.out.printf("BENCH perf-test: same size/persistence/window: %.0f msg/s; relay/perf-test = %.2f%n",
				perfTestRate, relayRate / perfTestRate);

		// Latency: record at a steady RATE per second with the consumer running, for LATENCY_SECONDS. The
		// throughput phase's 20,000 drained aggregates go first: the relay's periodic look for other instances'
		// writes would otherwise scan them every poll on the embedded server, which has no partial index.
		this.mongo.dropCollection("bench_counters");
		this.consumer.start();
		Timer warm = this.meters.get("parley.events.consumer.publish-to-ack").timer();
		long before = warm.count();
		long interval = TimeUnit.SECONDS.toNanos(1) / RATE;
		int total = RATE * LATENCY_SECONDS;
		long next = System.nanoTime();
		List<Long> recordToAck = new ArrayList<>();
		for (int i = 0; i < total; i++) {
			String id = "l-" + (i % 100);
			Query query = new Query(where("_id").is(id));
			EventEnvelope event = this.recorder.event(id, i, new CounterIncremented(id, i));
			if (i < 100) {
				this.recorder.insert(new Document("_id", id), "bench_latency", event);
			}
			else {
				this.recorder.update(query, new Update().inc("value", 1), "bench_latency", event);
			}
			next += interval;
			LockSupport.parkNanos(next - System.nanoTime());
		}
		await().atMost(Duration.ofMinutes(2)).until(() -> warm.count() - before >= total);
		Timer publishToAck = this.meters.get("parley.events.consumer.publish-to-ack").timer();
		Timer lag = this.meters.get("parley.events.consumer.lag").timer();
		System.out.printf("BENCH latency at %d events/s for %d s (%d events): publish-to-ack %s; record-to-ack %s%n",
				RATE, LATENCY_SECONDS, total, percentiles(publishToAck), percentiles(lag));
	}

	private static String percentiles(Timer timer) {
		StringBuilder text = new StringBuilder();
		for (ValueAtPercentile p : timer.takeSnapshot().percentileValues()) {
			text.append(String.format("p%.0f=%.2f ms ", p.percentile() * 100, p.value(TimeUnit.MILLISECONDS)));
		}
		return text.toString().trim();
	}

	/** PerfTest in its own JVM: one producer, no consumer, persistent, confirm window, same body size. */
	private double perfTest(int size) throws Exception {
		List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
				System.getProperty("java.class.path"), "com.rabbitmq.perf.PerfTest", "--uri",
				"amqp://guest:guest@127.0.0.1:5672", "--producers", "1", "--consumers", "0", "--size",
				String.valueOf(size), "--flag", "persistent", "--confirm", String.valueOf(WINDOW), "--pmessages",
				String.valueOf(EVENTS * 2), "--exchange", "perf-" + RUN, "--type", "topic", "--queue",
				"perf-" + RUN, "--routing-key", "perf", "--auto-delete", "false");
		System.out.println("BENCH perf-test command: " + String.join(" ", command.subList(3, command.size())));
		Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
		double rate = -1;
		Pattern average = Pattern.compile("sending rate avg: (\\d+) msg/s");
		try (BufferedReader out = new BufferedReader(
				new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
			for (String line = out.readLine(); line != null; line = out.readLine()) {
				System.out.println("  perf-test> " + line);
				Matcher matcher = average.matcher(line);
				if (matcher.find()) {
					rate = Double.parseDouble(matcher.group(1));
				}
			}
		}
		process.waitFor(5, TimeUnit.MINUTES);
		return rate;
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	static class App {

		/** Deletes the benchmark's topology once the context, and so its listener, has stopped. */
		@Bean
		DisposableBean topologyCleanup() {
			return () -> {
				var factory = new org.springframework.amqp.rabbit.connection.CachingConnectionFactory("127.0.0.1");
				var admin = new org.springframework.amqp.rabbit.core.RabbitAdmin(factory);
				admin.deleteQueue(QUEUE);
				admin.deleteQueue(QUEUE + ".dlq");
				admin.deleteQueue("perf-" + RUN);
				admin.deleteExchange(EXCHANGE);
				admin.deleteExchange("perf-" + RUN);
				factory.destroy();
			};
		}

		@Bean
		EventSubscription subscription(ObjectProvider<Inbox> inbox) {
			return EventSubscription.queue(QUEUE)
				.on(CounterIncremented.class,
						(event, envelope) -> inbox.getObject()
							.updateOnce(envelope, new Query(where("_id").is(event.counterId())),
									new Update().inc("applied", 1), "bench_effects", true));
		}

	}

}

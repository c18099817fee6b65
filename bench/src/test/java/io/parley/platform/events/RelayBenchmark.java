package io.parley.platform.events;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.cumulative.CumulativeTimer;
import io.micrometer.core.instrument.distribution.DistributionStatisticConfig;
import io.micrometer.core.instrument.distribution.ValueAtPercentile;
import io.micrometer.core.instrument.distribution.pause.PauseDetector;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.parley.workspace.documents.MongoWireServer;
import org.bson.Document;
import org.jspecify.annotations.Nullable;
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

import static io.parley.bench.Figures.loadAverage;
import static io.parley.bench.Figures.median;
import static io.parley.bench.Figures.percentileMillis;
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

	private static final int PAIRS = Integer.getInteger("bench.pairs", 5);

	private static final int WARMUPS = Integer.getInteger("bench.warmups", 2);

	private static final int LATENCY_WARMUP = Integer.getInteger("bench.latencyWarmupSeconds", 15);

	private int size = 214;

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		// The Mongo-wire server runs in a JVM of its own, as a database server would: its work and its garbage
		// collections are not the relay's.
		registry.add("spring.mongodb.uri", RelayBenchmark::mongoUri);
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

	private static @Nullable String mongoUri;

	static synchronized String mongoUri() {
		if (mongoUri == null) {
			try {
				// e.g. -Dbench.mongoJvmArgs=-XX:StartFlightRecording=filename=target/mongo.jfr,settings=profile
				mongoUri = MongoWireServer.launch("relay-bench-mongo", "2g", System.getProperty("bench.mongoJvmArgs", ""))
					.uri();
			}
			catch (java.io.IOException ex) {
				throw new java.io.UncheckedIOException(ex);
			}
		}
		return mongoUri;
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
		// EVENTS aggregates with one pending event each are recorded, then it drains them. Relay and PerfTest take
		// turns PAIRS times, the order changing every pair, and the ratio is taken per pair: on a shared machine the
		// load moves within minutes, and one pair's two runs see about the same load.
		this.consumer.stop();
		// The relay's and the Mongo-wire server's code compiled and settled first, as a running service's is
		for (int warmup = 1; warmup <= WARMUPS; warmup++) {
			relayDrain("bench_warmup_" + warmup);
		}
		List<Double> ratios = new ArrayList<>();
		for (int pair = 1; pair <= PAIRS; pair++) {
			String collection = "bench_counters_" + pair;
			double relayRate;
			double perfTestRate;
			if (pair % 2 == 1) {
				relayRate = relayDrain(collection);
				perfTestRate = perfTest(this.size);
			}
			else {
				perfTestRate = perfTest(this.size);
				relayRate = relayDrain(collection);
			}
			ratios.add(relayRate / perfTestRate);
			System.out.printf("BENCH pair %d (load %s): relay %.0f msg/s, perf-test %.0f msg/s, ratio %.2f%n", pair,
					loadAverage(), relayRate, perfTestRate, relayRate / perfTestRate);
		}
		if (!ratios.isEmpty()) {
			System.out.printf("BENCH relay: %d events of %d bytes, persistent, confirm window %d; relay/perf-test "
					+ "per pair %s, median %.2f%n", EVENTS, this.size, WINDOW,
					ratios.stream().map((r) -> String.format("%.2f", r)).toList(),
					median(ratios.stream().mapToDouble(Double::doubleValue).toArray()));
		}
		System.out.printf("BENCH relay send-to-confirm: %s%n",
				percentiles(this.meters.get("parley.events.publish.latency").timer()));

		// Latency: record at a steady RATE per second with the consumer running: LATENCY_WARMUP seconds whose
		// figures are dropped (the recorder's, consumer's and Mongo server's code being compiled: the recorder falls
		// behind its schedule and catches up in bursts), then LATENCY_SECONDS measured. Percentiles are exact, over
		// every value the consumer's timers recorded in the measured part (RecordingRegistry).
		this.consumer.start();
		RecordingRegistry recording = (RecordingRegistry) this.meters;
		long interval = TimeUnit.SECONDS.toNanos(1) / RATE;
		int warmup = RATE * LATENCY_WARMUP;
		int total = warmup + RATE * LATENCY_SECONDS;
		long next = System.nanoTime();
		for (int i = 0; i < total; i++) {
			if (i == warmup) {
				// the warm-up's backlog is applied before the measured part starts on a fresh schedule
				await().atMost(Duration.ofMinutes(2))
					.until(() -> recording.values("parley.events.consumer.publish-to-ack").size() >= warmup);
				recording.forget();
				next = System.nanoTime();
			}
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
		int measured = total - warmup;
		await().atMost(Duration.ofMinutes(2))
			.until(() -> recording.values("parley.events.consumer.publish-to-ack").size() >= measured);
		System.out.printf("BENCH latency at %d events/s for %d s (%d events, after %d s not counted) (load %s): "
				+ "publish-to-ack %s; record-to-ack %s%n", RATE, LATENCY_SECONDS, measured, LATENCY_WARMUP,
				loadAverage(), recording.percentiles("parley.events.consumer.publish-to-ack"),
				recording.percentiles("parley.events.consumer.lag"));
	}

	/** Records EVENTS aggregates with one event each while the relay is stopped, then times the relay draining them. */
	private double relayDrain(String collection) {
		this.relay.stop();
		for (int i = 0; i < EVENTS; i++) {
			String id = "t-" + i;
			this.recorder.insert(new Document("_id", id), collection,
					this.recorder.event(id, 1, new CounterIncremented(id, 1)));
		}
		Document first = this.mongo.findById("t-0", Document.class, collection);
		this.size = first.getList(Outbox.EVENTS, Document.class).get(0).getString(Outbox.BODY)
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
			.until(() -> this.mongo.count(new Query(where(Outbox.COUNT).gt(0)), collection) == 0);
		this.admin.purgeQueue(QUEUE);
		// The drained aggregates go: the relay's periodic look for other instances' writes would otherwise scan
		// them every poll on the embedded server, which has no partial index.
		this.mongo.dropCollection(collection);
		return EVENTS / seconds;
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
		this.admin.purgeQueue("perf-" + RUN);
		return rate;
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	static class App {

		@Bean
		RecordingRegistry recordingRegistry() {
			return new RecordingRegistry();
		}

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


	/**
	 * The in-memory registry, keeping every value its timers record as well, so that percentiles can be taken
	 * exactly over the measured part of a run (Micrometer's own are approximations over a decaying window).
	 */
	static final class RecordingRegistry extends SimpleMeterRegistry {

		private final Map<String, Queue<Long>> values = new ConcurrentHashMap<>();

		@Override
		protected Timer newTimer(Meter.Id id, DistributionStatisticConfig config, PauseDetector pauseDetector) {
			Queue<Long> sink = values(id.getName());
			return new CumulativeTimer(id, this.clock, config, pauseDetector, getBaseTimeUnit(), false) {
				@Override
				protected void recordNonNegative(long amount, TimeUnit unit) {
					super.recordNonNegative(amount, unit);
					sink.add(unit.toNanos(amount));
				}
			};
		}

		Queue<Long> values(String timer) {
			return this.values.computeIfAbsent(timer, (name) -> new ConcurrentLinkedQueue<>());
		}

		void forget() {
			this.values.values().forEach(Queue::clear);
		}

		String percentiles(String timer) {
			long[] sorted = values(timer).stream().mapToLong(Long::longValue).sorted().toArray();
			if (sorted.length == 0) {
				return "no values";
			}
			return String.format("p50=%.2f ms p99=%.2f ms p99.9=%.2f ms max=%.2f ms (n=%d)",
					percentileMillis(sorted, 0.50), percentileMillis(sorted, 0.99), percentileMillis(sorted, 0.999),
					sorted[sorted.length - 1] / 1e6, sorted.length);
		}

	}

}

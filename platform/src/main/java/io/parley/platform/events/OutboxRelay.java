package io.parley.platform.events;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.LinkedHashSet;
import java.util.Queue;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.bson.Document;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.amqp.AmqpException;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.MessageBuilder;
import org.springframework.amqp.core.MessageDeliveryMode;
import org.springframework.amqp.rabbit.connection.CachingConnectionFactory;
import org.springframework.amqp.rabbit.connection.CorrelationData;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.context.SmartLifecycle;
import org.springframework.data.mongodb.core.BulkOperations;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;

import static org.springframework.data.mongodb.core.query.Criteria.where;

/**
 * Publishes pending outbox events and removes them from the aggregate only after the broker confirmed them and
 * did not return them.
 * <p>
 * Several instances may run at once: one of them holds the lease on a collection ({@link OutboxLeases}) and
 * publishes it; the others stand by and take over when the lease runs out (a relay that died) or is handed over (a
 * relay that stopped). The holder needs no per-aggregate claim, so an event costs one write to mark it sent. If a
 * lease is taken over while its old holder still has a round in flight, that round's events are published twice
 * (consumers drop the duplicate) and only one relay's write removes them.
 * <p>
 * Order per aggregate: the outbox array is in recording order, one relay publishes a collection at a time, and all
 * events of a round go out on one channel in that order. After a failure only the confirmed prefix is removed, so
 * the first event that failed is retried before anything recorded after it.
 */
final class OutboxRelay implements SmartLifecycle, DisposableBean {

	private static final Logger log = LoggerFactory.getLogger(OutboxRelay.class);

	static final String PUBLISHED_AT_HEADER = "parley-published-at-micros";

	private static final int ROUNDS_IN_FLIGHT = 4;

	private final MongoTemplate mongo;

	private final RabbitTemplate rabbit;

	private final OutboxCollections collections;

	private final OutboxLeases leases;

	private final EventsProperties.Relay settings;

	private final String exchange;

	/** The broker user this relay connects as; RabbitMQ checks it, consumers read it (PublisherCheck). */
	private final @Nullable String userId;

	private final Clock clock;

	private final Semaphore wake = new Semaphore(0);

	/**
	 * Rounds in flight: while earlier rounds wait for their confirms and are marked sent, the next is read and
	 * published, so neither the broker nor Mongo waits for the other. Each round has a quarter of the confirm window
	 * (four rounds measured faster than two on the relay benchmark: 0.54 vs 0.49 of PerfTest, bench/README.md).
	 */
	private final Semaphore rounds = new Semaphore(ROUNDS_IN_FLIGHT);

	/** Aggregates of the rounds in flight; a round never takes one of them, which keeps their order. */
	private final Set<Object> inFlight = ConcurrentHashMap.newKeySet();

	private final ExecutorService confirms = Executors.newSingleThreadExecutor((task) -> {
		Thread thread = new Thread(task, "outbox-relay-confirms");
		thread.setDaemon(true);
		return thread;
	});

	private final Map<String, Queue<Object>> hints = new ConcurrentHashMap<>();

	private final Map<String, Long> lastScan = new ConcurrentHashMap<>();

	private final Timer publishLatency;

	private final Counter published;

	private final Counter failed;

	private final Counter unrouted;

	private final AtomicLong lastSuccess = new AtomicLong();

	private final MeterRegistry meters;

	/** The collections whose lease gauge is registered. */
	private final Set<String> leaseGauges = ConcurrentHashMap.newKeySet();

	private volatile boolean running;

	private @Nullable Thread worker;

	OutboxRelay(MongoTemplate mongo, RabbitTemplate rabbit, OutboxCollections collections, EventsProperties properties,
			Clock clock, MeterRegistry meters) {
		this.mongo = mongo;
		this.rabbit = rabbit;
		this.collections = collections;
		this.settings = properties.relay();
		this.leases = new OutboxLeases(mongo, this.settings.lease(), clock);
		this.exchange = properties.exchange();
		this.userId = rabbit.getConnectionFactory().getUsername();
		this.clock = clock;
		this.publishLatency = Timer.builder("parley.events.publish.latency")
			.description("From handing an event to the broker until its confirm")
			.publishPercentiles(0.5, 0.99)
			.register(meters);
		this.published = Counter.builder("parley.events.published").register(meters);
		this.failed = Counter.builder("parley.events.publish.failures")
			.description("Events that were nacked or not confirmed in time, and will be retried")
			.register(meters);
		this.unrouted = Counter.builder("parley.events.unrouted")
			.description("Events the broker confirmed but no queue binds: nobody subscribes to their type; not retried")
			.register(meters);
		this.meters = meters;
		// at start, so that a standby instance shows 0 before its first round
		this.collections.all().forEach(this::registerLeaseGauge);
	}

	private void registerLeaseGauge(String collection) {
		if (this.leaseGauges.add(collection)) {
			Gauge.builder("parley.events.relay.lease.held", this.leases, (leases) -> leases.holds(collection) ? 1 : 0)
				.description("1 on the instance whose relay holds the lease on the outbox collection, else 0")
				.tag("collection", collection)
				.register(this.meters);
		}
	}

	/**
	 * Called after a local write: publish now instead of at the next poll. The aggregate's id, when known, is a
	 * hint that lets the next round read it by primary key instead of scanning the collection; a lost hint
	 * costs nothing but latency, because the periodic scan finds every pending aggregate anyway.
	 */
	void wakeUp(String collection, @Nullable Object aggregateId) {
		if (aggregateId != null) {
			this.hints.computeIfAbsent(collection, (name) -> new ConcurrentLinkedQueue<>()).add(aggregateId);
		}
		if (this.wake.availablePermits() == 0) {
			this.wake.release();
		}
	}

	/** Epoch millis of the last round that got at least one event confirmed, 0 if none yet. */
	long lastSuccess() {
		return this.lastSuccess.get();
	}

	@Override
	public void start() {
		this.running = true;
		Thread thread = new Thread(this::loop, "outbox-relay");
		thread.setDaemon(true);
		this.worker = thread;
		thread.start();
	}

	@Override
	public void stop() {
		this.running = false;
		Thread thread = this.worker;
		if (thread != null) {
			// A round in flight is let finish: interrupted, it would leave events published but not marked sent,
			// and the relay that takes the lease over would publish them again. Only a round stuck past its
			// confirm timeout is interrupted.
			this.wake.release();
			try {
				thread.join(this.settings.confirmTimeout().toMillis() + 5000);
				if (thread.isAlive()) {
					thread.interrupt();
					thread.join(1000);
				}
				// the rounds still in flight are marked sent before the lease goes
				if (this.rounds.tryAcquire(ROUNDS_IN_FLIGHT, this.settings.confirmTimeout().toMillis() + 5000,
						TimeUnit.MILLISECONDS)) {
					this.rounds.release(ROUNDS_IN_FLIGHT);
				}
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
		try {
			this.leases.releaseAll();
		}
		catch (RuntimeException ex) {
			// Mongo gone too: the leases run out by themselves and a standby relay takes over then.
			log.warn("Outbox relay could not hand its leases over: {}", ex.toString());
		}
	}

	@Override
	public void destroy() {
		this.confirms.shutdownNow();
		if (this.rabbit.getConnectionFactory() instanceof CachingConnectionFactory own) {
			own.destroy();
		}
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	private void loop() {
		int failures = 0;
		while (this.running) {
			int relayed = 0;
			try {
				relayed = relayOnce();
				failures = 0;
			}
			catch (RuntimeException ex) {
				failures++;
				log.warn("Outbox relay round failed ({} in a row): {}", failures, ex.toString());
			}
			if (relayed > 0) {
				continue;
			}
			try {
				Duration pause = (failures == 0) ? this.settings.pollInterval() : backoff(failures);
				if (this.wake.tryAcquire(pause.toMillis(), TimeUnit.MILLISECONDS)) {
					this.wake.drainPermits();
				}
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return;
			}
		}
	}

	/** One round over every outbox collection; returns how many events it handled (sent or failed). */
	int relayOnce() {
		int handled = 0;
		for (String collection : this.collections.all()) {
			handled += relay(collection);
		}
		return handled;
	}

	private int relay(String collection) {
		Queue<Object> hinted = this.hints.computeIfAbsent(collection, (name) -> new ConcurrentLinkedQueue<>());
		registerLeaseGauge(collection);
		if (!this.leases.hold(collection, this.settings.confirmTimeout())) {
			// Another instance publishes this collection and finds these aggregates with its own scan.
			hinted.clear();
			return 0;
		}
		this.collections.ensureIndexed(collection, (name) -> Outbox.createMarkIndex(this.mongo, name));
		try {
			this.rounds.acquire();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return 0;
		}
		List<Document> batch;
		try {
			batch = pending(collection, hinted);
		}
		catch (RuntimeException ex) {
			this.rounds.release();
			throw ex;
		}
		if (batch.isEmpty()) {
			this.rounds.release();
			return 0;
		}
		List<Object> ids = batch.stream().map((aggregate) -> aggregate.get("_id")).toList();
		this.inFlight.addAll(ids);
		List<Pending> pending = publish(batch);
		this.confirms.execute(() -> {
			try {
				markSent(collection, awaitConfirms(batch, pending));
			}
			catch (RuntimeException ex) {
				// Left pending: the next scan finds them (published twice at worst, which consumers drop).
				log.warn("Outbox relay could not mark {} aggregates of {} sent: {}", ids.size(), collection,
						ex.toString());
			}
			finally {
				this.inFlight.removeAll(ids);
				this.rounds.release();
				wakeUp(collection, null);
			}
		});
		return pending.isEmpty() ? batch.size() : pending.size();
	}

	private List<Pending> publish(List<Document> batch) {
		List<Pending> pending = new ArrayList<>();
		try {
			this.rabbit.invoke((operations) -> {
				for (Document aggregate : batch) {
					for (Document entry : aggregate.getList(Outbox.EVENTS, Document.class, List.of())) {
						CorrelationData correlation = new CorrelationData(entry.getString(Outbox.ID));
						long startedAt = System.nanoTime();
						operations.send(this.exchange, entry.getString(Outbox.TYPE), message(entry), correlation);
						pending.add(new Pending(aggregate.get("_id"), entry.getString(Outbox.ID), correlation,
								startedAt));
					}
				}
				return null;
			});
		}
		catch (AmqpException ex) {
			// Broker down or connection cut: whatever was handed over before may still be confirmed, everything
			// else stays pending and is retried after the aggregate's backoff.
			log.debug("Publishing to {} interrupted: {}", this.exchange, ex.toString());
		}
		return pending;
	}

	/**
	 * Up to {@code batchSize} aggregates with events due: the ones local writes named (hints), topped up by a scan
	 * every poll interval. The scan finds what hints cannot: other instances' writes and retries after backoff.
	 */
	private List<Document> pending(String collection, Queue<Object> hinted) {
		Date now = new Date(this.clock.millis());
		int size = Math.max(1, this.settings.batchSize() / ROUNDS_IN_FLIGHT);
		Set<Object> ids = new LinkedHashSet<>();
		List<Object> later = new ArrayList<>();
		while (ids.size() < size) {
			Object id = hinted.poll();
			if (id == null) {
				break;
			}
			if (this.inFlight.contains(id)) {
				later.add(id); // after its round is marked sent: its new events come after the ones in flight
			}
			else {
				ids.add(id);
			}
		}
		hinted.addAll(later);
		long lastScan = this.lastScan.getOrDefault(collection, 0L);
		if (ids.size() < size && now.getTime() - lastScan >= this.settings.pollInterval().toMillis()) {
			this.lastScan.put(collection, now.getTime());
			Query candidates = new Query(due(now)).limit(size - ids.size() + this.inFlight.size());
			candidates.fields().include("_id");
			for (Document candidate : this.mongo.find(candidates, Document.class, collection)) {
				if (ids.size() < size && !this.inFlight.contains(candidate.get("_id"))) {
					ids.add(candidate.get("_id"));
				}
			}
		}
		if (ids.isEmpty()) {
			return List.of();
		}
		// By primary key only: an index lookup on every MongoDB, including the embedded wire server, whose planner
		// uses an index only when a query's fields are exactly the index's fields.
		Query batch = new Query(where("_id").in(ids));
		batch.fields().include("_id", Outbox.EVENTS, Outbox.COUNT, Outbox.NOT_BEFORE, Outbox.ATTEMPTS, Outbox.MARK);
		return this.mongo.find(batch, Document.class, collection)
			.stream()
			.filter((aggregate) -> isDue(aggregate, now))
			.toList();
	}

	private static boolean isDue(Document aggregate, Date now) {
		Number count = aggregate.get(Outbox.COUNT, Number.class);
		Date notBefore = aggregate.getDate(Outbox.NOT_BEFORE);
		return count != null && count.intValue() > 0 && (notBefore == null || !notBefore.after(now))
				&& !aggregate.getList(Outbox.EVENTS, Document.class, List.of()).isEmpty();
	}

	private static Criteria due(Date now) {
		return new Criteria().andOperator(where(Outbox.COUNT).gt(0), new Criteria()
			.orOperator(where(Outbox.NOT_BEFORE).exists(false), where(Outbox.NOT_BEFORE).lte(now)));
	}

	private Message message(Document entry) {
		String body = entry.getString(Outbox.BODY);
		return MessageBuilder.withBody(body.getBytes(java.nio.charset.StandardCharsets.UTF_8))
			.setContentType("application/json")
			.setContentEncoding("UTF-8")
			.setDeliveryMode(MessageDeliveryMode.PERSISTENT)
			.setMessageId(entry.getString(Outbox.ID))
			.setUserId(this.userId)
			.setType(entry.getString(Outbox.TYPE))
			.setTimestamp(entry.getDate(Outbox.OCCURRED_AT))
			.setHeader(PUBLISHED_AT_HEADER, micros())
			.build();
	}

	static long micros() {
		java.time.Instant now = java.time.Instant.now();
		return now.getEpochSecond() * 1_000_000L + now.getNano() / 1_000;
	}

	private Map<Object, Outcome> awaitConfirms(List<Document> batch, List<Pending> pending) {
		Map<Object, Outcome> outcomes = new java.util.LinkedHashMap<>();
		for (Document aggregate : batch) {
			outcomes.put(aggregate.get("_id"), new Outcome(aggregate));
		}
		long deadline = System.nanoTime() + this.settings.confirmTimeout().toNanos();
		for (Pending sent : pending) {
			Outcome outcome = outcomes.get(sent.aggregateId());
			if (outcome.failed) {
				continue; // an earlier event of this aggregate failed: keep order, retry from there
			}
			Delivery delivery = confirmed(sent, deadline);
			if (delivery == Delivery.FAILED) {
				outcome.failed = true;
				this.failed.increment();
				continue;
			}
			// An unrouted event is done too: retrying cannot give it a subscriber, and keeping it would hold back
			// every later event of its aggregate (ADR 0005, amended)
			outcome.sent.add(sent.eventId());
			if (delivery == Delivery.UNROUTED) {
				this.unrouted.increment();
			}
			else {
				this.publishLatency.record(System.nanoTime() - sent.startedAt(), TimeUnit.NANOSECONDS);
				this.published.increment();
			}
		}
		for (Outcome outcome : outcomes.values()) {
			if (outcome.sent.size() < outcome.total) {
				outcome.failed = true;
			}
		}
		return outcomes;
	}

	private Delivery confirmed(Pending sent, long deadline) {
		try {
			long remaining = Math.max(0, deadline - System.nanoTime());
			CorrelationData.Confirm confirm = sent.correlation().getFuture().get(remaining, TimeUnit.NANOSECONDS);
			if (!confirm.ack()) {
				log.warn("Broker nacked event {}: {}", sent.eventId(), confirm.reason());
				return Delivery.FAILED;
			}
			if (sent.correlation().getReturned() != null) {
				// RabbitMQ confirms a message it could not route; only the return tells us that no queue binds it.
				log.warn("Event {} ({}) reached no queue ({}): no service subscribes to its type; not retried",
						sent.eventId(), sent.correlation().getReturned().getRoutingKey(),
						sent.correlation().getReturned().getReplyText());
				return Delivery.UNROUTED;
			}
			return Delivery.SENT;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return Delivery.FAILED;
		}
		catch (ExecutionException | TimeoutException ex) {
			return Delivery.FAILED;
		}
	}

	private enum Delivery {

		/** Confirmed and routed to at least one queue. */
		SENT,

		/** Confirmed, but no queue binds its type. */
		UNROUTED,

		/** Nacked or not confirmed in time: retried. */
		FAILED

	}

	private void markSent(String collection, Map<Object, Outcome> outcomes) {
		// One round trip for the whole round. Each write is a compare-and-set on the mark token read with the events:
		// should another relay have taken the lease over and published these events too (a duplicate the consumers
		// drop), only one of the two removes them and decrements the count.
		Date now = new Date(this.clock.millis());
		String mark = UUID.randomUUID().toString();
		boolean anySuccess = false;
		BulkOperations writes = this.mongo.bulkOps(BulkOperations.BulkMode.UNORDERED, collection);
		for (Map.Entry<Object, Outcome> entry : outcomes.entrySet()) {
			Outcome outcome = entry.getValue();
			Update update = new Update().set(Outbox.MARK, mark);
			if (!outcome.sent.isEmpty()) {
				update.pull(Outbox.EVENTS, new Document(Outbox.ID, new Document("$in", outcome.sent)))
					.inc(Outbox.COUNT, -outcome.sent.size());
				anySuccess = true;
			}
			if (outcome.failed) {
				int attempts = outcome.attempts + 1;
				update.set(Outbox.ATTEMPTS, attempts)
					.set(Outbox.NOT_BEFORE, new Date(now.getTime() + backoff(attempts).toMillis()));
			}
			else if (outcome.backedOff) {
				update.unset(Outbox.ATTEMPTS).unset(Outbox.NOT_BEFORE);
			}
			writes.updateOne(new Query(where("_id").is(entry.getKey()).and(Outbox.MARK).is(outcome.mark)), update);
		}
		if (!outcomes.isEmpty()) {
			writes.execute();
		}
		if (anySuccess) {
			this.lastSuccess.set(this.clock.millis());
		}
	}

	private Duration backoff(int attempts) {
		long initial = this.settings.initialBackoff().toMillis();
		long delay = initial << Math.min(attempts - 1, 20);
		return Duration.ofMillis(Math.min(delay, this.settings.maxBackoff().toMillis()));
	}

	private record Pending(Object aggregateId, String eventId, CorrelationData correlation, long startedAt) {
	}

	private static final class Outcome {

		final @Nullable String mark;

		final int total;

		final int attempts;

		final boolean backedOff;

		final List<String> sent = new ArrayList<>();

		boolean failed;

		Outcome(Document aggregate) {
			this.mark = aggregate.getString(Outbox.MARK);
			this.total = aggregate.getList(Outbox.EVENTS, Document.class, List.of()).size();
			Integer attempts = aggregate.getInteger(Outbox.ATTEMPTS);
			this.attempts = (attempts != null) ? attempts : 0;
			this.backedOff = attempts != null || aggregate.containsKey(Outbox.NOT_BEFORE);
		}

	}

}

package io.parley.platform.events;

import java.time.Clock;
import java.time.Duration;
import java.util.Date;
import java.util.List;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.bson.Document;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Query;

import static org.springframework.data.mongodb.core.query.Criteria.where;

/**
 * Backlog and age of the oldest pending event, as gauges and as the {@code outbox} health indicator. The
 * indicator is DOWN while the oldest pending event is older than {@code parley.events.relay.stuck-after}: the
 * relay is not getting events out (broker unreachable, exchange missing, every publish returned).
 */
final class OutboxMonitor implements HealthIndicator {

	/** Computing the figures reads the pending outboxes; a scrape and a health probe in a row share one read. */
	private static final Duration CACHE = Duration.ofSeconds(1);

	private final MongoTemplate mongo;

	private final OutboxCollections collections;

	private final Duration stuckAfter;

	private final Clock clock;

	private volatile Snapshot snapshot = new Snapshot(0, 0, 0);

	OutboxMonitor(MongoTemplate mongo, OutboxCollections collections, Duration stuckAfter, Clock clock,
			MeterRegistry meters) {
		this.mongo = mongo;
		this.collections = collections;
		this.stuckAfter = stuckAfter;
		this.clock = clock;
		Gauge.builder("parley.events.outbox.backlog", this, (monitor) -> monitor.current().backlog())
			.description("Events recorded but not yet confirmed by the broker")
			.register(meters);
		Gauge.builder("parley.events.outbox.oldest.age", this, (monitor) -> monitor.current().oldestAgeMillis() / 1000.0)
			.description("Age of the oldest pending event")
			.baseUnit("seconds")
			.register(meters);
	}

	Snapshot current() {
		Snapshot cached = this.snapshot;
		long now = this.clock.millis();
		if (now - cached.takenAt() < CACHE.toMillis()) {
			return cached;
		}
		long backlog = 0;
		long oldest = Long.MAX_VALUE;
		for (String collection : this.collections.all()) {
			Query pending = new Query(where(Outbox.COUNT).gt(0));
			pending.fields().include(Outbox.COUNT, Outbox.EVENTS);
			for (Document aggregate : this.mongo.find(pending, Document.class, collection)) {
				List<Document> events = aggregate.getList(Outbox.EVENTS, Document.class, List.of());
				backlog += events.size();
				if (!events.isEmpty()) {
					Date first = events.get(0).getDate(Outbox.OCCURRED_AT);
					oldest = Math.min(oldest, first.getTime());
				}
			}
		}
		Snapshot fresh = new Snapshot(backlog, (backlog == 0) ? 0 : Math.max(0, now - oldest), now);
		this.snapshot = fresh;
		return fresh;
	}

	@Override
	public Health health() {
		Snapshot current = current();
		Health.Builder health = (current.oldestAgeMillis() > this.stuckAfter.toMillis()) ? Health.down() : Health.up();
		return health.withDetail("backlog", current.backlog())
			.withDetail("oldestPendingAge", Duration.ofMillis(current.oldestAgeMillis()).toString())
			.withDetail("stuckAfter", this.stuckAfter.toString())
			.build();
	}

	record Snapshot(long backlog, long oldestAgeMillis, long takenAt) {
	}

}

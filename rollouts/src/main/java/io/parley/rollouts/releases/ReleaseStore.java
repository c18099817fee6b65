package io.parley.rollouts.releases;

import java.time.Instant;
import java.util.Collection;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import io.parley.platform.events.EventEnvelope;
import io.parley.platform.events.EventRecorder;
import org.bson.Document;
import org.jspecify.annotations.Nullable;

import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Repository;

import static org.springframework.data.mongodb.core.query.Criteria.where;

/**
 * Releases in MongoDB, one document each ({@code releases}). A new release is inserted with its first event; every
 * later command is one {@code updateFirst} whose filter is the id, the revision and the state the release was loaded
 * with, and whose update sets the changed release, appends its events to the document's outbox (platform's
 * {@link EventRecorder}) and, for a health report, the idempotency key with its answer. So the change, its events and
 * the key that makes a retry harmless are stored together or not at all, and of two commands racing on the same
 * release only the first write lands; the other matches nothing and is retried on the new state.
 * <p>
 * Each accepted report is also kept for the chart in {@code health_reports}, one document per report, written right
 * after the release: the gates never read it (each ring's newest report is part of the release), so a process that
 * dies between the two writes costs the chart one point, never a decision. Kept apart, a release that reports every
 * few seconds for weeks keeps a small document, which every command reads and every write rewrites.
 */
@Repository
class ReleaseStore {

	static final String COLLECTION = "releases";

	static final String SERIES = "health_reports";

	/**
	 * Idempotency keys remembered per release with their first answer (under a kilobyte each). A retry comes within
	 * minutes of the first try; a pipeline would have to post this many other reports in between for a retry to be
	 * applied again.
	 */
	static final int KEYS_KEPT = 200;

	private final MongoTemplate mongo;

	private final EventRecorder events;

	ReleaseStore(MongoTemplate mongo, EventRecorder events) {
		this.mongo = mongo;
		this.events = events;
	}

	/** A remembered idempotency key: what the request looked like and what was answered. */
	record Remembered(String key, String fingerprint, String answer) {
	}

	void insert(Release release) {
		Document document = ReleaseDocuments.write(release.snapshot());
		calendar(release).forEach(document::append);
		this.events.insert(document, COLLECTION, envelopes(release));
	}

	/**
	 * Writes the command's result if the release is still as it was loaded; false if someone else changed it
	 * meanwhile (nothing was written).
	 */
	boolean update(Release release, @Nullable Remembered key) {
		Query unchanged = new Query(where("_id").is(release.id())
			.and("revision")
			.is(release.loadedRevision())
			.and("state")
			.is(release.loadedState().name()));
		Update update = new Update();
		Document fields = ReleaseDocuments.write(release.snapshot());
		fields.remove("_id");
		fields.forEach(update::set);
		calendar(release).forEach(update::set);
		if (key != null) {
			update.push("idempotency")
				.slice(-KEYS_KEPT)
				.each(new Document("key", key.key()).append("fingerprint", key.fingerprint())
					.append("answer", key.answer()));
		}
		if (this.events.update(unchanged, update, COLLECTION, envelopes(release)).getModifiedCount() == 0) {
			return false;
		}
		HealthReport report = release.acceptedReport();
		if (report != null && key != null) {
			// the key names the report: a retry finds it in the release and never gets here again
			this.mongo.insert(ReleaseDocuments.report(report).append("_id", release.id() + ":" + key.key())
				.append("releaseId", release.id()), SERIES);
		}
		return true;
	}

	Optional<Release> find(UUID id) {
		return load(id, false).map(Loaded::release);
	}

	/** A release as loaded, with the idempotency keys it remembers when they were asked for. */
	record Loaded(Release release, List<Remembered> keys) {

		Optional<Remembered> remembered(String key) {
			return this.keys.stream().filter((remembered) -> remembered.key().equals(key)).findFirst();
		}

	}

	/** The release, with its remembered idempotency keys if {@code keys} (a health report needs them). */
	Optional<Loaded> load(UUID id, boolean keys) {
		Query query = new Query(where("_id").is(id));
		if (!keys) {
			query.fields().exclude("idempotency");
		}
		Document document = this.mongo.findOne(query, Document.class, COLLECTION);
		if (document == null) {
			return Optional.empty();
		}
		List<Remembered> remembered = document.getList("idempotency", Document.class, List.of())
			.stream()
			.map((entry) -> new Remembered(entry.getString("key"), entry.getString("fingerprint"),
					entry.getString("answer")))
			.toList();
		return Optional.of(new Loaded(Release.from(ReleaseDocuments.read(document)), remembered));
	}

	/** Every report of the release, by ring and time observed. */
	List<HealthReport> series(UUID id) {
		Query query = new Query(where("releaseId").is(id)).with(Sort.by("ring", "observedAt"));
		return this.mongo.find(query, Document.class, SERIES).stream().map(ReleaseDocuments::report).toList();
	}

	/** Releases of these workspaces (or of this organisation), newest change first, without timelines. */
	List<Release> list(@Nullable Collection<UUID> workspaces, @Nullable String organisation,
			@Nullable ReleaseState state) {
		Criteria criteria = (workspaces != null) ? where("workspaceId").in(workspaces)
				: where("organisationId").is(organisation);
		if (state != null) {
			criteria = criteria.and("state").is(state.name());
		}
		Query query = new Query(criteria).with(Sort.by(Sort.Direction.DESC, "updatedAt"));
		query.fields().exclude("idempotency").exclude("timeline");
		return this.mongo.find(query, Document.class, COLLECTION)
			.stream()
			.map((document) -> Release.from(ReleaseDocuments.read(document)))
			.toList();
	}

	/** Releases with a ring start between {@code from} and {@code to}, without timelines. */
	List<Release> onCalendar(Instant from, Instant to) {
		Query query = new Query(where("calendarFrom").lte(Date.from(to)).and("calendarTo").gte(Date.from(from)));
		query.fields().exclude("idempotency").exclude("timeline");
		return this.mongo.find(query, Document.class, COLLECTION)
			.stream()
			.map((document) -> Release.from(ReleaseDocuments.read(document)))
			.toList();
	}

	/** The first and last ring start, so the calendar finds a release by one range query. */
	private static Map<String, Object> calendar(Release release) {
		List<PlannedStart> starts = release.plannedStarts();
		if (starts.isEmpty()) {
			return Map.of("calendarFrom", new Date(Long.MAX_VALUE), "calendarTo", new Date(Long.MIN_VALUE));
		}
		Instant first = starts.stream().map(PlannedStart::at).min(Instant::compareTo).orElseThrow();
		Instant last = starts.stream().map(PlannedStart::at).max(Instant::compareTo).orElseThrow();
		return Map.of("calendarFrom", Date.from(first), "calendarTo", Date.from(last));
	}

	private EventEnvelope[] envelopes(Release release) {
		return release.events()
			.stream()
			.map((event) -> this.events.event(release.id().toString(), release.revision(), event))
			.toArray(EventEnvelope[]::new);
	}

}

package io.parley.notifications.inbox;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.parley.platform.backup.RestoreCheckRunner;
import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Service;

import static org.springframework.data.mongodb.core.query.Criteria.where;

/**
 * What an operator runs against a restored notifications database (ADRs 0037, 0040): each person's stream counter
 * ({@code streams}: the last position handed out, the kept unread count) against their inbox entries. A backup that
 * read {@code streams} before {@code notifications} (a dump without one instant, or the embedded archive's collection
 * order the other way round) restores counters behind the entries: the next entries would get positions the
 * browsers have seen already, and their streams would take them for entries they have. So the check raises every
 * counter that is behind to its highest entry ({@code $max}: it never moves one back) and sets unread counts that
 * differ from the entries' to their count. It is meant to run before the service takes events again (the command),
 * and it is safe while it does: raising a position can only leave a gap, which streams do not mind.
 */
@Service
public class RestoreCheck {

	static final int MAX_LISTED = 100;

	private static final Logger log = LoggerFactory.getLogger(RestoreCheck.class);

	private final MongoTemplate mongo;

	private final Clock clock;

	RestoreCheck(MongoTemplate mongo, Clock clock) {
		this.mongo = mongo;
		this.clock = clock;
	}

	/**
	 * @param valid every counter is now at or above its person's entries (after the check raised those behind)
	 * @param people people with entries
	 * @param entries inbox entries read
	 * @param behind counters that were below their person's highest entry, or missing, and were raised
	 * @param unreadMended kept unread counts that differed from the entries' and were set to their count
	 * @param firstBehind the first {@value #MAX_LISTED} people whose counter was behind
	 */
	public record Report(boolean valid, Instant checkedAt, Duration took, long people, long entries, long behind,
			long unreadMended, List<String> firstBehind) implements RestoreCheckRunner.Verdict {
	}

	public Report run() {
		Instant started = this.clock.instant();
		Map<String, long[]> inboxes = inboxes();
		Map<String, Document> counters = new HashMap<>();
		for (Document counter : this.mongo.findAll(Document.class, Entries.STREAMS)) {
			counters.put(String.valueOf(counter.get("_id")), counter);
		}
		long entries = 0;
		long behind = 0;
		long unreadMended = 0;
		List<String> raised = new ArrayList<>();
		for (Map.Entry<String, long[]> inbox : inboxes.entrySet()) {
			String personId = inbox.getKey();
			long highest = inbox.getValue()[0];
			long unread = inbox.getValue()[1];
			entries += inbox.getValue()[2];
			Document counter = counters.get(personId);
			if (counter == null || number(counter, "seq") < highest) {
				behind++;
				raised.add(personId);
				log.warn("Restore check: stream counter of {} at {}, behind their highest entry {}: raised", personId,
						(counter != null) ? number(counter, "seq") : "none", highest);
				this.mongo.upsert(new Query(where("_id").is(personId)), new Update().max("seq", highest),
						Entries.STREAMS);
			}
			if (counter == null || number(counter, "unread") != unread) {
				unreadMended++;
				this.mongo.updateFirst(new Query(where("_id").is(personId)), new Update().set("unread", unread),
						Entries.STREAMS);
			}
		}
		boolean valid = stillBehind(raised, inboxes) == 0;
		Report report = new Report(valid, started, Duration.between(started, this.clock.instant()), inboxes.size(),
				entries, behind, unreadMended, List.copyOf(raised.subList(0, Math.min(MAX_LISTED, raised.size()))));
		log.info("Restore check: valid={} people={} entries={} countersBehind={} unreadMended={} took={}", valid,
				report.people(), entries, behind, unreadMended, report.took());
		return report;
	}

	/** Per person: highest position, unread entries, entries; read once, in the order stored. */
	private Map<String, long[]> inboxes() {
		Query all = new Query();
		all.fields().include("recipientId").include("seq").include("readAt");
		Map<String, long[]> inboxes = new HashMap<>();
		try (var entries = this.mongo.stream(all, Document.class, "notifications")) {
			entries.forEach((entry) -> {
				long[] inbox = inboxes.computeIfAbsent(entry.getString("recipientId"), (key) -> new long[3]);
				inbox[0] = Math.max(inbox[0], number(entry, "seq"));
				inbox[1] += (entry.get("readAt") == null) ? 1 : 0;
				inbox[2]++;
			});
		}
		return inboxes;
	}

	/** Of the counters just raised, those still behind when read again. */
	private long stillBehind(List<String> raised, Map<String, long[]> inboxes) {
		long behind = 0;
		for (String personId : raised) {
			Document counter = this.mongo.findById(personId, Document.class, Entries.STREAMS);
			if (counter == null || number(counter, "seq") < inboxes.get(personId)[0]) {
				behind++;
			}
		}
		return behind;
	}

	private static long number(Document document, String field) {
		Object value = document.get(field);
		return (value instanceof Number number) ? number.longValue() : 0;
	}

}

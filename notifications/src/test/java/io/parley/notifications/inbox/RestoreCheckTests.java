package io.parley.notifications.inbox;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.UUID;

import io.parley.platform.test.EmbeddedMongo;
import org.bson.Document;
import org.junit.jupiter.api.Test;

import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Update;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.data.mongodb.core.query.Criteria.where;
import static org.springframework.data.mongodb.core.query.Query.query;

/**
 * A restored notifications database whose {@code streams} were backed up before its {@code notifications}: the
 * check finds the counters behind their entries, raises them (never lowers one) and sets drifted unread counts.
 */
class RestoreCheckTests {

	private static final Instant NOW = Instant.parse("2026-12-08T10:00:00Z");

	private final MongoTemplate mongo = EmbeddedMongo.template("notifications-restore-" + UUID.randomUUID());

	private final RestoreCheck check = new RestoreCheck(this.mongo, Clock.fixed(NOW, ZoneOffset.UTC));

	@Test
	void givenCountersBackedUpBeforeTheEntries_whenChecked_thenThoseBehindAreReportedAndRaisedAndOthersLeftAlone() {
		// behind: three entries (one read), the counter from when it had handed out one
		entries("behind", 1, 2, 3);
		read("behind", 1);
		counter("behind", 1, 1);
		// missing: entries, no counter at all (it would start again at 1)
		entries("missing", 1, 2);
		// ahead: the counter was backed up after the entries (a delivery in between): a gap, which is fine
		entries("ahead", 1, 2);
		counter("ahead", 4, 3);

		RestoreCheck.Report report = this.check.run();

		assertThat(report.valid()).isTrue();
		assertThat(report.people()).isEqualTo(3);
		assertThat(report.entries()).isEqualTo(7);
		assertThat(report.behind()).isEqualTo(2);
		assertThat(report.firstBehind()).containsExactlyInAnyOrder("behind", "missing");
		assertThat(report.unreadMended()).isEqualTo(3);
		assertThat(counter("behind")).containsEntry("seq", 3L).containsEntry("unread", 2L);
		assertThat(counter("missing")).containsEntry("seq", 2L).containsEntry("unread", 2L);
		assertThat(counter("ahead").get("seq", Number.class).longValue()).isEqualTo(4);
		assertThat(counter("ahead")).containsEntry("unread", 2L);
	}

	@Test
	void givenCountersThatAgreeWithTheEntries_whenChecked_thenNothingIsReportedOrChanged() {
		entries("fine", 1, 2);
		counter("fine", 2, 2);

		RestoreCheck.Report report = this.check.run();

		assertThat(report.valid()).isTrue();
		assertThat(report.behind()).isZero();
		assertThat(report.unreadMended()).isZero();
		assertThat(report.firstBehind()).isEmpty();
	}

	private void entries(String person, long... positions) {
		for (long seq : positions) {
			UUID event = UUID.randomUUID();
			this.mongo.insert(new Notification(Notification.idFor(event, person), event, person,
					"workspace.membership.added", "Added", null, "/#/", NOW, null, seq, Notification.MailState.NONE,
					null));
		}
	}

	private void read(String person, long seq) {
		this.mongo.updateFirst(query(where("recipientId").is(person).and("seq").is(seq)), Update.update("readAt", NOW),
				Notification.class);
	}

	private void counter(String person, long seq, long unread) {
		this.mongo.insert(new Document("_id", person).append("seq", seq).append("unread", unread), Entries.STREAMS);
	}

	private Document counter(String person) {
		return this.mongo.findById(person, Document.class, Entries.STREAMS);
	}

}

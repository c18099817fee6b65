package io.parley.notifications.inbox;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import com.mongodb.ErrorCategory;
import com.mongodb.bulk.BulkWriteError;
import org.bson.Document;

import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.data.mongodb.BulkOperationException;
import org.springframework.data.mongodb.core.BulkOperations;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.FindAndModifyOptions;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Service;

import static org.springframework.data.mongodb.core.query.Criteria.where;

/** Writes and reads of inbox entries for the other parts of the service (delivery, push, mail, digest). */
@Service
public class Entries implements SmartInitializingSingleton {

	/**
	 * One small document per person holding the last stream position handed out ({@code seq}) and how many of
	 * their entries are unread ({@code unread}, kept with {@code $inc}: counting the inbox on every push was a scan).
	 */
	static final String STREAMS = "streams";

	private static final String UNREAD = "unread";

	private final MongoTemplate mongo;

	private final NotificationRepository repository;

	Entries(MongoTemplate mongo, NotificationRepository repository) {
		this.mongo = mongo;
		this.repository = repository;
	}

	/**
	 * The next position in a person's stream and their unread count with the entry about to be inserted: one
	 * single-document update (atomic across instances) that replaces both a counter call and a count of the inbox.
	 * If the insert then collides, {@link #unreadDropped} gives the count back.
	 */
	public Position next(String personId) {
		Document counter = this.mongo.findAndModify(new Query(where("_id").is(personId)),
				new Update().inc("seq", 1L).inc(UNREAD, 1L), FindAndModifyOptions.options().upsert(true).returnNew(true),
				Document.class, STREAMS);
		return new Position(((Number) counter.get("seq")).longValue(), unread(counter));
	}

	/** A stream position and the unread count that goes with it. */
	public record Position(long seq, long unread) {
	}

	/**
	 * Inserts the entries of one event in one unordered bulk write; returns the ids that were there already (the same
	 * event for the same person, delivered again or taken by another instance meanwhile). Every other entry is in.
	 */
	public Set<UUID> insertAll(List<Notification> fresh) {
		if (fresh.isEmpty()) {
			return Set.of();
		}
		try {
			this.mongo.bulkOps(BulkOperations.BulkMode.UNORDERED, Notification.class).insert(fresh).execute();
			return Set.of();
		}
		catch (BulkOperationException ex) {
			Set<UUID> collided = new HashSet<>();
			for (BulkWriteError error : ex.getErrors()) {
				if (ErrorCategory.fromErrorCode(error.getCode()) != ErrorCategory.DUPLICATE_KEY) {
					throw ex;
				}
				collided.add(fresh.get(error.getIndex()).id());
			}
			return collided;
		}
	}

	/**
	 * Takes back what {@link #next} counted for entries that turned out to exist, or that were just read. The count
	 * never goes below zero: entries it never counted (written by hand) cannot leave a debt that hides later ones.
	 */
	public long unreadDropped(String personId, long by) {
		Document counter = this.mongo.findAndModify(new Query(where("_id").is(personId).and(UNREAD).gte(by)),
				new Update().inc(UNREAD, -by), FindAndModifyOptions.options().returnNew(true), Document.class, STREAMS);
		if (counter != null) {
			return unread(counter);
		}
		this.mongo.updateFirst(new Query(where("_id").is(personId)), new Update().set(UNREAD, 0L), STREAMS);
		return 0;
	}

	/** Sets the kept count to the entries' own count (after a person read everything: it is small then). */
	public long recountUnread(String personId) {
		long unread = this.repository.countByRecipientIdAndReadAtIsNull(personId);
		this.mongo.updateFirst(new Query(where("_id").is(personId)), new Update().set(UNREAD, unread), STREAMS);
		return unread;
	}

	/** The kept unread count (what streams are told); the inbox API counts the entries themselves. */
	public long unread(String personId) {
		return position(personId).unread();
	}

	/** The last stream position handed out (0 before the first) and the kept unread count. */
	public Position position(String personId) {
		Document counter = this.mongo.findById(personId, Document.class, STREAMS);
		if (counter == null) {
			return new Position(0, 0);
		}
		Object seq = counter.get("seq");
		return new Position((seq instanceof Number number) ? number.longValue() : 0, unread(counter));
	}

	private static long unread(Document counter) {
		Object unread = counter.get(UNREAD);
		// never below zero, whatever a hand-made entry did to the count
		return (unread instanceof Number number) ? Math.max(0, number.longValue()) : 0;
	}

	/**
	 * Streams counters written before the unread count was kept there (ADR 0016) get it once, from a count, before
	 * the consumer starts. The update is conditional: an instance that got there first wins, nothing is counted twice.
	 */
	@Override
	public void afterSingletonsInstantiated() {
		Query withoutCount = new Query(where(UNREAD).exists(false));
		withoutCount.fields().include("_id");
		for (Document counter : this.mongo.find(withoutCount, Document.class, STREAMS)) {
			String personId = counter.getString("_id");
			long unread = this.repository.countByRecipientIdAndReadAtIsNull(personId);
			this.mongo.updateFirst(new Query(where("_id").is(personId).and(UNREAD).exists(false)),
					new Update().set(UNREAD, unread), STREAMS);
		}
	}

	/**
	 * Entries after {@code seq} and at the positions in {@code gaps}, by position: what a reconnecting stream missed
	 * (its {@code Last-Event-ID} names both, see the push package's stream cursor).
	 */
	public List<Notification> after(String personId, long seq, Collection<Long> gaps, int limit) {
		Criteria missed = gaps.isEmpty() ? where("seq").gt(seq)
				: new Criteria().orOperator(where("seq").gt(seq), where("seq").in(gaps));
		Query query = new Query(where("recipientId").is(personId)).addCriteria(missed)
			.with(Sort.by("seq"))
			.limit(limit);
		return this.mongo.find(query, Notification.class);
	}

	/** A person's entries at these stream positions (gaps an open stream asks for; positions never stored are not). */
	public List<Notification> at(String personId, Collection<Long> positions) {
		Query query = new Query(where("recipientId").is(personId).and("seq").in(positions)).with(Sort.by("seq"));
		return this.mongo.find(query, Notification.class);
	}

	/**
	 * Claims an entry's mail for this instance: due ({@code PENDING}) or claimed by someone before
	 * {@code staleBefore} (that instance died). One conditional single-document update, so one caller wins.
	 */
	public boolean claimMail(UUID id, Instant staleBefore, Instant now) {
		Criteria claimable = new Criteria().orOperator(where("mail").is(Notification.MailState.PENDING.name()),
				where("mail").is(Notification.MailState.SENDING.name()).and("mailClaimedAt").lt(staleBefore));
		Query query = new Query(where("_id").is(id)).addCriteria(claimable);
		return this.mongo
			.updateFirst(query,
					new Update().set("mail", Notification.MailState.SENDING.name()).set("mailClaimedAt", now),
					Notification.class)
			.getModifiedCount() > 0;
	}

	/** Records how a claimed mail ended ({@code SENT}, {@code NO_ADDRESS}, or {@code PENDING} to retry). */
	public void finishMail(UUID id, Notification.MailState state) {
		this.mongo.updateFirst(
				new Query(where("_id").is(id).and("mail").is(Notification.MailState.SENDING.name())),
				new Update().set("mail", state.name()), Notification.class);
	}

	public Optional<Notification> find(UUID id) {
		return this.repository.findById(id);
	}

	/** Entries whose mail is due, or whose claim is older than {@code staleBefore} (the claimer died). */
	public List<Notification> mailsToRetry(Instant dueBefore, Instant staleBefore) {
		Query query = new Query(new Criteria().orOperator(
				where("mail").is(Notification.MailState.PENDING.name()).and("createdAt").lt(dueBefore),
				where("mail").is(Notification.MailState.SENDING.name()).and("mailClaimedAt").lt(staleBefore)));
		return this.mongo.find(query.limit(500), Notification.class);
	}

	public List<String> digestRecipients() {
		return this.mongo.findDistinct(new Query(where("mail").is(Notification.MailState.DIGEST.name())),
				"recipientId", Notification.class, String.class);
	}

	public List<Notification> digestItems(String personId, Instant upTo) {
		Query query = new Query(where("recipientId").is(personId)
			.and("mail")
			.is(Notification.MailState.DIGEST.name())
			.and("createdAt")
			.lte(upTo)).with(Sort.by("createdAt"));
		return this.mongo.find(query, Notification.class);
	}

	/** Digest lines that will not be mailed (see {@code Notification.MailState#WITHHELD}). */
	public void withholdDigested(Collection<UUID> ids) {
		this.mongo.updateMulti(new Query(where("_id").in(ids).and("mail").is(Notification.MailState.DIGEST.name())),
				new Update().set("mail", Notification.MailState.WITHHELD.name()), Notification.class);
	}

	public void markDigested(Collection<UUID> ids, Instant at) {
		this.mongo.updateMulti(new Query(where("_id").in(ids).and("mail").is(Notification.MailState.DIGEST.name())),
				new Update().set("mail", Notification.MailState.DIGESTED.name()).set("mailClaimedAt", at),
				Notification.class);
	}

}

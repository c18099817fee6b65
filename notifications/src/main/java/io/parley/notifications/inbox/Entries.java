package io.parley.notifications.inbox;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.bson.Document;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.domain.PageRequest;
import org.springframework.data.mongodb.core.FindAndModifyOptions;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Service;

import static org.springframework.data.mongodb.core.query.Criteria.where;

/** Writes and reads of inbox entries for the other parts of the service (delivery, push, mail, digest). */
@Service
public class Entries {

	/** One small document per person holding the last stream position handed out. */
	static final String STREAMS = "streams";

	private final MongoTemplate mongo;

	private final NotificationRepository repository;

	Entries(MongoTemplate mongo, NotificationRepository repository) {
		this.mongo = mongo;
		this.repository = repository;
	}

	public boolean exists(UUID id) {
		return this.repository.existsById(id);
	}

	/** The next position in a person's stream; atomic across instances (one single-document update). */
	public long nextSeq(String personId) {
		Document counter = this.mongo.findAndModify(new Query(where("_id").is(personId)), new Update().inc("seq", 1L),
				FindAndModifyOptions.options().upsert(true).returnNew(true), Document.class, STREAMS);
		return ((Number) counter.get("seq")).longValue();
	}

	/** Inserts the entry; false when it exists already (the same event for the same person, delivered again). */
	public boolean insertOnce(Notification entry) {
		try {
			this.mongo.insert(entry);
			return true;
		}
		catch (DuplicateKeyException ex) {
			return false;
		}
	}

	public long unread(String personId) {
		return this.repository.countByRecipientIdAndReadAtIsNull(personId);
	}

	/** Entries after {@code seq}, oldest first: what a reconnecting stream missed. */
	public List<Notification> after(String personId, long seq, int limit) {
		return this.repository.findByRecipientIdAndSeqGreaterThanOrderBySeqAsc(personId, seq,
				PageRequest.of(0, limit));
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
			.lte(upTo)).with(org.springframework.data.domain.Sort.by("createdAt"));
		return this.mongo.find(query, Notification.class);
	}

	public void markDigested(Collection<UUID> ids, Instant at) {
		this.mongo.updateMulti(new Query(where("_id").in(ids).and("mail").is(Notification.MailState.DIGEST.name())),
				new Update().set("mail", Notification.MailState.DIGESTED.name()).set("mailClaimedAt", at),
				Notification.class);
	}

}

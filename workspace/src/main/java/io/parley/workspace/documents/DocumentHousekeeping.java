package io.parley.workspace.documents;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.HashSet;
import java.util.Set;

import org.bson.Document;
import org.bson.types.ObjectId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.annotation.Configuration;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.scheduling.annotation.Scheduled;

import static org.springframework.data.mongodb.core.query.Criteria.where;

/**
 * Keeps GridFS to what documents refer to: content of documents deleted longer than the retention ago is purged,
 * and content without a finished version (an upload that crashed between GridFS and the document write, or whose
 * own clean-up failed) is deleted once it is older than {@code orphan-grace}. The age of content is its
 * {@link ObjectId}'s timestamp, so chunks whose files entry was never written are found too.
 */
@Configuration(proxyBeanMethods = false)
@EnableScheduling
class DocumentHousekeeping {

	private static final Logger log = LoggerFactory.getLogger(DocumentHousekeeping.class);

	private final MongoTemplate mongo;

	private final DocumentContents contents;

	private final DocumentProperties properties;

	private final Clock clock = Clock.systemUTC();

	DocumentHousekeeping(MongoTemplate mongo, DocumentContents contents, DocumentProperties properties) {
		this.mongo = mongo;
		this.contents = contents;
		this.properties = properties;
	}

	@Scheduled(fixedDelayString = "${parley.workspace.documents.housekeeping-interval:5m}")
	void run() {
		purgeDeleted(this.clock.instant().minus(this.properties.deletedRetention()));
		removeOrphans(this.properties.orphanGrace());
	}

	/** Deletes the content of documents deleted before {@code before}; the metadata stays for the audit trail. */
	int purgeDeleted(Instant before) {
		int purged = 0;
		Query expired = new Query(where("deleted").is(true).and("purged").is(false).and("deletedAt").lt(before));
		for (StoredDocument document : this.mongo.find(expired, StoredDocument.class)) {
			document.versions().forEach((version) -> this.contents.delete(version.contentId()));
			this.mongo.updateFirst(new Query(where("_id").is(document.id())), new Update().set("purged", true),
					StoredDocument.class);
			purged++;
		}
		if (purged > 0) {
			log.info("Purged the content of {} deleted document(s)", purged);
		}
		return purged;
	}

	/** Deletes content older than {@code grace} that no stored version refers to. */
	int removeOrphans(Duration grace) {
		ObjectId threshold = new ObjectId(Date.from(this.clock.instant().minus(grace)));
		Set<ObjectId> candidates = new HashSet<>();
		this.mongo.getCollection(DocumentContents.CHUNKS)
			.distinct("files_id", new Document("files_id", new Document("$lt", threshold)), ObjectId.class)
			.into(candidates);
		this.mongo.getCollection(DocumentContents.FILES)
			.distinct("_id", new Document("_id", new Document("$lt", threshold)), ObjectId.class)
			.into(candidates);
		if (candidates.isEmpty()) {
			return 0;
		}
		Query referring = new Query(where("versions.contentId").in(candidates));
		referring.fields().include("versions.contentId");
		for (Document document : this.mongo.find(referring, Document.class, "documents")) {
			for (Document version : document.getList("versions", Document.class)) {
				candidates.remove(version.getObjectId("contentId"));
			}
		}
		candidates.forEach(this.contents::delete);
		if (!candidates.isEmpty()) {
			log.info("Removed {} orphaned content file(s) from GridFS", candidates.size());
		}
		return candidates.size();
	}

}

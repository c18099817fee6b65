package io.parley.workspace.documents;

import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Map;
import java.util.UUID;

import org.bson.Document;
import org.bson.types.Binary;
import org.bson.types.ObjectId;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.mongodb.core.query.Query;

import static io.parley.workspace.documents.DocumentApiTests.bytes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.data.mongodb.core.query.Criteria.where;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/** The clean-up job: content without a finished version, and content of documents deleted past the retention. */
class DocumentHousekeepingTests extends DocumentApiTest {

	@Autowired
	DocumentHousekeeping housekeeping;

	@Test
	void givenChunksOfAnUploadThatNeverFinished_whenHousekeepingRuns_thenOldOnesGoAndRecentOnesStay()
			throws Exception {
		UUID workspace = workspace("TLP:RED", Map.of("partner-engineer", "CONTRIBUTOR"));
		UUID kept = document("partner-engineer", workspace, "TLP:GREEN", "kept.txt", bytes("kept"));
		// as a crash between GridFS and the document write would leave them: chunks without a files entry
		ObjectId old = new ObjectId(Date.from(Instant.now().minus(Duration.ofHours(2))));
		ObjectId recent = new ObjectId();
		for (ObjectId id : new ObjectId[] { old, recent }) {
			this.mongo.insert(new Document("files_id", id).append("n", 0).append("data", new Binary(bytes("x"))),
					DocumentContents.CHUNKS);
		}

		int removed = this.housekeeping.removeOrphans(Duration.ofHours(1));

		assertThat(removed).isEqualTo(1);
		assertThat(orphanedContent()).containsExactly(recent).doesNotContain(old);
		this.mongo.remove(new Query(where("files_id").is(recent)), DocumentContents.CHUNKS);
		assertThat(this.mongo.findById(kept, Document.class, "documents")).isNotNull();
	}

	@Test
	void givenDocumentDeletedLongerThanTheRetention_whenHousekeepingRuns_thenItsContentIsPurged()
			throws Exception {
		UUID workspace = workspace("TLP:RED", Map.of());
		UUID id = document("host-admin", workspace, "TLP:GREEN", "old.txt", bytes("old"));
		ObjectId content = this.mongo.findById(id, Document.class, "documents")
			.getList("versions", Document.class)
			.get(0)
			.getObjectId("contentId");
		this.mvc.perform(as("host-admin", delete("/api/workspaces/" + workspace + "/documents/" + id)))
			.andExpect(status().isNoContent());

		assertThat(this.housekeeping.purgeDeleted(Instant.now().minus(Duration.ofDays(1)))).isZero();
		assertThat(this.mongo.getCollection(DocumentContents.CHUNKS).countDocuments(new Document("files_id", content)))
			.isOne();

		this.housekeeping.purgeDeleted(Instant.now().plus(Duration.ofSeconds(1)));

		assertThat(this.mongo.getCollection(DocumentContents.CHUNKS).countDocuments(new Document("files_id", content)))
			.isZero();
		assertThat(this.mongo.findById(id, Document.class, "documents").getBoolean("purged")).isTrue();
	}

}

package io.parley.platform.backup;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Date;
import java.util.List;
import java.util.Random;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import org.bson.Document;
import org.bson.types.Binary;
import org.bson.types.Decimal128;
import org.bson.types.ObjectId;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The driver archive between two embedded servers, as the restore drill uses it: every value comes back with its
 * BSON type, indexes come back, leases stay behind, and an archive cut short or a non-empty target is refused.
 */
class MongoArchiveTests {

	private MongoServer source;

	private MongoServer target;

	private MongoClient from;

	private MongoClient to;

	@BeforeEach
	void servers() {
		this.source = new MongoServer(new MemoryBackend());
		this.target = new MongoServer(new MemoryBackend());
		this.from = MongoClients.create(this.source.bindAndGetConnectionString());
		this.to = MongoClients.create(this.target.bindAndGetConnectionString());
	}

	@AfterEach
	void stop() {
		this.from.close();
		this.to.close();
		this.source.shutdownNow();
		this.target.shutdownNow();
	}

	@Test
	void givenDatabaseWithGridFsAndOutboxes_whenExportedAndRestored_thenEveryDocumentAndIndexComesBackExactly()
			throws IOException {
		MongoDatabase db = this.from.getDatabase("workspace");
		byte[] chunk = new byte[255 * 1024];
		new Random(7).nextBytes(chunk);
		ObjectId file = new ObjectId();
		List<Document> chunks = new ArrayList<>();
		for (int n = 0; n < 40; n++) {
			chunks.add(new Document("_id", new ObjectId()).append("files_id", file).append("n", n)
				.append("data", new Binary(Arrays.copyOf(chunk, (n == 39) ? 1000 : chunk.length))));
		}
		db.getCollection("contents.chunks").insertMany(chunks);
		db.getCollection("contents.chunks").createIndex(Indexes.ascending("files_id", "n"), new IndexOptions().unique(true));
		db.getCollection("contents.files").insertOne(new Document("_id", file).append("length", 39L * chunk.length + 1000)
			.append("chunkSize", chunk.length)
			.append("uploadDate", new Date(1_700_000_000_123L))
			.append("metadata", new Document("mediaType", "application/octet-stream").append("chunkSha256",
					new Binary(new byte[40 * 32]))));
		db.getCollection("documents").insertOne(new Document("_id", "d1").append("version", 3L)
			.append("size", 12)
			.append("ratio", new Decimal128(new BigDecimal("1.50")))
			.append("_outbox", List.of(new Document("id", "e1").append("occurredAt", new Date(5))))
			.append("_outboxCount", 1));
		db.getCollection("audit").createIndex(Indexes.ascending("workspaceId", "sequence"),
				new IndexOptions().unique(true).name("chain"));
		db.getCollection("audit").insertOne(new Document("_id", "a1").append("workspaceId", "w").append("sequence", 1L));
		db.getCollection(MongoArchive.NOT_ARCHIVED.iterator().next())
			.insertOne(new Document("_id", "documents").append("holder", "gone").append("until", new Date()));

		ByteArrayOutputStream archive = new ByteArrayOutputStream();
		MongoArchive.Summary written = MongoArchive.export(this.from, "workspace", archive);
		MongoArchive.Summary read = MongoArchive.restore(new ByteArrayInputStream(archive.toByteArray()), this.to,
				"workspace");

		assertThat(written.documents()).isEqualTo(43);
		assertThat(read).isEqualTo(written);
		MongoDatabase restored = this.to.getDatabase("workspace");
		for (String name : List.of("contents.chunks", "contents.files", "documents", "audit")) {
			assertThat(restored.getCollection(name).find().sort(new Document("_id", 1)).into(new ArrayList<>()))
				.as(name)
				.isEqualTo(db.getCollection(name).find().sort(new Document("_id", 1)).into(new ArrayList<>()));
		}
		Document outboxed = restored.getCollection("documents").find().first();
		assertThat(outboxed.get("version")).isInstanceOf(Long.class);
		assertThat(outboxed.get("size")).isInstanceOf(Integer.class);
		assertThat(outboxed.get("ratio")).isEqualTo(new Decimal128(new BigDecimal("1.50")));
		assertThat(restored.getCollection("audit").listIndexes().into(new ArrayList<>()))
			.anySatisfy((index) -> assertThat(index.getString("name")).isEqualTo("chain"));
		assertThat(restored.getCollection("contents.chunks").listIndexes().into(new ArrayList<>()))
			.anySatisfy((index) -> assertThat(index.get("unique")).isEqualTo(true));
		assertThat(restored.listCollectionNames().into(new ArrayList<>()))
			.doesNotContainAnyElementsOf(MongoArchive.NOT_ARCHIVED);
	}

	@Test
	void givenArchiveCutShort_whenRestored_thenRefusedSayingSo() throws IOException {
		MongoDatabase db = this.from.getDatabase("workspace");
		byte[] chunk = new byte[255 * 1024];
		new Random(3).nextBytes(chunk);
		for (int n = 0; n < 8; n++) {
			db.getCollection("contents.chunks").insertOne(new Document("n", n).append("data", new Binary(chunk)));
		}
		ByteArrayOutputStream archive = new ByteArrayOutputStream();
		MongoArchive.export(this.from, "workspace", archive);
		byte[] whole = archive.toByteArray();

		assertThatThrownBy(() -> MongoArchive.restore(new ByteArrayInputStream(Arrays.copyOf(whole, whole.length / 2)),
				this.to, "workspace"))
			.isInstanceOf(IOException.class);
	}

	@Test
	void givenTargetWithDocuments_whenRestored_thenRefusedNamingTheCollection() throws IOException {
		this.from.getDatabase("workspace").getCollection("documents").insertOne(new Document("_id", "d"));
		this.to.getDatabase("workspace").getCollection("documents").insertOne(new Document("_id", "newer"));
		ByteArrayOutputStream archive = new ByteArrayOutputStream();
		MongoArchive.export(this.from, "workspace", archive);

		assertThatThrownBy(() -> MongoArchive.restore(new ByteArrayInputStream(archive.toByteArray()), this.to,
				"workspace"))
			.isInstanceOf(IllegalStateException.class)
			.hasMessageContaining("already holds 1 documents in documents");
	}

}

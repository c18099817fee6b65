package io.parley.workspace.documents;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Date;
import java.util.HexFormat;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.gridfs.GridFSBucket;
import com.mongodb.client.gridfs.GridFSBuckets;
import com.mongodb.client.gridfs.GridFSDownloadStream;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import org.bson.BsonBinary;
import org.bson.BsonDocument;
import org.bson.BsonInt32;
import org.bson.BsonObjectId;
import org.bson.Document;
import org.bson.types.Binary;
import org.bson.types.ObjectId;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.data.mongodb.MongoDatabaseFactory;
import org.springframework.scheduling.concurrent.CustomizableThreadFactory;
import org.springframework.stereotype.Component;

/**
 * Version content in GridFS (bucket {@code contents}), streamed both ways through fixed buffers (on the way in,
 * {@code ChunkWriter.IN_FLIGHT + 1} chunks per upload, {@link ChunkWriter}): the bytes of a version are never whole
 * in memory. Uploads write the GridFS layout themselves (chunks, then the files document, as the driver's
 * {@code GridFSUploadStream} does, without its copy of every chunk) so that several chunks of one upload can be
 * inserted at once (ADR 0022), each chunk's SHA-256 recorded in the files document; downloads read only the chunks
 * of their range and check each against it ({@link #openChecked}, ADR 0026), other reads go through the driver's
 * bucket. The GridFS file id is an {@link ObjectId}, whose
 * timestamp tells housekeeping how old a file without a finished version is.
 */
@Component
class DocumentContents implements InitializingBean, DisposableBean {

	static final String BUCKET = "contents";

	private static final int CHUNK = 255 * 1024;

	/**
	 * The embedded Mongo-wire server answers a GridFS read in batches that exceed its 48 MB reply limit for large
	 * files unless the batch is small (ADR 0011); 16 chunks of 255 KiB are 4 MiB.
	 */
	private static final int READ_BATCH = 16;

	/**
	 * Writer threads: {@code ChunkWriter.IN_FLIGHT} per upload, so 32 uploads write beside their request threads at
	 * once; Tomcat's 200 threads are far more, and an upload that finds none free writes on its request thread.
	 */
	private static final int WRITERS = 32 * ChunkWriter.IN_FLIGHT;

	private static final Logger log = LoggerFactory.getLogger(DocumentContents.class);

	static final String FILES = BUCKET + ".files";

	static final String CHUNKS = BUCKET + ".chunks";

	/**
	 * The files document's {@code metadata} field holding the SHA-256 of every chunk, 32 bytes each in the order of
	 * the chunks (ADR 0026); absent in content stored before.
	 */
	static final String CHUNK_SHA256 = "chunkSha256";

	private final GridFSBucket bucket;

	private final MongoDatabase mongo;

	private final MongoCollection<BsonDocument> chunks;

	private final MongoCollection<Document> files;

	/** Threads that write uploads' chunks ({@link ChunkWriter}); an upload beyond them writes on its request thread. */
	private final ThreadPoolExecutor writers;

	DocumentContents(MongoDatabaseFactory mongo) {
		this.mongo = mongo.getMongoDatabase();
		this.bucket = GridFSBuckets.create(this.mongo, BUCKET);
		this.chunks = this.mongo.getCollection(CHUNKS, BsonDocument.class);
		this.files = this.mongo.getCollection(FILES);
		CustomizableThreadFactory threads = new CustomizableThreadFactory("gridfs-writer-");
		threads.setDaemon(true);
		this.writers = new ThreadPoolExecutor(0, WRITERS, 30, TimeUnit.SECONDS, new SynchronousQueue<>(), threads);
	}

	/** What was stored: its id, length, SHA-256 (hex) and the media type sniffed from its first bytes. */
	record Stored(ObjectId id, long size, String sha256, String mediaType) {
	}

	/**
	 * Sniffs the media type from the first bytes (refusing a contradicting name or claimed type before anything is
	 * stored), then streams the content into GridFS chunk by chunk, hashing each chunk while the one before it is
	 * written. If reading or writing fails (limit, client gone, MongoDB) the chunks written so far are deleted before
	 * the exception leaves.
	 */
	Stored store(InputStream content, String fileName, @Nullable String claimedType) throws IOException {
		byte[] prefix = content.readNBytes(MediaTypeSniffer.PREFIX);
		if (prefix.length == 0) {
			throw DocumentProblem.invalid("file: the file is empty.");
		}
		String mediaType = MediaTypeSniffer.sniff(prefix, fileName, claimedType);
		return write(new SequenceInputStream(new ByteArrayInputStream(prefix), content), fileName, mediaType);
	}

	/**
	 * Streams stored content into a new GridFS file (a copy to another workspace, ADR 0017), keeping the media type
	 * sniffed when it was uploaded. The SHA-256 of what was read comes back for the caller to compare with the
	 * recorded one; the bytes are never whole in memory.
	 */
	Stored copy(ObjectId source, String fileName, String mediaType) throws IOException {
		try (InputStream in = open(source)) {
			return write(in, fileName, mediaType);
		}
	}

	/**
	 * Writes the content to a new GridFS file chunk by chunk, hashing each chunk while the ones before it are written
	 * ({@link ChunkWriter}). If reading or writing fails (limit, client gone, MongoDB) the chunks written so far are
	 * deleted before the exception leaves.
	 */
	private Stored write(InputStream content, String fileName, String mediaType) throws IOException {
		MessageDigest sha256 = sha256();
		ObjectId id = new ObjectId();
		ChunkWriter writer = ChunkWriter.start(new GridFsFile(id, fileName, mediaType), CHUNK, this.writers);
		long size = 0;
		try {
			// whole chunks, hashed here and stored by the writers while the next one is read
			byte[] chunk = writer.buffer();
			int filled = 0;
			while (true) {
				filled += content.readNBytes(chunk, filled, CHUNK - filled);
				if (filled == 0) {
					break;
				}
				sha256.update(chunk, 0, filled);
				writer.write(chunk, filled);
				size += filled;
				if (filled < CHUNK) {
					break;
				}
				chunk = writer.buffer();
				filled = 0;
			}
			writer.finish();
		}
		catch (IOException | RuntimeException ex) {
			// the chunks written so far are deleted; housekeeping covers a crash before this line
			writer.abort();
			throw ex;
		}
		return new Stored(id, size, HexFormat.of().formatHex(sha256.digest()), mediaType);
	}

	/**
	 * The indexes the driver's bucket creates before its first upload, which uploads here no longer go through; at
	 * startup, as the audit chain's index is, before any write.
	 */
	@Override
	public void afterPropertiesSet() {
		this.files.createIndex(Indexes.ascending("filename", "uploadDate"));
		this.chunks.createIndex(Indexes.ascending("files_id", "n"), new IndexOptions().unique(true));
	}

	/** One upload's GridFS file: chunks as they come, the files document (as the driver writes it) at the end. */
	private final class GridFsFile implements ChunkWriter.ChunkStore {

		private final ObjectId id;

		private final String fileName;

		private final String mediaType;

		GridFsFile(ObjectId id, String fileName, String mediaType) {
			this.id = id;
			this.fileName = fileName;
			this.mediaType = mediaType;
		}

		@Override
		public void insert(int n, byte[] data) {
			DocumentContents.this.chunks.insertOne(new BsonDocument("_id", new BsonObjectId())
				.append("files_id", new BsonObjectId(this.id))
				.append("n", new BsonInt32(n))
				.append("data", new BsonBinary(data)));
		}

		@Override
		public void complete(long length, byte[] chunkSha256) {
			DocumentContents.this.files.insertOne(new Document("_id", this.id).append("filename", this.fileName)
				.append("length", length)
				.append("chunkSize", CHUNK)
				.append("uploadDate", new Date())
				.append("metadata", new Document("mediaType", this.mediaType).append(CHUNK_SHA256,
						new Binary(chunkSha256))));
		}

		@Override
		public void discard() {
			try {
				delete(this.id);
			}
			catch (RuntimeException ex) {
				log.warn("Chunks of the unfinished upload {} not deleted now, housekeeping will: {}", this.id,
						ex.toString());
			}
		}

	}

	@Override
	public void destroy() {
		this.writers.shutdownNow();
	}

	/** The content from its first byte; the caller closes it. */
	InputStream open(ObjectId id) {
		GridFSDownloadStream in = this.bucket.openDownloadStream(id);
		return in.batchSize(READ_BATCH);
	}

	/**
	 * Bytes {@code start} to {@code end} (inclusive) of a version's content, reading only the chunks that hold them
	 * and checking each against its recorded SHA-256 before any of its bytes are handed out (ADR 0026). The first
	 * of those chunks is read and checked here, so that content failing at once fails before anything is sent.
	 * Content stored before chunks were hashed is read whole once and checked against the version's {@code sha256};
	 * its chunks' hashes are recorded then, and every later read is checked per chunk.
	 *
	 * @throws CheckedContent.Corrupt if what is stored does not match what was recorded (here or from a read)
	 */
	CheckedContent openChecked(ObjectId id, long size, String sha256, long start, long end) throws IOException {
		Document file = this.files.find(new Document("_id", id)).first();
		if (file == null) {
			throw new CheckedContent.Corrupt("no GridFS files document");
		}
		long length = ((Number) file.get("length")).longValue();
		int chunkSize = ((Number) file.get("chunkSize")).intValue();
		if (length != size) {
			throw new CheckedContent.Corrupt("length " + length + " where " + size + " was recorded");
		}
		Binary recorded = file.get("metadata", new Document()).get(CHUNK_SHA256, Binary.class);
		byte[] hashes = (recorded != null) ? recorded.getData() : hashChunks(id, length, chunkSize, sha256);
		return CheckedContent.open(this.chunks, id, length, chunkSize, hashes, start, end, READ_BATCH);
	}

	/**
	 * Content stored before ADR 0026: reads it whole, hashing it and each chunk, and if it matches the recorded
	 * SHA-256, records the chunks' hashes (unless a concurrent read just did) and returns them.
	 */
	private byte[] hashChunks(ObjectId id, long length, int chunkSize, String sha256) throws IOException {
		MessageDigest whole = sha256();
		MessageDigest chunk = sha256();
		int count = (int) ((length + chunkSize - 1) / chunkSize);
		byte[] hashes = new byte[count * ChunkWriter.HASH];
		int n = 0;
		for (BsonDocument stored : this.chunks.find(new BsonDocument("files_id", new BsonObjectId(id)))
			.sort(new BsonDocument("n", new BsonInt32(1)))
			.batchSize(READ_BATCH)) {
			byte[] data = stored.getBinary("data").getData();
			whole.update(data);
			if (n < count) {
				chunk.update(data);
				System.arraycopy(chunk.digest(), 0, hashes, n * ChunkWriter.HASH, ChunkWriter.HASH);
			}
			n++;
		}
		String actual = HexFormat.of().formatHex(whole.digest());
		if (!actual.equals(sha256) || n != count) {
			throw new CheckedContent.Corrupt(actual + " (" + n + " chunks where " + count + " were expected)");
		}
		this.files.updateOne(new Document("_id", id).append("metadata." + CHUNK_SHA256, new Document("$exists", false)),
				new Document("$set", new Document("metadata." + CHUNK_SHA256, new Binary(hashes))));
		log.info("Content {} stored before chunks were hashed: checked whole, {} chunk hashes recorded", id, count);
		return hashes;
	}

	/**
	 * Deletes the content, also when its upload never finished (chunks without a files entry, which GridFS's own
	 * delete would leave behind).
	 */
	void delete(ObjectId id) {
		this.mongo.getCollection(FILES).deleteOne(new Document("_id", id));
		this.mongo.getCollection(CHUNKS).deleteMany(new Document("files_id", id));
	}

	static MessageDigest sha256() {
		try {
			return MessageDigest.getInstance("SHA-256");
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("Every JVM has SHA-256", ex);
		}
	}

}

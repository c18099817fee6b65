package io.parley.workspace.documents;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.SequenceInputStream;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

import com.mongodb.client.MongoDatabase;
import com.mongodb.client.gridfs.GridFSBucket;
import com.mongodb.client.gridfs.GridFSBuckets;
import com.mongodb.client.gridfs.GridFSDownloadStream;
import com.mongodb.client.gridfs.GridFSUploadStream;
import com.mongodb.client.gridfs.model.GridFSUploadOptions;
import org.bson.BsonObjectId;
import org.bson.Document;
import org.bson.types.ObjectId;
import org.jspecify.annotations.Nullable;

import org.springframework.data.mongodb.MongoDatabaseFactory;
import org.springframework.stereotype.Component;

/**
 * Version content in GridFS (bucket {@code contents}), streamed both ways through a fixed buffer: the bytes of a
 * version are never whole in memory. The GridFS file id is an {@link ObjectId}, whose timestamp tells housekeeping
 * how old a file without a finished version is.
 */
@Component
class DocumentContents {

	static final String BUCKET = "contents";

	private static final int BUFFER = 64 * 1024;

	private static final int CHUNK = 255 * 1024;

	/**
	 * The embedded Mongo-wire server answers a GridFS read in batches that exceed its 48 MB reply limit for large
	 * files unless the batch is small (STYLE.md); 16 chunks of 255 KiB are 4 MiB.
	 */
	private static final int READ_BATCH = 16;

	static final String FILES = BUCKET + ".files";

	static final String CHUNKS = BUCKET + ".chunks";

	private final GridFSBucket bucket;

	private final MongoDatabase mongo;

	DocumentContents(MongoDatabaseFactory mongo) {
		this.mongo = mongo.getMongoDatabase();
		this.bucket = GridFSBuckets.create(this.mongo, BUCKET);
	}

	/** What was stored: its id, length, SHA-256 (hex) and the media type sniffed from its first bytes. */
	record Stored(ObjectId id, long size, String sha256, String mediaType) {
	}

	/**
	 * Sniffs the media type from the first bytes (refusing a contradicting name or claimed type before anything is
	 * stored), then streams the content into GridFS. If reading fails (limit, client gone) the chunks written so far
	 * are deleted before the exception leaves.
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
	 * Writes the content to a new GridFS file through a fixed buffer, hashing it on the way. If reading fails
	 * (limit, client gone) the chunks written so far are deleted before the exception leaves.
	 */
	private Stored write(InputStream content, String fileName, String mediaType) throws IOException {
		MessageDigest sha256 = sha256();
		ObjectId id = new ObjectId();
		GridFSUploadStream out = this.bucket.openUploadStream(new BsonObjectId(id), fileName,
				new GridFSUploadOptions().chunkSizeBytes(CHUNK).metadata(new Document("mediaType", mediaType)));
		long size = 0;
		try {
			byte[] buffer = new byte[BUFFER];
			for (int read = content.read(buffer); read != -1; read = content.read(buffer)) {
				sha256.update(buffer, 0, read);
				out.write(buffer, 0, read);
				size += read;
			}
			out.close();
		}
		catch (IOException | RuntimeException ex) {
			// GridFS's abort deletes the chunks this stream wrote; housekeeping covers a crash before this line
			out.abort();
			throw ex;
		}
		return new Stored(id, size, HexFormat.of().formatHex(sha256.digest()), mediaType);
	}

	/** The content from its first byte; the caller closes it. */
	InputStream open(ObjectId id) {
		GridFSDownloadStream in = this.bucket.openDownloadStream(id);
		return in.batchSize(READ_BATCH);
	}

	/** Reads the whole content again through a fixed buffer and hashes it. */
	String sha256Of(ObjectId id) throws IOException {
		try (InputStream in = new DigestInputStream(open(id), sha256())) {
			in.transferTo(OutputStream.nullOutputStream());
			return HexFormat.of().formatHex(((DigestInputStream) in).getMessageDigest().digest());
		}
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

package io.parley.workspace.documents;

import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoCursor;
import org.bson.BsonBinary;
import org.bson.BsonDocument;
import org.bson.BsonInt32;
import org.bson.BsonObjectId;
import org.bson.BsonValue;
import org.bson.types.ObjectId;

/**
 * A byte range of stored content read from exactly the GridFS chunks that hold it, each chunk checked against its
 * recorded SHA-256 before any of its bytes are handed out (ADR 0026). A chunk that is missing, of the wrong length
 * or hashing to something else ends the read with {@link Corrupt}; the bytes handed out before it were all in
 * chunks that matched. The first chunk is read when the range is opened ({@link DocumentContents#openChecked}).
 */
final class CheckedContent extends InputStream {

	/** Stored content that does not match what was recorded for it. */
	static final class Corrupt extends IOException {

		private final String found;

		Corrupt(String found) {
			super("Stored content does not match what was recorded for it: " + found);
			this.found = found;
		}

		/** What was found instead of what was recorded, for the log. */
		String found() {
			return this.found;
		}

	}

	private final MongoCursor<BsonDocument> cursor;

	private final long length;

	private final int chunkSize;

	private final byte[] hashes;

	private final long start;

	private final long end;

	private final int last;

	private final MessageDigest digest = DocumentContents.sha256();

	private int next;

	private byte[] data = new byte[0];

	private int position;

	private int limit;

	private CheckedContent(MongoCursor<BsonDocument> cursor, long length, int chunkSize, byte[] hashes, long start,
			long end) {
		this.cursor = cursor;
		this.length = length;
		this.chunkSize = chunkSize;
		this.hashes = hashes;
		this.start = start;
		this.end = end;
		this.next = (int) (start / chunkSize);
		this.last = (int) (end / chunkSize);
	}

	/**
	 * Bytes {@code start} to {@code end} (inclusive, within {@code length}) of GridFS file {@code id}, whose chunk
	 * {@code n} must hash to bytes {@code 32 n} to {@code 32 n + 31} of {@code hashes}; the first chunk is read and
	 * checked before this returns.
	 */
	static CheckedContent open(MongoCollection<BsonDocument> chunks, ObjectId id, long length, int chunkSize,
			byte[] hashes, long start, long end, int batchSize) throws IOException {
		long count = (length + chunkSize - 1) / chunkSize;
		if (hashes.length != count * ChunkWriter.HASH) {
			throw new Corrupt(hashes.length / ChunkWriter.HASH + " chunk hashes recorded for " + count + " chunks");
		}
		BsonDocument chunksOfTheRange = new BsonDocument("files_id", new BsonObjectId(id)).append("n",
				new BsonDocument("$gte", new BsonInt32((int) (start / chunkSize))).append("$lte",
						new BsonInt32((int) (end / chunkSize))));
		MongoCursor<BsonDocument> cursor = chunks.find(chunksOfTheRange)
			.sort(new BsonDocument("n", new BsonInt32(1)))
			.batchSize(batchSize)
			.iterator();
		CheckedContent content = new CheckedContent(cursor, length, chunkSize, hashes, start, end);
		try {
			content.advance();
		}
		catch (IOException | RuntimeException ex) {
			cursor.close();
			throw ex;
		}
		return content;
	}

	@Override
	public int read() throws IOException {
		byte[] one = new byte[1];
		return (read(one, 0, 1) == -1) ? -1 : (one[0] & 0xff);
	}

	@Override
	public int read(byte[] buffer, int offset, int length) throws IOException {
		Objects.checkFromIndexSize(offset, length, buffer.length);
		if (length == 0) {
			return 0;
		}
		if (this.position == this.limit) {
			if (this.next > this.last) {
				return -1;
			}
			advance();
		}
		int read = Math.min(length, this.limit - this.position);
		System.arraycopy(this.data, this.position, buffer, offset, read);
		this.position += read;
		return read;
	}

	@Override
	public void close() {
		this.cursor.close();
	}

	/** Reads the next chunk and checks it; only then are its bytes of the range handed out. */
	private void advance() throws IOException {
		int n = this.next;
		if (!this.cursor.hasNext()) {
			throw new Corrupt("chunk " + n + " missing");
		}
		BsonDocument chunk = this.cursor.next();
		BsonValue number = chunk.get("n");
		if (number == null || !number.isNumber() || number.asNumber().intValue() != n) {
			throw new Corrupt("chunk " + n + " missing, found " + number + " instead");
		}
		BsonValue content = chunk.get("data");
		byte[] data = (content instanceof BsonBinary binary) ? binary.getData() : new byte[0];
		long offset = (long) n * this.chunkSize;
		int expected = (int) Math.min(this.chunkSize, this.length - offset);
		byte[] recorded = Arrays.copyOfRange(this.hashes, n * ChunkWriter.HASH, (n + 1) * ChunkWriter.HASH);
		byte[] actual = this.digest.digest(data);
		if (data.length != expected || !MessageDigest.isEqual(actual, recorded)) {
			throw new Corrupt("a different chunk " + n + " (" + data.length + " bytes hashing to "
					+ HexFormat.of().formatHex(actual) + ", recorded for it " + expected + " bytes hashing to "
					+ HexFormat.of().formatHex(recorded) + ")");
		}
		this.data = data;
		this.position = (int) Math.max(0, this.start - offset);
		this.limit = (int) (Math.min(offset + expected - 1, this.end) - offset + 1);
		this.next = n + 1;
	}

}

package io.parley.platform.backup;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

import com.mongodb.ClientSessionOptions;
import com.mongodb.connection.ClusterType;
import com.mongodb.client.ClientSession;
import com.mongodb.client.FindIterable;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import org.bson.BsonBinaryWriter;
import org.bson.Document;
import org.bson.RawBsonDocument;
import org.bson.codecs.DocumentCodec;
import org.bson.codecs.EncoderContext;
import org.bson.io.BasicOutputBuffer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A whole MongoDB database as one file, written and read through the Java driver only, so it works against the
 * embedded MongoDB-wire server of tests and devstack (where {@code mongodump} cannot run: there is no
 * {@code mongod}) and against a real MongoDB 8 alike. Production backs up with {@code mongodump --oplog} or a
 * volume snapshot instead (docs/backup-restore.md, ADR 0037); this archive is for the restore drill, devstack and
 * small installations.
 * <p>
 * <b>Format</b> (gzip): a sequence of records, each one tag byte followed by one BSON document exactly as the server
 * sent it (type-exact: binaries, ObjectIds, dates, 32/64-bit numbers and decimals come back as they were).
 * {@code H} header {@code {format, version, database, createdAt, snapshot}}; per collection {@code C}
 * {@code {collection, indexes}}, its documents as {@code D} records, then {@code E} {@code {collection, documents}};
 * finally {@code Z} {@code {collections, documents}}. A restore checks every count and refuses an archive cut
 * short, so a lost tail (GridFS chunks are written last) cannot pass as a smaller database.
 * <p>
 * <b>One point in time.</b> On a replica set every collection is read in one snapshot session (MongoDB 5.0+ snapshot
 * reads, within the server's {@code minSnapshotHistoryWindowInSeconds}, 300 s by default). A standalone server (the
 * embedded one) has no snapshots; there the collections are read one after another in {@link #PARLEY_ORDER}, chosen
 * so that what a write creates first is read last: an aggregate before the audit chain its pending entries go to,
 * a version's document before the GridFS files document, the files document before its chunks. Whatever the
 * archive names then exists in it, even while the service keeps writing.
 * <p>
 * Not archived: {@link #NOT_ARCHIVED}. The outbox relays' leases name instances that will not exist after a restore;
 * a lease restored within its 30 s would hold the new relays off until it runs out, and one restored later is
 * merely stale.
 */
public final class MongoArchive {

	/** Collections read last, in this order, after all others in name order (see the class comment). */
	public static final List<String> PARLEY_ORDER = List.of("audit", "contents.files", "contents.chunks");

	/** Runtime coordination, not data: never archived (ADR 0019's relay leases). */
	public static final Set<String> NOT_ARCHIVED = Set.of("parley_outbox_leases");

	static final String FORMAT = "parley-mongo-archive";

	static final int VERSION = 1;

	private static final byte HEADER = 'H';

	private static final byte COLLECTION = 'C';

	private static final byte DATA = 'D';

	private static final byte COLLECTION_END = 'E';

	private static final byte END = 'Z';

	/**
	 * Documents per cursor batch: GridFS chunks are 255 KiB, and the embedded server refuses replies beyond 48 MB
	 * (ADR 0011); 16 chunks are 4 MiB.
	 */
	private static final int READ_BATCH = 16;

	/** Bytes per insert batch on restore, well under the 48 MB message limit. */
	private static final int WRITE_BATCH_BYTES = 8 * 1024 * 1024;

	private static final int WRITE_BATCH_DOCUMENTS = 500;

	private static final Logger log = LoggerFactory.getLogger(MongoArchive.class);

	private MongoArchive() {
	}

	/** What an export wrote or a restore read. */
	public record Summary(String database, int collections, long documents, boolean snapshot) {
	}

	/**
	 * Writes every collection of {@code database} but {@link #NOT_ARCHIVED} to {@code out} (gzip), in
	 * {@link #PARLEY_ORDER}; closes nothing.
	 */
	public static Summary export(MongoClient client, String database, OutputStream out) throws IOException {
		MongoDatabase db = client.getDatabase(database);
		List<String> names = new ArrayList<>();
		for (String name : db.listCollectionNames()) {
			if (!name.startsWith("system.") && !NOT_ARCHIVED.contains(name)) {
				names.add(name);
			}
		}
		names.sort(Comparator.comparingInt(MongoArchive::rank).thenComparing(Comparator.naturalOrder()));
		boolean replicaSet = isReplicaSet(client);
		GZIPOutputStream gzip = new GZIPOutputStream(new UnclosableOutputStream(out), 64 * 1024);
		BufferedOutputStream buffered = new BufferedOutputStream(gzip, 64 * 1024);
		long total = 0;
		try (ClientSession session = replicaSet
				? client.startSession(ClientSessionOptions.builder().snapshot(true).build()) : null) {
			write(buffered, HEADER, new Document("format", FORMAT).append("version", VERSION)
				.append("database", database)
				.append("createdAt", java.util.Date.from(Instant.now()))
				.append("snapshot", replicaSet));
			for (String name : names) {
				MongoCollection<RawBsonDocument> collection = db.getCollection(name, RawBsonDocument.class);
				List<Document> indexes = new ArrayList<>();
				for (Document index : db.getCollection(name).listIndexes()) {
					if (!"_id_".equals(index.getString("name"))) {
						index.remove("ns");
						index.remove("v");
						indexes.add(index);
					}
				}
				write(buffered, COLLECTION, new Document("collection", name).append("indexes", indexes));
				FindIterable<RawBsonDocument> documents = (session != null) ? collection.find(session)
						: collection.find();
				long count = 0;
				for (RawBsonDocument document : documents.sort(new Document("_id", 1)).batchSize(READ_BATCH)) {
					writeRaw(buffered, DATA, document);
					count++;
				}
				write(buffered, COLLECTION_END, new Document("collection", name).append("documents", count));
				log.info("Archive of {}: collection {} with {} documents and {} indexes", database, name, count,
						indexes.size());
				total += count;
			}
			write(buffered, END, new Document("collections", names.size()).append("documents", total));
		}
		buffered.close(); // the gzip trailer; the caller's stream stays open
		out.flush();
		log.info("Archive of {} written: {} collections, {} documents, {}", database, names.size(), total,
				replicaSet ? "one snapshot" : "collection by collection (no snapshot on a standalone server)");
		return new Summary(database, names.size(), total, replicaSet);
	}

	/**
	 * Restores an archive into {@code database}, which must hold no documents yet (a fresh server, or one whose
	 * database was dropped): indexes first, then the documents as they were. Refuses an archive that is not one,
	 * is of another version or is cut short, with what it found; what was written before the refusal stays, so drop
	 * the database before trying again.
	 */
	public static Summary restore(InputStream in, MongoClient client, String database) throws IOException {
		MongoDatabase db = client.getDatabase(database);
		for (String name : db.listCollectionNames()) {
			long present = db.getCollection(name).countDocuments();
			if (present > 0 && !name.startsWith("system.")) {
				throw new IllegalStateException("Database " + database + " already holds " + present
						+ " documents in " + name + "; restore into a fresh database (drop it first)");
			}
		}
		try (DataInputStream data = new DataInputStream(
				new BufferedInputStream(new GZIPInputStream(in, 64 * 1024), 64 * 1024))) {
			return restore(data, db, database);
		}
	}

	private static Summary restore(DataInputStream data, MongoDatabase db, String database) throws IOException {
		Document header = expect(data, HEADER, "the archive header");
		if (!FORMAT.equals(header.getString("format")) || !Integer.valueOf(VERSION).equals(header.getInteger("version"))) {
			throw new IOException("Not a " + FORMAT + " version " + VERSION + ": " + header.toJson());
		}
		int collections = 0;
		long total = 0;
		while (true) {
			Record record = read(data, "a collection or the end of the archive");
			if (record.tag() == END) {
				Document end = record.document();
				if (number(end, "collections") != collections || number(end, "documents") != total) {
					throw new IOException("Archive end says " + end.toJson() + " but it held " + collections
							+ " collections and " + total + " documents");
				}
				break;
			}
			if (record.tag() != COLLECTION) {
				throw new IOException("Expected a collection, found record '" + (char) record.tag() + "'");
			}
			String name = record.document().getString("collection");
			long count = restoreCollection(data, db, name, record.document().getList("indexes", Document.class));
			collections++;
			total += count;
		}
		log.info("Archive of {} (written {}) restored into {}: {} collections, {} documents",
				header.getString("database"), header.getDate("createdAt").toInstant(), database, collections, total);
		return new Summary(database, collections, total, header.getBoolean("snapshot", false));
	}

	private static long restoreCollection(DataInputStream data, MongoDatabase db, String name, List<Document> indexes)
			throws IOException {
		db.getCollection(name); // created by the first insert or index
		if (!indexes.isEmpty()) {
			db.runCommand(new Document("createIndexes", name).append("indexes", indexes));
		}
		else if (!db.listCollectionNames().into(new ArrayList<>()).contains(name)) {
			db.createCollection(name);
		}
		MongoCollection<RawBsonDocument> collection = db.getCollection(name, RawBsonDocument.class);
		List<RawBsonDocument> batch = new ArrayList<>();
		long bytes = 0;
		long count = 0;
		while (true) {
			Record record = read(data, "a document of " + name + " or its end");
			if (record.tag() == COLLECTION_END) {
				flush(collection, batch);
				long expected = number(record.document(), "documents");
				if (expected != count || !name.equals(record.document().getString("collection"))) {
					throw new IOException("Collection " + name + " ends with " + record.document().toJson() + " after "
							+ count + " documents");
				}
				log.info("Restored collection {}: {} documents, {} indexes", name, count, indexes.size());
				return count;
			}
			if (record.tag() != DATA) {
				throw new IOException("Expected a document of " + name + ", found record '" + (char) record.tag() + "'");
			}
			batch.add(record.raw());
			bytes += record.raw().getByteBuffer().remaining();
			count++;
			if (batch.size() >= WRITE_BATCH_DOCUMENTS || bytes >= WRITE_BATCH_BYTES) {
				flush(collection, batch);
				bytes = 0;
			}
		}
	}

	private static void flush(MongoCollection<RawBsonDocument> collection, List<RawBsonDocument> batch) {
		if (!batch.isEmpty()) {
			collection.insertMany(batch);
			batch.clear();
		}
	}

	private static long number(Document document, String field) {
		Object value = document.get(field);
		return (value instanceof Number number) ? number.longValue() : -1;
	}

	private static int rank(String collection) {
		int at = PARLEY_ORDER.indexOf(collection);
		return (at < 0) ? -1 : at;
	}

	private static boolean isReplicaSet(MongoClient client) {
		// known once the database was listed (the driver connected for that); the embedded server is standalone
		return client.getClusterDescription().getType() == ClusterType.REPLICA_SET;
	}

	private static void write(OutputStream out, byte tag, Document document) throws IOException {
		BasicOutputBuffer buffer = new BasicOutputBuffer();
		new DocumentCodec().encode(new BsonBinaryWriter(buffer), document, EncoderContext.builder().build());
		out.write(tag);
		buffer.pipe(out);
	}

	private static void writeRaw(OutputStream out, byte tag, RawBsonDocument document) throws IOException {
		ByteBuffer bytes = document.getByteBuffer().asNIO();
		out.write(tag);
		if (bytes.hasArray()) {
			out.write(bytes.array(), bytes.arrayOffset() + bytes.position(), bytes.remaining());
		}
		else {
			byte[] copy = new byte[bytes.remaining()];
			bytes.get(copy);
			out.write(copy);
		}
	}

	private static Document expect(DataInputStream in, byte tag, String what) throws IOException {
		Record record = read(in, what);
		if (record.tag() != tag) {
			throw new IOException("Expected " + what + ", found record '" + (char) record.tag() + "'");
		}
		return record.document();
	}

	private static Record read(DataInputStream in, String what) throws IOException {
		int tag = in.read();
		if (tag < 0) {
			throw new EOFException("The archive ends where " + what + " was expected: it is cut short");
		}
		byte[] prefix = new byte[4];
		in.readFully(prefix);
		int length = ByteBuffer.wrap(prefix).order(ByteOrder.LITTLE_ENDIAN).getInt();
		if (length < 5 || length > 48 * 1024 * 1024) {
			throw new IOException("Damaged archive: a BSON document of " + length + " bytes");
		}
		byte[] bytes = new byte[length];
		System.arraycopy(prefix, 0, bytes, 0, 4);
		try {
			in.readFully(bytes, 4, length - 4);
		}
		catch (EOFException ex) {
			throw new EOFException("The archive ends inside " + what + ": it is cut short");
		}
		return new Record((byte) tag, new RawBsonDocument(bytes));
	}

	private record Record(byte tag, RawBsonDocument raw) {

		Document document() {
			return this.raw.decode(new DocumentCodec());
		}

	}

	/** Lets the caller keep its stream open after the gzip trailer is written. */
	private static final class UnclosableOutputStream extends java.io.FilterOutputStream {

		UnclosableOutputStream(OutputStream out) {
			super(out);
		}

		@Override
		public void write(byte[] b, int off, int len) throws IOException {
			this.out.write(b, off, len);
		}

		@Override
		public void close() throws IOException {
			flush();
		}

	}

	/**
	 * {@code export <mongodb-uri> <database> <file>} or {@code restore <file> <mongodb-uri> <database>}, for an
	 * operator (devstack, small installations): run with any Parley service jar on the class path, e.g.
	 * {@code java -cp workspace/target/workspace.jar -Dloader.main=io.parley.platform.backup.MongoArchive
	 * org.springframework.boot.loader.launch.PropertiesLauncher export mongodb://127.0.0.1:27017 workspace
	 * workspace.archive}.
	 */
	public static void main(String[] args) throws IOException {
		if (args.length == 4 && "export".equals(args[0])) {
			try (MongoClient client = MongoClients.create(args[1]);
					OutputStream out = Files.newOutputStream(Path.of(args[3]))) {
				System.out.println(export(client, args[2], out));
			}
		}
		else if (args.length == 4 && "restore".equals(args[0])) {
			try (MongoClient client = MongoClients.create(args[2]);
					InputStream in = Files.newInputStream(Path.of(args[1]))) {
				System.out.println(restore(in, client, args[3]));
			}
		}
		else {
			System.err.println("usage: export <mongodb-uri> <database> <file> | restore <file> <mongodb-uri> <database>");
			System.exit(2);
		}
	}

}

package io.parley.workspace.documents;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import com.mongodb.event.CommandListener;
import com.mongodb.event.CommandSucceededEvent;
import io.parley.platform.test.FakeKeycloak;
import io.parley.workspace.audit.AuditEntry;
import org.bson.BsonArray;
import org.bson.BsonDocument;
import org.bson.BsonNull;
import org.bson.BsonObjectId;
import org.bson.BsonString;
import org.bson.BsonValue;
import org.bson.Document;
import org.bson.types.Binary;
import org.bson.types.ObjectId;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.mongodb.autoconfigure.MongoClientSettingsBuilderCustomizer;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.http.HttpHeaders;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.servlet.MvcResult;

import static io.parley.workspace.documents.DocumentApiTests.random;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.springframework.data.mongodb.core.query.Criteria.where;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * Downloads read only the GridFS chunks holding the bytes asked for, and check each against the SHA-256 recorded
 * for it when it was written (ADR 0026). Chunk reads are counted as MongoDB answers them (a command listener on
 * the service's client counting the chunk documents of one file in every {@code find} and {@code getMore} reply),
 * not timed. A real server (random port) shows what a client sees when a chunk fails after the first bytes left.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@TestPropertySource(properties = { "parley.workspace.documents.max-file-size=8MB",
		"parley.workspace.documents.max-request-size=9MB" })
@Import(ChunkIntegrityTests.ChunkReads.class)
@ExtendWith(OutputCaptureExtension.class)
class ChunkIntegrityTests extends DocumentApiTest {

	private static final int CHUNK = 255 * 1024;

	/** 6 MiB and a bit: 25 chunks, the last one short. */
	private static final byte[] LARGE = random(6 * 1024 * 1024 + 1000);

	private static final int CHUNKS = (LARGE.length + CHUNK - 1) / CHUNK;

	/**
	 * 6 MB of JSON, served as {@code application/json}: a body a JSON error page could be written into if anything
	 * tried to after a failure.
	 */
	private static final byte[] JSON_TEXT = ("{\"notes\":\"" + "rollout ".repeat(750_000) + "\"}")
		.getBytes(StandardCharsets.US_ASCII);

	/** The files document's metadata field with the chunks' hashes ({@code DocumentContents.CHUNK_SHA256}). */
	private static final String CHUNK_SHA256 = "chunkSha256";

	private static final HttpClient HTTP = HttpClient.newHttpClient();

	@LocalServerPort
	private int port;

	private UUID workspace;

	@BeforeEach
	void team() throws Exception {
		this.workspace = workspace("TLP:RED", Map.of("partner-engineer", "CONTRIBUTOR", "gov-liaison", "READER"));
	}

	@Test
	void givenLargeVersion_whenAskingForItsFirstByte_thenOnlyTheFirstChunkIsRead() throws Exception {
		UUID id = document("partner-engineer", this.workspace, "TLP:GREEN", "large.bin", LARGE);
		ObjectId content = contentId(id);

		ChunkReads.reset(content);
		this.mvc.perform(as("gov-liaison", get(path(id)).header(HttpHeaders.RANGE, "bytes=0-0")))
			.andExpect(status().isPartialContent())
			.andExpect(content().bytes(new byte[] { LARGE[0] }));
		assertThat(ChunkReads.of(content)).isEqualTo(1);

		// a range across one chunk boundary, in the middle: the two chunks holding it
		ChunkReads.reset(content);
		long from = 10L * CHUNK - 50;
		this.mvc.perform(as("gov-liaison", get(path(id)).header(HttpHeaders.RANGE, "bytes=" + from + "-" + (from + 99))))
			.andExpect(status().isPartialContent())
			.andExpect(content().bytes(Arrays.copyOfRange(LARGE, (int) from, (int) from + 100)));
		assertThat(ChunkReads.of(content)).isEqualTo(2);

		// the whole of it: every chunk once
		ChunkReads.reset(content);
		this.mvc.perform(as("gov-liaison", get(path(id)))).andExpect(status().isOk()).andExpect(content().bytes(LARGE));
		assertThat(ChunkReads.of(content)).isEqualTo(CHUNKS);
	}

	@Test
	void givenCorruptedChunkInsideTheRange_whenDownloadingTheRange_thenIntegrityProblemAuditedAndNoneOfItsBytes(
			CapturedOutput output) throws Exception {
		UUID id = document("partner-engineer", this.workspace, "TLP:GREEN", "large.bin", LARGE);
		byte[] corrupted = corrupt(contentId(id), 7);

		MvcResult result = this.mvc
			.perform(as("gov-liaison",
					get(path(id)).header(HttpHeaders.RANGE, "bytes=" + (7L * CHUNK + 100) + "-" + (7L * CHUNK + 199))))
			.andExpect(status().isInternalServerError())
			.andExpect(content().contentTypeCompatibleWith("application/problem+json"))
			.andExpect(jsonPath("$.type").value("urn:parley:problem:integrity-failure"))
			.andReturn();

		assertThat(indexOf(result.getResponse().getContentAsByteArray(), Arrays.copyOfRange(corrupted, 100, 116)))
			.isEqualTo(-1);
		assertIntegrityFailureAudited(id);
		assertThat(errorLines(output)).singleElement()
			.satisfies((line) -> assertThat(line).contains("document " + id + " version 1").contains("chunk 7"));
	}

	@Test
	void givenCorruptedSecondChunkOfARange_whenNothingWasSentYet_thenIntegrityProblemWithoutTheFirstChunksBytes()
			throws Exception {
		UUID id = document("partner-engineer", this.workspace, "TLP:GREEN", "large.bin", LARGE);
		corrupt(contentId(id), 1);

		// 10 bytes of chunk 0 (they matched) stay in the response buffer when chunk 1 fails
		this.mvc
			.perform(as("gov-liaison",
					get(path(id)).header(HttpHeaders.RANGE, "bytes=" + (CHUNK - 10) + "-" + (CHUNK + 9))))
			.andExpect(status().isInternalServerError())
			.andExpect(jsonPath("$.type").value("urn:parley:problem:integrity-failure"));
		assertIntegrityFailureAudited(id);
	}

	/**
	 * Acceptable because the bytes sent are exactly the bytes uploaded: each chunk sent hashed to its recorded hash,
	 * which was taken from what the uploader sent. A damaged chunk elsewhere fails every download that reaches it.
	 */
	@Test
	void givenCorruptedChunkOutsideTheRange_whenDownloadingARangeAvoidingIt_thenServedExactly() throws Exception {
		UUID id = document("partner-engineer", this.workspace, "TLP:GREEN", "large.bin", LARGE);
		corrupt(contentId(id), 20);

		this.mvc.perform(as("gov-liaison", get(path(id)).header(HttpHeaders.RANGE, "bytes=1000-1999")))
			.andExpect(status().isPartialContent())
			.andExpect(content().bytes(Arrays.copyOfRange(LARGE, 1000, 2000)));
		this.mvc.perform(as("gov-liaison", get(path(id)).header(HttpHeaders.RANGE, "bytes=-10")))
			.andExpect(status().isPartialContent())
			.andExpect(content().bytes(Arrays.copyOfRange(LARGE, LARGE.length - 10, LARGE.length)));
		assertThat(audit(this.workspace)).extracting(AuditEntry::action).doesNotContain("document.integrity-failure");
	}

	/**
	 * A whole download checks every chunk: here the status and chunks 0–11 are on their way when chunk 12 fails, so
	 * the server closes the connection short of the {@code Content-Length} it announced, and the client's read
	 * fails. Chunk 12's bytes are never sent, nor anything else in their place.
	 */
	@Test
	void givenCorruptedChunkInTheMiddle_whenDownloadingWhole_thenTheConnectionClosesBeforeItsBytesAndItIsAudited(
			CapturedOutput output) throws Exception {
		UUID id = document("partner-engineer", this.workspace, "TLP:GREEN", "large.json", JSON_TEXT);
		corrupt(contentId(id), JSON_TEXT, 12);

		HttpResponse<InputStream> response = HTTP.send(
				HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + path(id)))
					.header(HttpHeaders.AUTHORIZATION, "Bearer " + FakeKeycloak.get().token("gov-liaison"))
					.build(),
				HttpResponse.BodyHandlers.ofInputStream());
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.headers().firstValue(HttpHeaders.CONTENT_TYPE)).hasValue("application/json");
		assertThat(response.headers().firstValueAsLong(HttpHeaders.CONTENT_LENGTH)).hasValue(JSON_TEXT.length);
		byte[] received = new byte[JSON_TEXT.length];
		AtomicInteger count = new AtomicInteger();
		try (InputStream body = response.body()) {
			assertThatThrownBy(() -> {
				int read;
				while ((read = body.read(received, count.get(), received.length - count.get())) > 0) {
					count.addAndGet(read);
				}
			}).isInstanceOf(IOException.class);
		}

		assertThat(count.get()).isLessThanOrEqualTo(12 * CHUNK);
		// nothing but content: no problem or error page written into the body after the status was sent
		assertThat(Arrays.copyOf(received, count.get())).isEqualTo(Arrays.copyOf(JSON_TEXT, count.get()));
		assertIntegrityFailureAudited(id);
		assertThat(errorLines(output)).singleElement()
			.satisfies((line) -> assertThat(line).contains("document " + id + " version 1").contains("chunk 12"));
	}

	@Test
	void givenVersionStoredBeforeChunkHashes_whenDownloaded_thenCheckedWholeOnce_thenChunkByChunk() throws Exception {
		UUID id = document("partner-engineer", this.workspace, "TLP:GREEN", "large.bin", LARGE);
		ObjectId content = contentId(id);
		byte[] recorded = chunkSha256(content);
		assertThat(recorded).isEqualTo(chunkHashes(LARGE));
		// as a version stored before ADR 0026 is: no chunk hashes in its files document
		this.mongo.updateFirst(new Query(where("_id").is(content)),
				new Update().unset("metadata." + CHUNK_SHA256), DocumentContents.FILES);

		ChunkReads.reset(content);
		this.mvc.perform(as("gov-liaison", get(path(id)).header(HttpHeaders.RANGE, "bytes=0-0")))
			.andExpect(status().isPartialContent())
			.andExpect(content().bytes(new byte[] { LARGE[0] }));
		// all of it checked against the version's SHA-256, then the range read as for any version
		assertThat(ChunkReads.of(content)).isEqualTo(CHUNKS + 1);
		assertThat(chunkSha256(content)).isEqualTo(recorded);

		ChunkReads.reset(content);
		this.mvc.perform(as("gov-liaison", get(path(id)).header(HttpHeaders.RANGE, "bytes=0-0")))
			.andExpect(status().isPartialContent());
		assertThat(ChunkReads.of(content)).isEqualTo(1);
		this.mvc.perform(as("gov-liaison", get(path(id)))).andExpect(status().isOk()).andExpect(content().bytes(LARGE));
	}

	@Test
	void givenTamperedVersionStoredBeforeChunkHashes_whenDownloadingAnyRange_thenIntegrityProblemAndNoHashesRecorded()
			throws Exception {
		UUID id = document("partner-engineer", this.workspace, "TLP:GREEN", "large.bin", LARGE);
		ObjectId content = contentId(id);
		this.mongo.updateFirst(new Query(where("_id").is(content)),
				new Update().unset("metadata." + CHUNK_SHA256), DocumentContents.FILES);
		corrupt(content, 20);

		this.mvc.perform(as("gov-liaison", get(path(id)).header(HttpHeaders.RANGE, "bytes=0-0")))
			.andExpect(status().isInternalServerError())
			.andExpect(jsonPath("$.type").value("urn:parley:problem:integrity-failure"));
		assertIntegrityFailureAudited(id);
		assertThat(filesDocument(content).get("metadata", Document.class)).doesNotContainKey(
				CHUNK_SHA256);
	}

	@Test
	void givenLargeVersion_whenCopied_thenTheCopyRecordsItsChunkHashesAndReadsOneChunkForOneByte() throws Exception {
		UUID target = workspace("TLP:RED", Map.of("partner-engineer", "CONTRIBUTOR", "gov-liaison", "READER"));
		UUID id = document("partner-engineer", this.workspace, "TLP:GREEN", "large.bin", LARGE);
		String body = this.mvc
			.perform(as("partner-engineer",
					json(post("/api/workspaces/" + this.workspace + "/documents/" + id + "/copies"),
							Map.of("targetWorkspaceId", target))))
			.andExpect(status().isCreated())
			.andReturn()
			.getResponse()
			.getContentAsString();
		UUID copy = UUID.fromString(JSON.readTree(body).get("id").asString());
		ObjectId content = contentId(copy);

		assertThat(chunkSha256(content)).isEqualTo(chunkHashes(LARGE));
		ChunkReads.reset(content);
		this.mvc
			.perform(as("gov-liaison", get("/api/workspaces/" + target + "/documents/" + copy + "/versions/1/content")
				.header(HttpHeaders.RANGE, "bytes=0-0")))
			.andExpect(status().isPartialContent())
			.andExpect(content().bytes(new byte[] { LARGE[0] }));
		assertThat(ChunkReads.of(content)).isEqualTo(1);
	}

	private String path(UUID id) {
		return "/api/workspaces/" + this.workspace + "/documents/" + id + "/versions/1/content";
	}

	private ObjectId contentId(UUID document) {
		Document stored = this.mongo.findById(document, Document.class, "documents");
		return stored.getList("versions", Document.class).get(0).getObjectId("contentId");
	}

	private Document filesDocument(ObjectId content) {
		return this.mongo.findOne(new Query(where("_id").is(content)), Document.class, DocumentContents.FILES);
	}

	private byte[] chunkSha256(ObjectId content) {
		return filesDocument(content).get("metadata", Document.class)
			.get(CHUNK_SHA256, Binary.class)
			.getData();
	}

	/** Flips every byte of stored chunk {@code n} (same length, other content) and returns what it holds now. */
	private byte[] corrupt(ObjectId content, int n) {
		return corrupt(content, LARGE, n);
	}

	private byte[] corrupt(ObjectId content, byte[] original, int n) {
		byte[] data = Arrays.copyOfRange(original, n * CHUNK, Math.min(original.length, (n + 1) * CHUNK));
		for (int i = 0; i < data.length; i++) {
			data[i] = (byte) ~data[i];
		}
		assertThat(this.mongo
			.updateFirst(new Query(where("files_id").is(content).and("n").is(n)), new Update().set("data", new Binary(data)),
					DocumentContents.CHUNKS)
			.getModifiedCount()).isEqualTo(1);
		return data;
	}

	private void assertIntegrityFailureAudited(UUID id) {
		List<AuditEntry> failures = audit(this.workspace).stream()
			.filter((entry) -> entry.action().equals("document.integrity-failure"))
			.toList();
		assertThat(failures).hasSize(1);
		assertThat(failures.get(0).subject()).isEqualTo(id.toString());
		assertThat(failures.get(0).details()).containsEntry("version", "1");
	}

	/** The log lines of integrity failures (the whole output would print the content when an assertion fails). */
	private static List<String> errorLines(CapturedOutput output) {
		return output.getAll().lines().filter((line) -> line.contains("Integrity failure")).toList();
	}

	private static byte[] chunkHashes(byte[] content) throws Exception {
		byte[] hashes = new byte[CHUNKS * 32];
		for (int n = 0; n < CHUNKS; n++) {
			byte[] chunk = Arrays.copyOfRange(content, n * CHUNK, Math.min(content.length, (n + 1) * CHUNK));
			System.arraycopy(MessageDigest.getInstance("SHA-256").digest(chunk), 0, hashes, n * 32, 32);
		}
		return hashes;
	}

	private static int indexOf(byte[] haystack, byte[] needle) {
		for (int i = 0; i + needle.length <= haystack.length; i++) {
			if (Arrays.equals(haystack, i, i + needle.length, needle, 0, needle.length)) {
				return i;
			}
		}
		return -1;
	}

	/**
	 * Counts the chunk documents of one GridFS file in the replies MongoDB sends the service ({@code find} and
	 * {@code getMore} on the chunks collection): what a download read from storage, whatever code read it.
	 */
	@TestConfiguration(proxyBeanMethods = false)
	static class ChunkReads implements CommandListener {

		private static volatile BsonValue file = new BsonNull();

		private static final AtomicInteger READ = new AtomicInteger();

		static void reset(ObjectId content) {
			file = new BsonObjectId(content);
			READ.set(0);
		}

		static int of(ObjectId content) {
			assertThat(file).isEqualTo(new BsonObjectId(content));
			return READ.get();
		}

		@Bean
		MongoClientSettingsBuilderCustomizer countChunkReads() {
			return (settings) -> settings.addCommandListener(this);
		}

		@Override
		public void commandSucceeded(CommandSucceededEvent event) {
			BsonDocument cursor = event.getResponse().getDocument("cursor", null);
			if (cursor == null || !cursor.getString("ns", new BsonString("")).getValue()
				.endsWith("." + DocumentContents.CHUNKS)) {
				return;
			}
			String batch = cursor.containsKey("firstBatch") ? "firstBatch" : "nextBatch";
			for (BsonValue chunk : cursor.getArray(batch, new BsonArray())) {
				if (chunk.asDocument().get("files_id", new BsonNull()).equals(file)) {
					READ.incrementAndGet();
				}
			}
		}

	}

}

package io.parley.workspace.audit;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;

import io.parley.workspace.WorkspaceApiTest;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.http.HttpHeaders;
import org.springframework.test.web.servlet.MvcResult;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.springframework.data.mongodb.core.query.Criteria.where;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * The hash chain as owners and auditors see it: what membership changes append, that verification finds an entry
 * changed or deleted directly in MongoDB at exactly its sequence, that concurrent appends never fork the chain, that
 * an export verifies offline, and that audit entries a crash left behind reach the chain exactly once.
 */
class AuditTrailTests extends WorkspaceApiTest {

	@Autowired
	AuditTrail trail;

	@Autowired
	AuditOutbox outbox;

	@Test
	void givenMembershipChanges_whenReadingTheTrail_thenEachIsAppendedNewestFirstWithItsRole() throws Exception {
		UUID workspace = createWorkspace(unique("Trail"));
		addMember(workspace, "partner-engineer", "CONTRIBUTOR");
		this.mvc.perform(as("host-admin", delete("/api/workspaces/" + workspace + "/members/"
				+ subjectOf("partner-engineer")))).andExpect(status().isNoContent());

		this.mvc.perform(as("host-admin", get("/api/workspaces/" + workspace + "/audit")))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.total").value(5))
			.andExpect(jsonPath("$.items[*].sequence").value(org.hamcrest.Matchers.contains(5, 4, 3, 2, 1)))
			.andExpect(jsonPath("$.items[*].action").value(org.hamcrest.Matchers.contains("membership.removed",
					"membership.added", "organisation.added", "membership.added", "workspace.created")))
			.andExpect(jsonPath("$.items[0].subject").value(subjectOf("partner-engineer")))
			.andExpect(jsonPath("$.items[0].actorId").value(subjectOf("host-admin")))
			.andExpect(jsonPath("$.items[0].details.role").value("contributor"))
			.andExpect(jsonPath("$.items[1].details.organisation").value("acme-security"))
			.andExpect(jsonPath("$.items[4].previousHash").value(AuditEntry.GENESIS));
		this.mvc.perform(as("host-admin", get("/api/workspaces/" + workspace + "/audit?page=1&size=2")))
			.andExpect(jsonPath("$.items[*].sequence").value(org.hamcrest.Matchers.contains(3, 2)))
			.andExpect(jsonPath("$.page").value(1))
			.andExpect(jsonPath("$.size").value(2));
		this.mvc.perform(as("host-admin", get("/api/workspaces/" + workspace + "/audit/verify")))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.valid").value(true))
			.andExpect(jsonPath("$.entries").value(5))
			.andExpect(jsonPath("$.firstBrokenSequence").doesNotExist());
	}

	@ParameterizedTest(name = "{0}")
	@ValueSource(strings = { "actorId", "action", "subject", "at", "details.role", "previousHash", "hash",
			"sequence" })
	void givenOneStoredEntryChangedInMongo_whenVerifying_thenBrokenAtExactlyThatSequence(String field)
			throws Exception {
		UUID workspace = workspaceWithFiveEntries();
		Object forged = switch (field) {
			case "at" -> new java.util.Date(0);
			case "previousHash", "hash" -> "f".repeat(64);
			case "sequence" -> 1000L;
			default -> "forged";
		};
		this.mongo.updateFirst(new Query(where("workspaceId").is(workspace).and("sequence").is(3)),
				new Update().set(field, forged), AuditEntry.class);

		this.mvc.perform(as("host-admin", get("/api/workspaces/" + workspace + "/audit/verify")))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.valid").value(false))
			.andExpect(jsonPath("$.entries").value(5))
			.andExpect(jsonPath("$.firstBrokenSequence").value(3))
			.andExpect(jsonPath("$.reason").value(containsString("entry 3")));
	}

	@Test
	void givenChain_whenAnEntryIsDeletedInMongo_thenVerifyReportsTheMissingLink() throws Exception {
		UUID workspace = workspaceWithFiveEntries();
		this.mongo.remove(new Query(where("workspaceId").is(workspace).and("sequence").is(2)), AuditEntry.class);

		this.mvc.perform(as("auditor", get("/api/workspaces/" + workspace + "/audit/verify")))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.valid").value(false))
			.andExpect(jsonPath("$.entries").value(4))
			.andExpect(jsonPath("$.firstBrokenSequence").value(2))
			.andExpect(jsonPath("$.reason").value("entry 2 is missing"));
	}

	@Test
	void givenChain_whenAnEntryIsReplacedByOneWithARecomputedHash_thenTheNextLinkBreaks() {
		UUID workspace = UUID.randomUUID();
		for (int i = 0; i < 4; i++) {
			this.trail.record(workspace, "someone", "document.downloaded", "doc-" + i);
		}
		AuditEntry original = this.mongo.findOne(new Query(where("workspaceId").is(workspace).and("sequence").is(2)),
				AuditEntry.class);
		String hash = AuditEntry.hashOf(workspace, 2, original.at(), "someone-else", original.action(),
				original.subject(), original.details(), original.previousHash());
		this.mongo.updateFirst(new Query(where("_id").is(original.id())),
				new Update().set("actorId", "someone-else").set("hash", hash), AuditEntry.class);

		AuditChain.Verification verification = this.trail.verify(workspace);

		assertThat(verification.valid()).isFalse();
		assertThat(verification.firstBrokenSequence()).isEqualTo(3);
		assertThat(verification.reason()).isEqualTo("entry 3 does not link to the entry before it");
	}

	@Test
	void givenManyThreadsOnThreeInstances_whenAppendingConcurrently_thenOneUnbrokenChain() throws Exception {
		UUID workspace = UUID.randomUUID();
		// the bean plus two more instances: their locks are not shared, so only the unique index keeps them apart,
		// as between service instances
		List<AuditTrail> instances = List.of(this.trail, new AuditTrail(this.mongo), new AuditTrail(this.mongo));
		int threads = 12;
		int perThread = 15;
		ExecutorService pool = Executors.newFixedThreadPool(threads);
		CountDownLatch start = new CountDownLatch(1);
		List<Future<?>> done = new ArrayList<>();
		try {
			for (int t = 0; t < threads; t++) {
				AuditTrail instance = instances.get(t % instances.size());
				String actor = "thread-" + t;
				done.add(pool.submit(() -> {
					start.await();
					for (int i = 0; i < perThread; i++) {
						instance.record(workspace, actor, "document.downloaded", "doc-" + i, Map.of("n", "" + i));
					}
					return null;
				}));
			}
			start.countDown();
			for (Future<?> future : done) {
				future.get(120, TimeUnit.SECONDS);
			}
		}
		finally {
			pool.shutdownNow();
		}

		List<AuditEntry> chain = this.mongo.find(new Query(where("workspaceId").is(workspace))
			.with(Sort.by("sequence")), AuditEntry.class);
		assertThat(chain).extracting(AuditEntry::sequence)
			.containsExactlyElementsOf(LongStream.rangeClosed(1, threads * perThread).boxed().toList());
		for (int i = 1; i < chain.size(); i++) {
			assertThat(chain.get(i).previousHash()).as("link of %d", i + 1).isEqualTo(chain.get(i - 1).hash());
		}
		assertThat(this.trail.verify(workspace)).isEqualTo(
				new AuditChain.Verification(true, threads * perThread, null, null));
	}

	@Test
	void givenAuditor_whenExporting_thenJsonLinesThatVerifyOfflineEndingWithTheExportItself() throws Exception {
		UUID workspace = workspaceWithFiveEntries();

		MvcResult result = this.mvc.perform(as("auditor", get("/api/workspaces/" + workspace + "/audit/export")))
			.andExpect(status().isOk())
			.andExpect(content().contentTypeCompatibleWith("application/x-ndjson"))
			.andExpect(header().string(HttpHeaders.CONTENT_DISPOSITION,
					"attachment; filename=\"audit-" + workspace + ".ndjson\""))
			.andReturn();

		List<AuditEntry> lines = new ArrayList<>();
		for (String line : result.getResponse().getContentAsString(StandardCharsets.UTF_8).split("\n")) {
			lines.add(JSON.readValue(line, AuditEntry.class));
		}
		assertThat(lines).hasSize(6);
		assertThat(lines.get(5).action()).isEqualTo("audit.exported");
		assertThat(lines.get(5).actorId()).isEqualTo(subjectOf("auditor"));
		assertThat(AuditChain.verify(lines.iterator())).isEqualTo(new AuditChain.Verification(true, 6, null, null));

		// and the offline check is no formality: one changed line is found
		List<AuditEntry> forged = new ArrayList<>(lines);
		AuditEntry fourth = lines.get(3);
		forged.set(3, new AuditEntry(fourth.id(), fourth.workspaceId(), fourth.sequence(), fourth.at(), "someone",
				fourth.action(), fourth.subject(), fourth.details(), fourth.previousHash(), fourth.hash()));
		assertThat(AuditChain.verify(forged.iterator()).firstBrokenSequence()).isEqualTo(4);
	}

	@Test
	void givenExportedLines_whenHashedByTheDocumentedRule_thenEveryHashMatches() throws Exception {
		UUID workspace = workspaceWithFiveEntries();
		String body = this.mvc.perform(as("host-admin", get("/api/workspaces/" + workspace + "/audit/export")))
			.andExpect(status().isOk())
			.andReturn()
			.getResponse()
			.getContentAsString(StandardCharsets.UTF_8);

		String previous = "0".repeat(64);
		for (String line : body.split("\n")) {
			JsonNode entry = JSON.readTree(line);
			assertThat(entry.get("previousHash").asString()).isEqualTo(previous);
			assertThat(entry.get("hash").asString()).isEqualTo(DocumentedRule.hash(entry));
			previous = entry.get("hash").asString();
		}
	}

	@Test
	void givenChangeWhoseAuditEntryACrashLeftBehind_whenSweeping_thenAppendedExactlyOnce() throws Exception {
		UUID workspace = createWorkspace(unique("Crash"));
		PendingEntry left = this.outbox.entry(workspace, subjectOf("host-admin"), "membership.added",
				UUID.randomUUID().toString(), Map.of("role", "reader", "organisation", "gov-cert"));
		// what a change's write stores, without the drain that follows it (the crash)
		this.mongo.updateFirst(new Query(where("_id").is(workspace)),
				this.outbox.add(new Update(), List.of(left)), "workspaces");
		assertThat(this.trail.count(workspace)).isEqualTo(2);

		this.outbox.sweep();
		this.outbox.sweep();

		assertThat(this.trail.count(workspace)).isEqualTo(3);
		assertThat(this.trail.page(workspace, 0, 1).get(0).id()).isEqualTo(left.id());
		Document stored = this.mongo.findById(workspace, Document.class, "workspaces");
		assertThat(stored.getList(AuditOutbox.ENTRIES, Document.class)).isEmpty();
		assertThat(stored.getInteger(AuditOutbox.COUNT)).isZero();
	}

	@Test
	void givenEntryAppendedButNotYetRemovedFromItsDocument_whenDrainedAgain_thenNotAppendedTwice() throws Exception {
		UUID workspace = createWorkspace(unique("Crash after append"));
		PendingEntry appended = this.outbox.entry(workspace, subjectOf("host-admin"), "organisation.added",
				"gov-cert", Map.of());
		this.mongo.updateFirst(new Query(where("_id").is(workspace)),
				this.outbox.add(new Update(), List.of(appended)), "workspaces");
		this.trail.append(appended);

		this.outbox.drain("workspaces", workspace);

		assertThat(this.trail.count(workspace)).isEqualTo(3);
		assertThat(this.trail.verify(workspace).valid()).isTrue();
		assertThat(this.mongo.findById(workspace, Document.class, "workspaces").getInteger(AuditOutbox.COUNT))
			.isZero();
	}

	@Test
	void givenRefusedCallers_whenReadingTheTrail_thenEachRefusalIsAppended() throws Exception {
		UUID workspace = createWorkspace(unique("Refusals"));
		addMember(workspace, "partner-engineer", "CONTRIBUTOR");

		this.mvc.perform(as("outsider", get("/api/workspaces/" + workspace + "/audit")))
			.andExpect(status().isNotFound());
		this.mvc.perform(as("partner-engineer", get("/api/workspaces/" + workspace + "/audit/export")))
			.andExpect(status().isForbidden());
		this.mvc.perform(as("vendor-auditor", get("/api/workspaces/" + workspace + "/audit/verify")))
			.andExpect(status().isNotFound());

		List<AuditEntry> newest = this.trail.page(workspace, 0, 3);
		assertThat(newest).extracting(AuditEntry::action).containsOnly("access.refused");
		assertThat(newest).extracting(AuditEntry::actorId)
			.containsExactly(subjectOf("vendor-auditor"), subjectOf("partner-engineer"), subjectOf("outsider"));
		assertThat(newest).extracting((entry) -> entry.details().get("reason"))
			.containsExactly("not-member", "not-owner", "not-member");
		assertThat(newest).extracting((entry) -> entry.details().get("attempted"))
			.containsExactly("audit.verify", "audit.export", "audit.read");
		assertThat(this.trail.verify(workspace).valid()).isTrue();
	}

	@Test
	void givenUnknownWorkspace_whenAuditorReadsIt_thenNotFoundAndNoChainIsStarted() throws Exception {
		UUID unknown = UUID.randomUUID();
		this.mvc.perform(as("outsider", get("/api/workspaces/" + unknown + "/audit")))
			.andExpect(status().isNotFound())
			.andExpect(jsonPath("$.type").value("urn:parley:problem:not-found"));
		this.mvc.perform(as("auditor", get("/api/workspaces/" + unknown + "/audit")))
			.andExpect(status().isNotFound());
		assertThat(this.trail.count(unknown)).isZero();
	}

	@Test
	void givenBadPaging_whenReading_thenBadRequestNamingTheParameter() throws Exception {
		UUID workspace = createWorkspace(unique("Paging"));
		this.mvc.perform(as("host-admin", get("/api/workspaces/" + workspace + "/audit?size=0")))
			.andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.type").value("urn:parley:problem:invalid-request"))
			.andExpect(jsonPath("$.detail").value(containsString("size")));
		this.mvc.perform(as("host-admin", get("/api/workspaces/" + workspace + "/audit?page=-1")))
			.andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.detail").value(containsString("page")));
	}

	/** Created, owner added, a reader of a new organisation (organisation added, member added). */
	private UUID workspaceWithFiveEntries() throws Exception {
		UUID workspace = createWorkspace(unique("Chain"));
		addMember(workspace, "gov-liaison", "READER");
		assertThat(this.trail.count(workspace)).isEqualTo(4);
		this.trail.record(workspace, subjectOf("host-admin"), "document.downloaded", UUID.randomUUID().toString(),
				Map.of("version", "1"));
		return workspace;
	}

	/**
	 * The hash rule of ADR 0012 written out again from the exported JSON alone, as an auditor's own tool would:
	 * SHA-256 over length-prefixed fields ({@code <length>:<value>;}), details sorted by key.
	 */
	static final class DocumentedRule {

		static String hash(JsonNode entry) throws Exception {
			StringBuilder input = new StringBuilder();
			for (String field : List.of("workspaceId", "sequence", "at", "actorId", "action", "subject")) {
				append(input, entry.get(field).asString());
			}
			new java.util.TreeMap<String, String>(JSON.treeToValue(entry.get("details"), Map.class))
				.forEach((key, value) -> {
					append(input, key);
					append(input, value);
				});
			append(input, entry.get("previousHash").asString());
			byte[] digest = java.security.MessageDigest.getInstance("SHA-256")
				.digest(input.toString().getBytes(StandardCharsets.UTF_8));
			return java.util.HexFormat.of().formatHex(digest);
		}

		private static void append(StringBuilder input, String value) {
			input.append(value.length()).append(':').append(value).append(';');
		}

	}

}

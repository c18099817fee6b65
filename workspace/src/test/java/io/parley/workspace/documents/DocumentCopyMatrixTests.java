package io.parley.workspace.documents;

import java.time.Instant;
import java.util.Date;
import java.util.EnumMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import io.parley.platform.test.FakeKeycloak;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.http.HttpHeaders;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

import static io.parley.workspace.documents.DocumentApiTests.bytes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.data.mongodb.core.query.Criteria.where;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

/**
 * {@code POST …/documents/{documentId}/copies} for every kind of caller and label, each into a target whose
 * audience the label allows, so that only who asks decides the answer. The source workspace's owner is
 * {@code host-admin} (host); {@code partner-engineer} (acme-security, the uploader) and {@code doc-colleague}
 * (acme-security) contribute; {@code gov-liaison} and {@code doc-recipient} (gov-cert) read; {@code departed}
 * (acme-security) contributes and has been offboarded; {@code doc-neighbour} (acme-security) is a member of the
 * targets only; {@code outsider} of nothing. Documents: TLP:GREEN; TLP:AMBER+STRICT naming gov-cert; TLP:RED naming
 * {@code doc-recipient}. Targets: GREEN's has everyone above but {@code outsider} ({@code doc-recipient} reads);
 * AMBER+STRICT's the same without the host organisation; RED's only {@code partner-engineer} and
 * {@code doc-recipient}. A 404 must be the answer an unknown document id gets.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DocumentCopyMatrixTests extends DocumentApiTest {

	private static final String TABLE = """
			host-admin        GREEN        201
			partner-engineer  GREEN        201
			doc-colleague     GREEN        201
			gov-liaison       GREEN        201
			doc-recipient     GREEN        403
			doc-neighbour     GREEN        404
			outsider          GREEN        404
			anonymous         GREEN        401
			departed          GREEN        401
			host-admin        AMBER_STRICT 404
			partner-engineer  AMBER_STRICT 201
			doc-colleague     AMBER_STRICT 201
			gov-liaison       AMBER_STRICT 201
			doc-recipient     AMBER_STRICT 403
			doc-neighbour     AMBER_STRICT 404
			outsider          AMBER_STRICT 404
			anonymous         AMBER_STRICT 401
			departed          AMBER_STRICT 401
			host-admin        RED          404
			partner-engineer  RED          201
			doc-colleague     RED          404
			gov-liaison       RED          404
			doc-recipient     RED          201
			doc-neighbour     RED          404
			outsider          RED          404
			anonymous         RED          401
			departed          RED          401
			""";

	enum Label {

		GREEN, AMBER_STRICT, RED

	}

	private UUID source;

	private final Map<Label, UUID> documents = new EnumMap<>(Label.class);

	private final Map<Label, UUID> targets = new EnumMap<>(Label.class);

	private final Map<Label, AtomicInteger> copied = new EnumMap<>(Label.class);

	private String unknownDocumentAnswer;

	private final AtomicInteger checked = new AtomicInteger();

	private final AtomicInteger unauthorisedSuccesses = new AtomicInteger();

	@BeforeAll
	void world() throws Exception {
		this.source = workspace("TLP:RED", Map.of("partner-engineer", "CONTRIBUTOR", "doc-colleague", "CONTRIBUTOR",
				"gov-liaison", "READER", "doc-recipient", "READER", "departed", "CONTRIBUTOR"));
		this.documents.put(Label.GREEN,
				document("partner-engineer", this.source, "TLP:GREEN", "green.txt", bytes("green")));
		this.documents.put(Label.AMBER_STRICT, document("partner-engineer", this.source, "TLP:AMBER+STRICT",
				"strict.txt", bytes("strict"), "gov-cert"));
		this.documents.put(Label.RED, document("partner-engineer", this.source, "TLP:RED", "red.txt", bytes("red"),
				subjectOf("doc-recipient")));
		Map<String, String> everyone = Map.of("partner-engineer", "OWNER", "doc-colleague", "CONTRIBUTOR",
				"gov-liaison", "CONTRIBUTOR", "doc-recipient", "READER", "doc-neighbour", "CONTRIBUTOR", "departed",
				"CONTRIBUTOR");
		this.targets.put(Label.GREEN, workspace("TLP:RED", everyone));
		this.targets.put(Label.AMBER_STRICT, withoutHost(workspace("TLP:RED", everyone)));
		this.targets.put(Label.RED,
				withoutHost(workspace("TLP:RED", Map.of("partner-engineer", "OWNER", "doc-recipient", "CONTRIBUTOR"))));
		for (Label label : Label.values()) {
			this.copied.put(label, new AtomicInteger());
		}
		// offboarded while still listed as a member: the refusal must not depend on the removal
		// (upsert: other tests in this JVM may have offboarded the same person already)
		this.mongo.upsert(new Query(where("_id").is(subjectOf("departed"))),
				new Update().set("offboardedAt", Date.from(Instant.now())), "offboarded_people");
		this.unknownDocumentAnswer = problem(this.mvc
			.perform(as("partner-engineer", copyOf(UUID.randomUUID(), this.targets.get(Label.GREEN))))
			.andReturn()
			.getResponse());
	}

	static Stream<Arguments> table() {
		return TABLE.lines().map(String::strip).filter((line) -> !line.isEmpty()).map((line) -> {
			String[] cells = line.split("\\s+");
			return Arguments.of(cells[0], Label.valueOf(cells[1]), Integer.parseInt(cells[2]));
		});
	}

	@ParameterizedTest(name = "{0} copies {1} -> {2}")
	@MethodSource("table")
	void givenCallerAndLabel_whenCopyingToAnAllowedTarget_thenTheTablesAnswer(String caller, Label label,
			int expected) throws Exception {
		MockHttpServletRequestBuilder request = copyOf(this.documents.get(label), this.targets.get(label));
		if (!caller.equals("anonymous")) {
			request.header(HttpHeaders.AUTHORIZATION, "Bearer " + FakeKeycloak.get().token(caller));
		}
		MockHttpServletResponse response = this.mvc.perform(request).andReturn().getResponse();
		this.checked.incrementAndGet();

		int actual = response.getStatus();
		if (actual == 201) {
			this.copied.get(label).incrementAndGet();
		}
		if (expected >= 300 && actual < 300) {
			this.unauthorisedSuccesses.incrementAndGet();
		}
		assertThat(actual).as("%s copies %s", caller, label).isEqualTo(expected);
		if (expected == 404) {
			assertThat(problem(response)).as("a 404 like an unknown id's").isEqualTo(this.unknownDocumentAnswer);
		}
	}

	@AfterAll
	void countEveryCellNoUnauthorisedSuccessAndOnlyAllowedCopiesStored() {
		assertThat(this.checked).hasValue(27);
		assertThat(this.unauthorisedSuccesses).hasValue(0);
		for (Label label : Label.values()) {
			long stored = this.mongo.count(new Query(where("workspaceId").is(this.targets.get(label))), "documents");
			assertThat(stored).as("copies in the %s target", label).isEqualTo(this.copied.get(label).get());
		}
	}

	private MockHttpServletRequestBuilder copyOf(UUID document, UUID target) {
		return json(post("/api/workspaces/" + this.source + "/documents/" + document + "/copies"),
				Map.of("targetWorkspaceId", target));
	}

}

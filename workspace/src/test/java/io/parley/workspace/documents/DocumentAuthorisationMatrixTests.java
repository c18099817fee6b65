package io.parley.workspace.documents;

import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import io.parley.platform.test.FakeKeycloak;
import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import org.springframework.http.HttpHeaders;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

import static io.parley.workspace.documents.DocumentApiTests.bytes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * Every documents endpoint that takes an id, for every kind of caller and every kind of label, against one table of
 * expected answers. The documents are uploaded by {@code partner-engineer} (acme-security): one TLP:GREEN, one
 * TLP:AMBER+STRICT naming no other organisation, one TLP:RED naming {@code doc-recipient}. The workspace's owner
 * is {@code host-admin} (host); {@code doc-colleague} is a contributor of acme-security too; {@code gov-liaison} and
 * {@code doc-recipient} are readers of gov-cert; {@code doc-neighbour} belongs to another workspace only;
 * {@code outsider} to none; {@code doc-leaver} was a contributor of acme-security and has been offboarded. A 404
 * must be the very answer an unknown id gets, so it tells nothing about a document's existence.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DocumentAuthorisationMatrixTests extends DocumentApiTest {

	/**
	 * caller, label, then the status of: GET document, GET content, POST version, PUT label (unchanged audience),
	 * DELETE (a fresh document each time), PUT embargo (a fresh document each time; setting one widens at its end),
	 * DELETE embargo (a fresh document the uploader embargoed; cancelling widens nothing), and whether the
	 * workspace's list shows it ({@code seen}/{@code hidden}) or its status.
	 */
	private static final String TABLE = """
			host-admin        GREEN        200 200 201 200 204 200 204 seen
			partner-engineer  GREEN        200 200 201 200 403 200 204 seen
			doc-colleague     GREEN        200 200 201 200 403 403 204 seen
			gov-liaison       GREEN        200 200 403 403 403 403 403 seen
			doc-recipient     GREEN        200 200 403 403 403 403 403 seen
			doc-neighbour     GREEN        404 404 404 404 404 404 404 404
			outsider          GREEN        404 404 404 404 404 404 404 404
			anonymous         GREEN        401 401 401 401 401 401 401 401
			doc-leaver        GREEN        401 401 401 401 401 401 401 401
			host-admin        AMBER_STRICT 404 404 404 404 404 404 404 hidden
			partner-engineer  AMBER_STRICT 200 200 201 200 403 200 204 seen
			doc-colleague     AMBER_STRICT 200 200 201 200 403 403 204 seen
			gov-liaison       AMBER_STRICT 404 404 404 404 404 404 404 hidden
			doc-recipient     AMBER_STRICT 404 404 404 404 404 404 404 hidden
			doc-neighbour     AMBER_STRICT 404 404 404 404 404 404 404 404
			outsider          AMBER_STRICT 404 404 404 404 404 404 404 404
			anonymous         AMBER_STRICT 401 401 401 401 401 401 401 401
			doc-leaver        AMBER_STRICT 401 401 401 401 401 401 401 401
			host-admin        RED          404 404 404 404 404 404 404 hidden
			partner-engineer  RED          200 200 201 200 403 200 204 seen
			doc-colleague     RED          404 404 404 404 404 404 404 hidden
			gov-liaison       RED          404 404 404 404 404 404 404 hidden
			doc-recipient     RED          200 200 403 403 403 403 403 seen
			doc-neighbour     RED          404 404 404 404 404 404 404 404
			outsider          RED          404 404 404 404 404 404 404 404
			anonymous         RED          401 401 401 401 401 401 401 401
			doc-leaver        RED          401 401 401 401 401 401 401 401
			""";

	private static final List<String> ENDPOINTS = List.of("document", "content", "version", "label", "delete", "embargo",
			"unembargo", "list");

	private static final Map<Label, String> TLP = Map.of(Label.GREEN, "TLP:GREEN", Label.AMBER_STRICT,
			"TLP:AMBER+STRICT", Label.RED, "TLP:RED");

	enum Label {

		GREEN, AMBER_STRICT, RED

	}

	private UUID workspace;

	private final Map<Label, UUID> documents = new EnumMap<>(Label.class);

	private String unknownDocumentAnswer;

	private final AtomicInteger checked = new AtomicInteger();

	private final AtomicInteger unauthorisedSuccesses = new AtomicInteger();

	@BeforeAll
	void world() throws Exception {
		this.workspace = workspace("TLP:RED", Map.of("partner-engineer", "CONTRIBUTOR", "doc-colleague",
				"CONTRIBUTOR", "gov-liaison", "READER", "doc-recipient", "READER", "doc-leaver", "CONTRIBUTOR"));
		workspace("TLP:RED", Map.of("doc-neighbour", "OWNER"));
		for (Label label : Label.values()) {
			this.documents.put(label, create(label));
		}
		// offboarded while still listed as a member: the refusal must not depend on the removal
		this.mongo.insert(new Document("_id", subjectOf("doc-leaver")).append("organisationId", "acme-security"),
				"offboarded_people");
		this.unknownDocumentAnswer = problem(this.mvc
			.perform(as("partner-engineer", get("/api/workspaces/" + this.workspace + "/documents/" + UUID.randomUUID())))
			.andReturn()
			.getResponse());
	}

	static Stream<Arguments> table() {
		return TABLE.lines().map(String::strip).filter((line) -> !line.isEmpty()).flatMap((line) -> {
			String[] cells = line.split("\\s+");
			return Stream.iterate(0, (i) -> i + 1)
				.limit(ENDPOINTS.size())
				.map((i) -> Arguments.of(cells[0], Label.valueOf(cells[1]), ENDPOINTS.get(i), cells[2 + i]));
		});
	}

	@ParameterizedTest(name = "{0} {2} {1} -> {3}")
	@MethodSource("table")
	void givenCallerAndLabel_whenCallingEndpoint_thenTheTablesAnswer(String caller, Label label, String endpoint,
			String expected) throws Exception {
		UUID document = switch (endpoint) {
			case "delete", "embargo" -> create(label);
			case "unembargo" -> embargoed(label);
			default -> this.documents.get(label);
		};
		MockHttpServletResponse response = this.mvc.perform(request(caller, endpoint, label, document))
			.andReturn()
			.getResponse();
		this.checked.incrementAndGet();

		String actual = Integer.toString(response.getStatus());
		if (endpoint.equals("list") && response.getStatus() == 200) {
			actual = response.getContentAsString().contains(document.toString()) ? "seen" : "hidden";
		}
		boolean allowed = expected.startsWith("2") || expected.equals("seen");
		if (!allowed && (actual.startsWith("2") || actual.equals("seen"))) {
			this.unauthorisedSuccesses.incrementAndGet();
		}
		assertThat(actual).as("%s %s %s", caller, endpoint, label).isEqualTo(expected);
		if (expected.equals("404") && !endpoint.equals("list")) {
			assertThat(problem(response)).as("a 404 like an unknown id's").isEqualTo(this.unknownDocumentAnswer);
		}
	}

	@AfterAll
	void countEveryCellAndNoUnauthorisedSuccess() {
		assertThat(this.checked).hasValue(27 * ENDPOINTS.size());
		assertThat(this.unauthorisedSuccesses).hasValue(0);
	}

	private MockHttpServletRequestBuilder request(String caller, String endpoint, Label label, UUID document) {
		String path = "/api/workspaces/" + this.workspace + "/documents/" + document;
		MockHttpServletRequestBuilder request = switch (endpoint) {
			case "document" -> get(path);
			case "content" -> get(path + "/versions/1/content");
			case "version" -> upload(path + "/versions", new Multipart().file("next.txt", "text/plain", bytes("next")));
			case "label" -> json(put(path + "/label"), unchangedAudience(label));
			case "delete" -> delete(path);
			case "embargo" -> json(put(path + "/embargo"), widerAtTheEnd(label));
			case "unembargo" -> delete(path + "/embargo");
			case "list" -> get("/api/workspaces/" + this.workspace + "/documents");
			default -> throw new IllegalArgumentException(endpoint);
		};
		return caller.equals("anonymous") ? request
				: request.header(HttpHeaders.AUTHORIZATION, "Bearer " + FakeKeycloak.get().token(caller));
	}

	private Map<String, Object> unchangedAudience(Label label) {
		return (label == Label.RED) ? Map.of("label", TLP.get(label), "namedPeople", List.of(subjectOf("doc-recipient")))
				: Map.of("label", TLP.get(label));
	}

	/** An embargo that widens each label at its end: to a lower label, or RED naming one more person. */
	private Map<String, Object> widerAtTheEnd(Label label) {
		String until = Instant.now().plus(Duration.ofDays(1)).toString();
		return switch (label) {
			case GREEN -> Map.of("until", until, "label", "TLP:CLEAR");
			case AMBER_STRICT -> Map.of("until", until, "label", "TLP:GREEN");
			case RED -> Map.of("until", until, "label", "TLP:RED", "namedPeople",
					List.of(subjectOf("doc-recipient"), subjectOf("gov-liaison")));
		};
	}

	/** A fresh document its uploader has embargoed. */
	private UUID embargoed(Label label) throws Exception {
		UUID document = create(label);
		this.mvc
			.perform(as("partner-engineer", json(put("/api/workspaces/" + this.workspace + "/documents/" + document
					+ "/embargo"), widerAtTheEnd(label))))
			.andExpect(status().isOk());
		return document;
	}

	private UUID create(Label label) throws Exception {
		return (label == Label.RED)
				? document("partner-engineer", this.workspace, TLP.get(label), "red.txt", bytes("red"),
						subjectOf("doc-recipient"))
				: document("partner-engineer", this.workspace, TLP.get(label), "doc.txt", bytes("doc"));
	}

}

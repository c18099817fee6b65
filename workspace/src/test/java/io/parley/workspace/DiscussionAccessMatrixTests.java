package io.parley.workspace;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.data.mongodb.core.query.Criteria.where;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * Who may call each comment and acknowledgement endpoint, on a TLP:GREEN document (uploaded by
 * {@code partner-engineer}) and on a TLP:RED one (uploaded by the owner {@code host-admin}, naming
 * {@code doc-recipient}). The workspace: owner {@code host-admin} (host); contributors {@code partner-engineer} and
 * {@code doc-colleague} (acme-security); readers {@code gov-liaison} and {@code doc-recipient} (gov-cert);
 * {@code departed} (acme-security) offboarded while still listed. {@code neighbour} is in another workspace only,
 * {@code outsider} in none. Acknowledgement requests name acme-security and gov-cert (GREEN), gov-cert (RED).
 * Whoever may not see a document gets the very 404 an unknown document id gets.
 */
class DiscussionAccessMatrixTests extends DiscussionApiTest {

	private static final String OWNER = "host-admin";

	private static final String CONTRIBUTOR = "partner-engineer";

	private static final String OTHER_CONTRIBUTOR = "doc-colleague";

	private static final String READER = "gov-liaison";

	private static final String RED_RECIPIENT = "doc-recipient";

	private static final String NEIGHBOUR = "neighbour";

	private static final String OUTSIDER = "outsider";

	private static final String ANONYMOUS = "anonymous";

	private static final String OFFBOARDED = "departed";

	private static final List<String> CALLERS = List.of(CONTRIBUTOR, OTHER_CONTRIBUTOR, READER, RED_RECIPIENT,
			NEIGHBOUR, OUTSIDER, ANONYMOUS, OFFBOARDED, OWNER);

	private static final Map<String, Set<String>> VIEWERS = Map.of("GREEN",
			Set.of(OWNER, CONTRIBUTOR, OTHER_CONTRIBUTOR, READER, RED_RECIPIENT), "RED", Set.of(OWNER, RED_RECIPIENT));

	/** Who acknowledges: people of the named organisations who may see the document. */
	private static final Map<String, Set<String>> ACKNOWLEDGERS = Map.of("GREEN",
			Set.of(CONTRIBUTOR, OTHER_CONTRIBUTOR, READER, RED_RECIPIENT), "RED", Set.of(RED_RECIPIENT));

	/** {@code request} builds a fresh request each time: a builder keeps the headers added to it. */
	private record Endpoint(String name, Set<String> allowed, int success,
			Supplier<MockHttpServletRequestBuilder> request) {
	}

	@Test
	void givenEveryCallerAndLabel_whenCallingEveryDiscussionEndpoint_thenOnlyThoseWithTheRightSucceed()
			throws Exception {
		UUID workspace = redWorkspace(Map.of(CONTRIBUTOR, "CONTRIBUTOR", OTHER_CONTRIBUTOR, "CONTRIBUTOR", READER,
				"READER", RED_RECIPIENT, "READER", OFFBOARDED, "READER"));
		redWorkspace(Map.of(NEIGHBOUR, "CONTRIBUTOR"));
		Map<String, UUID> documents = Map.of("GREEN", upload(CONTRIBUTOR, workspace, "TLP:GREEN"), "RED",
				upload(OWNER, workspace, "TLP:RED", subjectOf(RED_RECIPIENT)));
		Map<String, List<String>> named = Map.of("GREEN", List.of("acme-security", "gov-cert"), "RED",
				List.of("gov-cert"));
		Map<String, UUID> requests = new LinkedHashMap<>();
		for (String label : documents.keySet()) {
			requests.put(label, request(workspace, documents.get(label), named.get(label)));
		}
		// offboarded while still listed as a member: the refusal must not depend on the removal
		// (upsert: other tests in this JVM may have offboarded the same person already)
		this.mongo.upsert(new Query(where("_id").is(subjectOf(OFFBOARDED))),
				new Update().set("organisationId", "acme-security"), "offboarded_people");
		String unknown = problem(this.mvc
			.perform(as(CONTRIBUTOR, get(base(workspace, UUID.randomUUID()) + "/comments")))
			.andReturn()
			.getResponse());

		Map<String, Integer> answers = new LinkedHashMap<>();
		List<String> unauthorisedSuccesses = new ArrayList<>();
		List<String> wrongAnswers = new ArrayList<>();
		for (String label : List.of("GREEN", "RED")) {
			String base = base(workspace, documents.get(label));
			Set<String> viewers = VIEWERS.get(label);
			List<Endpoint> endpoints = List.of(new Endpoint("read comments", viewers, 200, () -> get(base + "/comments")),
					new Endpoint("comment", viewers, 201,
							() -> json(post(base + "/comments"), Map.of("text", "Looks right to me"))),
					new Endpoint("read acknowledgement requests", viewers, 200,
							() -> get(base + "/acknowledgement-requests")),
					new Endpoint("request acknowledgement", Set.of(OWNER), 201,
							() -> json(post(base + "/acknowledgement-requests"), requestBody(named.get(label)))),
					new Endpoint("acknowledge", ACKNOWLEDGERS.get(label), 204,
							() -> post(base + "/acknowledgement-requests/" + requests.get(label) + "/acknowledge")));
			for (Endpoint endpoint : endpoints) {
				for (String caller : CALLERS) {
					MockHttpServletResponse response = call(caller, endpoint.request().get());
					int status = response.getStatus();
					String cell = endpoint.name() + " of " + label + " as " + caller;
					answers.put(cell, status);
					boolean allowed = endpoint.allowed().contains(caller);
					if (!allowed && status >= 200 && status < 300) {
						unauthorisedSuccesses.add(cell);
					}
					int expected = expected(caller, viewers, allowed, endpoint.success());
					if (status != expected) {
						wrongAnswers.add(cell + ": " + status + " instead of " + expected);
					}
					if (expected == 404 && status == 404 && !problem(response).equals(unknown)) {
						wrongAnswers.add(cell + ": a 404 unlike an unknown document's: " + problem(response));
					}
				}
			}
		}

		assertThat(unauthorisedSuccesses).as("unauthorised 2xx").isEmpty();
		assertThat(wrongAnswers).as("answers %s", answers).isEmpty();
		assertThat(answers).hasSize(2 * 5 * CALLERS.size());
	}

	/**
	 * "What we owe" (ADR 0044) takes no id: everyone signed in gets their own list (200), only organisation admins
	 * their organisation's ({@code host-admin} of host, {@code acme-admin} of acme-security; 403 for the others),
	 * and no list holds a request the caller may not see: the GREEN request (acme-security, gov-cert) only for
	 * their people in the workspace and acme's admin, the RED one (gov-cert) only for its named recipient.
	 */
	@Test
	void givenEveryCaller_whenAskingWhatTheyOwe_thenOnlyTheirOwnOrTheirOrganisationsAsAdminAndNothingUnseen()
			throws Exception {
		UUID workspace = redWorkspace(Map.of(CONTRIBUTOR, "CONTRIBUTOR", OTHER_CONTRIBUTOR, "CONTRIBUTOR", READER,
				"READER", RED_RECIPIENT, "READER", OFFBOARDED, "READER"));
		redWorkspace(Map.of(NEIGHBOUR, "CONTRIBUTOR"));
		UUID green = request(workspace, upload(CONTRIBUTOR, workspace, "TLP:GREEN"), List.of("acme-security", "gov-cert"));
		UUID red = request(workspace, upload(OWNER, workspace, "TLP:RED", subjectOf(RED_RECIPIENT)),
				List.of("gov-cert"));
		this.mongo.upsert(new Query(where("_id").is(subjectOf(OFFBOARDED))),
				new Update().set("organisationId", "acme-security"), "offboarded_people");
		String admin = "acme-admin";
		Map<String, Set<UUID>> owes = Map.of(CONTRIBUTOR + " mine", Set.of(green), OTHER_CONTRIBUTOR + " mine",
				Set.of(green), READER + " mine", Set.of(green), RED_RECIPIENT + " mine", Set.of(green, red),
				admin + " organisation", Set.of(green));
		Map<String, Integer> answers = new LinkedHashMap<>();
		List<String> wrong = new ArrayList<>();
		for (String caller : concat(CALLERS, admin)) {
			for (String scope : List.of("mine", "organisation")) {
				MockHttpServletResponse response = call(caller,
						get("/api/documents/acknowledgement-requests/owed?scope=" + scope));
				MockHttpServletResponse embargoes = call(caller, get("/api/documents/embargoes/ending?scope=" + scope));
				String cell = caller + " " + scope;
				answers.put(cell, response.getStatus());
				int expected = (caller.equals(ANONYMOUS) || caller.equals(OFFBOARDED)) ? 401
						: (scope.equals("mine") || caller.equals(OWNER) || caller.equals(admin)) ? 200 : 403;
				if (response.getStatus() != expected || embargoes.getStatus() != expected) {
					wrong.add(cell + ": " + response.getStatus() + "/" + embargoes.getStatus() + " instead of " + expected);
				}
				if (expected == 200) {
					Set<UUID> listed = new java.util.HashSet<>();
					JSON.readTree(response.getContentAsString())
						.forEach((item) -> listed.add(UUID.fromString(item.get("requestId").asString())));
					listed.retainAll(Set.of(green, red));
					if (!listed.equals(owes.getOrDefault(cell, Set.of()))) {
						wrong.add(cell + ": lists " + listed + " of this workspace's requests");
					}
				}
			}
		}
		assertThat(wrong).as("answers %s", answers).isEmpty();
		assertThat(answers).hasSize(2 * (CALLERS.size() + 1));
	}

	private static List<String> concat(List<String> callers, String more) {
		List<String> all = new ArrayList<>(callers);
		all.add(more);
		return all;
	}

	/**
	 * Not signed in or offboarded: 401; not allowed to see the document (other workspace, none, outside a RED
	 * label's names): 404; sees it but lacks the role or organisation: 403.
	 */
	private static int expected(String caller, Set<String> viewers, boolean allowed, int success) {
		if (caller.equals(ANONYMOUS) || caller.equals(OFFBOARDED)) {
			return 401;
		}
		if (!viewers.contains(caller)) {
			return 404;
		}
		return allowed ? success : 403;
	}

	private UUID request(UUID workspace, UUID document, List<String> organisations) throws Exception {
		String body = this.mvc
			.perform(as(OWNER, json(post(base(workspace, document) + "/acknowledgement-requests"),
					requestBody(organisations))))
			.andExpect(status().isCreated())
			.andReturn()
			.getResponse()
			.getContentAsString();
		return UUID.fromString(JSON.readTree(body).get("id").asString());
	}

	private static Map<String, Object> requestBody(List<String> organisations) {
		return Map.of("version", 1, "organisations", organisations, "deadline",
				Instant.now().plus(Duration.ofDays(3)).toString());
	}

	private MockHttpServletResponse call(String caller, MockHttpServletRequestBuilder request) throws Exception {
		return this.mvc.perform(caller.equals(ANONYMOUS) ? request : as(caller, request)).andReturn().getResponse();
	}

	private static String base(UUID workspace, UUID document) {
		return "/api/workspaces/" + workspace + "/documents/" + document;
	}

	/** The problem without its {@code instance} (which names the path asked for). */
	private static String problem(MockHttpServletResponse response) throws Exception {
		JsonNode body = JSON.readTree(response.getContentAsString());
		return body.get("type").asString() + "|" + body.get("title").asString() + "|" + body.get("status").asInt()
				+ "|" + body.get("detail").asString();
	}

}

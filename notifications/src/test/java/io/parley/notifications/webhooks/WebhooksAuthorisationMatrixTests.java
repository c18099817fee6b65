package io.parley.notifications.webhooks;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.http.HttpHeaders;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.data.mongodb.core.query.Criteria.where;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

/**
 * Notifications' authorisation matrix for webhooks: every endpoint for every kind of caller against one table.
 * The endpoint belongs to organisation A. {@code a-admin} administers A, {@code a-member} is a member of A,
 * {@code a-pipeline} is A's machine client, {@code b-admin} administers another organisation, {@code portal-admin}
 * is a portal admin of the host. "other-endpoint" asks A's path for an endpoint of B. Every changing action runs on
 * a fresh endpoint, so a 2xx means the caller may. A 404 is the very answer an unknown id gets (for another
 * organisation's admin: the answer an organisation that does not exist gets). API clients are refused by
 * notifications as a whole (ADR 0030).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WebhooksAuthorisationMatrixTests extends WebhooksApiTest {

	/** Caller, then: list, register, get, rotate, pause, resume, test, deliveries, delete, other-endpoint, types. */
	private static final String TABLE = """
			a-admin      200 201 200 200 200 200 202 200 204 404 200
			a-member     403 403 403 403 403 403 403 403 403 403 200
			a-pipeline   403 403 403 403 403 403 403 403 403 403 403
			b-admin      404 404 404 404 404 404 404 404 404 404 200
			portal-admin 200 201 200 200 200 200 202 200 204 404 200
			anonymous    401 401 401 401 401 401 401 401 401 401 401
			""";

	private static final List<String> ENDPOINTS = List.of("list", "register", "get", "rotate", "pause", "resume",
			"test", "deliveries", "delete", "other-endpoint", "types");

	private final String a = organisation();

	private final String b = organisation();

	private Map<String, Someone> callers;

	private Someone aAdmin;

	private Someone bAdmin;

	private final AtomicInteger checked = new AtomicInteger();

	private final AtomicInteger unauthorisedSuccesses = new AtomicInteger();

	private String unknownEndpointAnswer;

	private String unknownOrganisationAnswer;

	@Autowired
	MongoTemplate mongo;

	@BeforeAll
	void callers() throws Exception {
		this.aAdmin = Someone.of(this.a, "member", "org-admin");
		this.bAdmin = Someone.of(this.b, "member", "org-admin");
		Someone host = Someone.of("host", "portal-admin", "org-admin", "member");
		this.callers = Map.of("a-admin", this.aAdmin, "a-member", Someone.of(this.a, "member"), "a-pipeline",
				Someone.of(this.a, "machine"), "b-admin", this.bAdmin, "portal-admin", host);
		this.unknownEndpointAnswer = withoutInstance(this.mvc
			.perform(this.aAdmin.sign(get(base() + "/" + UUID.randomUUID())))
			.andReturn()
			.getResponse()
			.getContentAsString());
		this.unknownOrganisationAnswer = withoutInstance(this.mvc
			.perform(this.bAdmin.sign(get("/api/notifications/organisations/" + organisation() + "/webhooks")))
			.andReturn()
			.getResponse()
			.getContentAsString());
	}

	static Stream<Arguments> table() {
		return TABLE.lines().map(String::strip).filter((line) -> !line.isEmpty()).flatMap((line) -> {
			String[] cells = line.split("\\s+");
			return Stream.iterate(0, (i) -> i + 1)
				.limit(ENDPOINTS.size())
				.map((i) -> Arguments.of(cells[0], ENDPOINTS.get(i), cells[1 + i]));
		});
	}

	@ParameterizedTest(name = "{0} {1} -> {2}")
	@MethodSource("table")
	void givenCaller_whenCallingEndpoint_thenTheTablesAnswer(String caller, String endpoint, String expected)
			throws Exception {
		String id = registered(this.aAdmin);
		if (endpoint.equals("resume")) {
			this.mvc.perform(this.aAdmin.sign(post(base() + "/" + id + "/pause")));
		}
		String path = base() + "/" + id;
		MockHttpServletRequestBuilder request = switch (endpoint) {
			case "list" -> get(base());
			case "register" -> json(post(base()), Map.of("url", "http://127.0.0.1:" + RECEIVER.port() + "/matrix",
					"eventTypes", List.of("workspace.comment.posted")));
			case "get" -> get(path);
			case "deliveries" -> get(path + "/deliveries");
			case "delete" -> delete(path);
			case "other-endpoint" -> get(base() + "/" + registered(this.bAdmin));
			case "types" -> get("/api/notifications/webhooks/event-types");
			default -> post(path + "/" + endpoint);
		};
		Someone who = this.callers.get(caller);
		if (who != null) {
			request.header(HttpHeaders.AUTHORIZATION, "Bearer " + who.token());
		}
		MockHttpServletResponse response = this.mvc.perform(request).andReturn().getResponse();
		this.checked.incrementAndGet();

		String actual = Integer.toString(response.getStatus());
		if (!expected.startsWith("2") && actual.startsWith("2")) {
			this.unauthorisedSuccesses.incrementAndGet();
		}
		assertThat(actual).as("%s %s: %s", caller, endpoint, response.getContentAsString()).isEqualTo(expected);
		if (expected.equals("404")) {
			assertThat(withoutInstance(response.getContentAsString())).as("a 404 like an unknown id's")
				.isEqualTo(caller.equals("b-admin") ? this.unknownOrganisationAnswer : this.unknownEndpointAnswer);
		}
	}

	/** Each cell on fresh endpoints: an organisation may register only so many. */
	@AfterEach
	void endpointsRemoved() {
		this.mongo.remove(new Query(where("organisationId").in(this.a, this.b)), Endpoint.class);
	}

	@AfterAll
	void countEveryCellAndNoUnauthorisedSuccess() {
		assertThat(this.checked).hasValue(6 * ENDPOINTS.size());
		assertThat(this.unauthorisedSuccesses).hasValue(0);
	}

	private String base() {
		return "/api/notifications/organisations/" + this.a + "/webhooks";
	}

	private String registered(Someone admin) throws Exception {
		String body = this.mvc
			.perform(admin.sign(json(post("/api/notifications/organisations/" + admin.organisation() + "/webhooks"),
					Map.of("url", "http://127.0.0.1:" + RECEIVER.port() + "/matrix", "eventTypes",
							List.of("workspace.comment.posted")))))
			.andReturn()
			.getResponse()
			.getContentAsString();
		return read(body).get("endpoint").get("id").asString();
	}

	/** The problem without its {@code instance} (the path differs) and trace fields. */
	private static String withoutInstance(String problem) {
		return problem.replaceAll("\"instance\":\"[^\"]*\",?", "").replaceAll(",?\"traceId\":\"[^\"]*\"", "");
	}

}

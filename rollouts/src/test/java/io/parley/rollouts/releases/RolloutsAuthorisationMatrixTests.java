package io.parley.rollouts.releases;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import io.parley.platform.labels.Reader;
import io.parley.platform.labels.TlpLabel;
import io.parley.rollouts.RolloutsApiTest;
import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;

/**
 * Every rollouts endpoint for every kind of caller, against one table of expected answers. The release is a
 * TLP:AMBER SENSOR release of acme-security ({@code partner-engineer}) in a workspace whose owner is
 * {@code host-engineer} (host); ring 0 needs the host's go, ring 1 beta-labs'. {@code acme-pipeline} is
 * acme-security's machine client, {@code other-engineer} a contributor of other-vendor (a member that takes no part),
 * {@code gov-liaison} a government reader, {@code outsider} in no workspace, {@code other-pipeline} other-vendor's
 * machine client, {@code host-admin} a portal admin who is no member. Every action runs on a fresh release in the
 * state that allows it, so a 2xx means the caller may, and a refusal is about the caller alone. A 404 must be the
 * very answer an unknown id gets.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RolloutsAuthorisationMatrixTests extends RolloutsApiTest {

	/**
	 * Caller, then the answer of: declare, list (seen/hidden), GET release, schedule, calendar-approval, start,
	 * advance, sign-off, halt, resume, roll-back, cancel, POST health, GET health, calendar (seen/hidden), POST
	 * freeze, DELETE freeze, GET policy, PUT policy, what we owe (seen/hidden: ring 0 waits for the host's sign-off)
	 * and the organisation's (only organisation admins; host-admin is host's).
	 */
	private static final String TABLE = """
			partner-engineer 201 seen   200 200 403 200 200 403 200 200 200 200 201 200 seen   403 403 200 403 hidden 403
			acme-pipeline    403 seen   200 403 403 403 403 403 403 403 403 403 201 200 seen   403 403 200 403 hidden 403
			host-engineer    201 seen   200 403 200 403 403 200 200 200 403 403 403 200 seen   403 403 200 403 seen   403
			other-engineer   201 seen   200 403 403 403 403 403 403 403 403 403 403 200 seen   403 403 200 403 hidden 403
			gov-liaison      403 seen   200 403 403 403 403 403 403 403 403 403 403 200 seen   403 403 200 403 hidden 403
			outsider         404 hidden 404 404 404 404 404 404 404 404 404 404 404 404 hidden 403 403 200 403 hidden 403
			anonymous        401 401    401 401 401 401 401 401 401 401 401 401 401 401 401    401 401 401 401 401    401
			other-pipeline   403 hidden 404 404 404 404 404 404 404 404 404 404 404 404 hidden 403 403 200 403 hidden 403
			host-admin       404 hidden 404 404 404 404 404 404 404 404 404 404 404 404 hidden 201 204 200 200 hidden seen
			""";

	private static final List<String> ENDPOINTS = List.of("declare", "list", "read", "schedule", "calendar-approval",
			"start", "advance", "sign-off", "halt", "resume", "roll-back", "cancel", "report", "health", "calendar",
			"freeze", "unfreeze", "policy", "change-policy", "owed", "owed-org");

	/** The state each action needs to be possible at all. */
	private static final Map<String, String> STATE = Map.of("schedule", "DRAFT", "cancel", "DRAFT",
			"calendar-approval", "CONFLICTED", "start", "SCHEDULED", "advance", "READY", "resume", "HALTED");

	@Autowired
	ReleaseStore store;

	private UUID workspace;

	private UUID readable;

	private String unknownReleaseAnswer;

	private final AtomicInteger checked = new AtomicInteger();

	private final AtomicInteger unauthorisedSuccesses = new AtomicInteger();

	@BeforeAll
	void world() throws Exception {
		this.workspace = standardWorkspace();
		this.readable = seed("IN_RING");
		this.unknownReleaseAnswer = withoutInstance(this.mvc
			.perform(as("partner-engineer", get(RELEASES + "/" + UUID.randomUUID())))
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
		UUID release = switch (endpoint) {
			case "list", "read", "health", "calendar", "declare", "freeze", "unfreeze", "policy", "change-policy", "owed",
					"owed-org" ->
				this.readable;
			default -> seed(STATE.getOrDefault(endpoint, "IN_RING"));
		};
		MockHttpServletResponse response = this.mvc.perform(as(caller, request(endpoint, release)))
			.andReturn()
			.getResponse();
		this.checked.incrementAndGet();

		String actual = Integer.toString(response.getStatus());
		if (List.of("list", "calendar", "owed", "owed-org").contains(endpoint) && response.getStatus() == 200) {
			actual = shows(endpoint, JSON.readTree(response.getContentAsString()), release) ? "seen" : "hidden";
		}
		boolean allowed = expected.startsWith("2") || expected.equals("seen");
		if (!allowed && (actual.startsWith("2") || actual.equals("seen"))) {
			this.unauthorisedSuccesses.incrementAndGet();
		}
		assertThat(actual).as("%s %s: %s", caller, endpoint, response.getContentAsString()).isEqualTo(expected);
		if (expected.equals("404") && !endpoint.equals("declare")) {
			assertThat(withoutInstance(response.getContentAsString())).as("a 404 like an unknown id's")
				.isEqualTo(this.unknownReleaseAnswer);
		}
	}

	@AfterAll
	void countEveryCellAndNoUnauthorisedSuccess() {
		assertThat(this.checked).hasValue(9 * ENDPOINTS.size());
		assertThat(this.unauthorisedSuccesses).hasValue(0);
	}

	private MockHttpServletRequestBuilder request(String endpoint, UUID release) {
		String path = RELEASES + "/" + release;
		Instant now = now();
		return switch (endpoint) {
			case "declare" -> json(post(RELEASES), release(this.workspace, "SENSOR", "TLP:AMBER"));
			case "list" -> get(RELEASES).param("workspaceId", this.workspace.toString());
			case "read" -> get(path);
			case "schedule" -> json(post(path + "/schedule"), Map.of("start", now.toString()));
			case "calendar-approval", "start", "advance", "resume" -> json(post(path + "/" + endpoint), Map.of());
			case "sign-off" -> json(post(path + "/rings/0/sign-offs"), Map.of("decision", "GO"));
			case "halt" -> json(post(path + "/halt"), Map.of("reason", "Boot loops reported"));
			case "roll-back", "cancel" -> json(post(path + "/" + endpoint), Map.of("reason", "Superseded"));
			case "report" -> json(post(path + "/rings/0/health"), health(now, 500, 500, 0, 0, 0))
				.header("Idempotency-Key", UUID.randomUUID().toString());
			case "health" -> get(path + "/health");
			case "calendar" -> get("/api/rollouts/calendar").param("from", now.minus(Duration.ofHours(3)).toString())
				.param("to", now.plus(Duration.ofDays(1)).toString());
			// far in the past: no other test's schedule runs into these windows
			case "freeze" -> json(post("/api/rollouts/calendar/freezes"),
					Map.of("from", "1990-01-01T00:00:00Z", "to", "1990-01-02T00:00:00Z", "reason", "Matrix"));
			case "unfreeze" -> delete("/api/rollouts/calendar/freezes/" + oldFreeze());
			case "policy" -> get("/api/rollouts/policy");
			case "owed" -> get("/api/rollouts/sign-offs/owed");
			case "owed-org" -> get("/api/rollouts/sign-offs/owed").param("scope", "organisation");
			case "change-policy" -> json(put("/api/rollouts/policy"), Map.of("kernelModeKinds",
					List.of("KERNEL_DRIVER", "SENSOR"), "hostSignOffBeforeLeavingFirstRing", true, "minimumRings", 2,
					"minimumSoak", "PT1H", "kernelModeStartsPerDay", 1000));
			default -> throw new IllegalArgumentException(endpoint);
		};
	}

	private static boolean shows(String endpoint, JsonNode body, UUID release) {
		JsonNode items = endpoint.equals("calendar") ? body.get("entries") : body;
		for (JsonNode item : items) {
			JsonNode id = item.get(endpoint.equals("list") ? "id" : "releaseId");
			if (id != null && release.toString().equals(id.asString())) {
				return true;
			}
		}
		return false;
	}

	private UUID oldFreeze() {
		UUID id = UUID.randomUUID();
		this.mongo.insert(new Document("_id", id).append("from", Date.from(Instant.parse("1990-01-01T00:00:00Z")))
			.append("to", Date.from(Instant.parse("1990-01-02T00:00:00Z")))
			.append("reason", "Matrix")
			.append("createdBy", subjectOf("host-admin")), "freezes");
		return id;
	}

	/**
	 * A release of acme-security in this state, built through the aggregate's own transitions and stored as the
	 * service would store it: DRAFT, SCHEDULED (start now), CONFLICTED (scheduled with a calendar conflict), IN_RING
	 * (ring 0 for ten minutes), READY (ring 0 may be left now), HALTED (stopped in ring 0).
	 */
	private UUID seed(String state) {
		Instant now = now();
		Actor engineer = new Actor(subjectOf("partner-engineer"), "acme-security", false);
		Actor host = new Actor(subjectOf("host-engineer"), "host", true);
		Set<String> hosts = Set.of("host");
		Policy policy = Policy.defaults();
		Declaration declaration = new Declaration(this.workspace, "Acme Falcon Sensor", "7.11.2", Kind.SENSOR,
				"Fixes a memory leak", TlpLabel.AMBER, List.of(), List.of(),
				List.of(plan("canary", 1, "host"), plan("pilot", 10, "beta-labs"), plan("broad", 100)));
		PlanRules.WorkspaceFacts facts = new PlanRules.WorkspaceFacts(TlpLabel.RED,
				List.of(new Reader(engineer.id(), "acme-security"), new Reader(host.id(), "host"),
						new Reader(subjectOf("signer"), "beta-labs")),
				Set.of(), hosts);
		Instant started = now.minus(Duration.ofMinutes(10));
		Release release = Release.declare(UUID.randomUUID(), declaration, engineer, policy, facts,
				now.minus(Duration.ofHours(3)));
		List<Step> steps = new ArrayList<>();
		switch (state) {
			case "DRAFT" -> {
			}
			case "SCHEDULED" -> steps.add((r) -> r.schedule(now, List.of(), engineer, now));
			case "CONFLICTED" -> steps.add((r) -> r.schedule(now, List.of("The start is in the freeze window 'Patch"
					+ " Tuesday'"), engineer, now));
			case "IN_RING", "HALTED" -> {
				steps.add((r) -> r.schedule(started, List.of(), engineer, started));
				steps.add((r) -> r.start(hosts, policy, engineer, started));
				if (state.equals("HALTED")) {
					steps.add((r) -> r.halt("Boot loops reported", false, hosts, host, now));
				}
			}
			case "READY" -> {
				Instant earlier = now.minus(Duration.ofHours(2));
				steps.add((r) -> r.schedule(earlier, List.of(), engineer, earlier));
				steps.add((r) -> r.start(hosts, policy, engineer, earlier));
				steps.add((r) -> r.report(0, earlier.plusSeconds(60), 500, 500, 0, 0, 0, hosts, engineer,
						earlier.plusSeconds(60)));
				steps.add((r) -> r.signOff(0, Decision.GO, null, host, earlier.plusSeconds(120)));
			}
			default -> throw new IllegalArgumentException(state);
		}
		for (Step step : steps) {
			release = Release.from(release.snapshot());
			step.apply(release);
		}
		this.store.insert(release);
		return release.id();
	}

	@FunctionalInterface
	private interface Step {

		void apply(Release release);

	}

	private static RingPlan plan(String name, double share, String... signers) {
		return new RingPlan(name, share, null, Duration.ofHours(1), new Gates(2, 1, 5.0, 100), List.of(signers));
	}

	private static String withoutInstance(String problem) {
		return problem.replaceAll("\"instance\":\"[^\"]*\"", "");
	}

}

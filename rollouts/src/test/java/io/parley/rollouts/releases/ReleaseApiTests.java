package io.parley.rollouts.releases;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import io.parley.platform.events.EventEnvelope;
import io.parley.platform.events.EventSamples;
import io.parley.rollouts.RolloutsApiTest;
import org.bson.Document;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;
import org.springframework.mock.web.MockHttpServletResponse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;

/**
 * Every transition of a release over HTTP, and every refusal: each refusal is a precise problem detail and leaves
 * the stored release exactly as it was (the whole document, outbox included, is compared).
 */
class ReleaseApiTests extends RolloutsApiTest {

	private static final String INVALID = "urn:parley:problem:invalid-request";

	@Autowired
	ReleaseStore store;

	private UUID workspace;

	@BeforeEach
	void world() {
		this.workspace = standardWorkspace();
	}

	// ---- declaring

	@Test
	void givenContributor_whenDeclaring_thenDraftWithLocationAllowedActionsAndDeclaredEvent() throws Exception {
		MockHttpServletResponse response = this.mvc
			.perform(as("partner-engineer", json(post(RELEASES), release(this.workspace, "SENSOR", "TLP:AMBER"))))
			.andReturn()
			.getResponse();
		JsonNode body = expect(201, response);
		UUID id = UUID.fromString(body.get("id").asString());

		assertThat(response.getHeader(HttpHeaders.LOCATION)).isEqualTo(RELEASES + "/" + id);
		assertThat(body.get("state").asString()).isEqualTo("DRAFT");
		assertThat(body.get("organisationId").asString()).isEqualTo("acme-security");
		assertThat(body.get("label").asString()).isEqualTo("TLP:AMBER");
		assertThat(body.get("ringCount").asInt()).isEqualTo(3);
		assertThat(body.get("rings").get(0).get("minSoak").asString()).isEqualTo("PT1H");
		assertThat(body.get("rings").get(0).get("gates").get("maxCrashPerMille").asDouble()).isEqualTo(2.0);
		assertThat(strings(body.get("allowed"))).containsExactlyInAnyOrder("schedule", "cancel");
		assertThat(body.get("timeline").get(0).get("kind").asString()).isEqualTo("DECLARED");

		List<EventEnvelope> events = outbox(id);
		assertThat(events).singleElement().satisfies((event) -> {
			assertThat(event.type()).isEqualTo("rollouts.release.declared");
			assertThat(event.producer()).isEqualTo("rollouts");
			assertThat(event.aggregateId()).isEqualTo(id.toString());
			assertThat(event.aggregateVersion()).isEqualTo(1);
			assertThat(event.data().get("release").get("declaredBy").asString()).isEqualTo(subjectOf("partner-engineer"));
			EventSamples.assertMatchesSample(event, JSON);
		});
	}

	@Test
	void givenBadPlans_whenDeclaring_thenPreciseProblemsInWordsAndNothingStored() throws Exception {
		long before = this.mongo.getCollection("releases").countDocuments();
		Map<String, Object> noRings = release(this.workspace, "SENSOR", "TLP:AMBER");
		noRings.put("rings", List.of());
		assertProblem(400, INVALID, "rings: a plan needs at least one ring", declaring("partner-engineer", noRings));

		Map<String, Object> gate = release(this.workspace, "SENSOR", "TLP:AMBER");
		Map<String, Object> wide = ring("canary", 1, "PT1H");
		wide.put("gates", Map.of("maxCrashPerMille", 1200, "maxBootFailurePerMille", 1, "minDevicesReporting", 10));
		gate.put("rings", List.of(wide, ring("pilot", 10, "PT1H")));
		assertProblem(400, INVALID, "the crash rate gate must be between 0 and 1000 per mille, not 1200.0",
				declaring("partner-engineer", gate));

		Map<String, Object> oneRing = release(this.workspace, "SENSOR", "TLP:AMBER");
		oneRing.put("rings", List.of(ring("canary", 1, "PT1H")));
		assertProblem(422, "urn:parley:problem:plan-refused", "asks for at least 2 rings, this plan has 1",
				declaring("partner-engineer", oneRing));

		Map<String, Object> quick = release(this.workspace, "SENSOR", "TLP:AMBER");
		quick.put("rings", List.of(ring("canary", 1, "PT5M"), ring("pilot", 10, "PT1H")));
		assertProblem(422, "urn:parley:problem:plan-refused", "rings[0].minSoak: the portal's policy asks for at least PT1H",
				declaring("partner-engineer", quick));

		Map<String, Object> stranger = release(this.workspace, "SENSOR", "TLP:AMBER");
		stranger.put("rings", List.of(ring("canary", 1, "PT1H", "nobody-corp"), ring("pilot", 10, "PT1H")));
		assertProblem(422, "urn:parley:problem:plan-refused", "nobody-corp is not a member organisation of this workspace",
				declaring("partner-engineer", stranger));

		Map<String, Object> words = release(this.workspace, "FIRMWARE", "AMBER");
		words.put("version", "../7");
		words.put("rings", List.of(ring("canary", 1, "two hours"), ring("pilot", 10, "PT1H", "Not An Org")));
		MockHttpServletResponse shape = declaring("partner-engineer", words);
		assertProblem(400, INVALID, "version: letters, digits and . + _ - only", shape);
		assertThat(problem(shape).get("detail").asString())
			.contains("must be organisation ids such as acme-security (lower-case letters, digits and hyphens)")
			.doesNotContain("^[", "must match");
		Map<String, Object> vocabulary = release(this.workspace, "FIRMWARE", "AMBER");
		vocabulary.put("rings", List.of(ring("canary", 1, "two hours"), ring("pilot", 10, "PT1H")));
		assertProblem(400, INVALID, "kind: one of KERNEL_DRIVER, SENSOR, CONTENT_UPDATE, CONFIGURATION; label: one of"
				+ " TLP:CLEAR, TLP:GREEN, TLP:AMBER, TLP:AMBER+STRICT, TLP:RED; rings[0].minSoak: an ISO-8601 duration"
				+ " such as PT2H or P1D.", declaring("partner-engineer", vocabulary));

		assertThat(this.mongo.getCollection("releases").countDocuments()).isEqualTo(before);
	}

	@Test
	void givenWhoMayNotDeclare_whenDeclaring_thenRefusedAndNothingStored() throws Exception {
		long before = this.mongo.getCollection("releases").countDocuments();
		Map<String, Object> body = release(this.workspace, "SENSOR", "TLP:AMBER");

		assertProblem(403, "urn:parley:problem:forbidden", "Only owners and contributors", declaring("colleague", body));
		assertProblem(403, "urn:parley:problem:forbidden", "Government observers read releases",
				declaring("gov-liaison", body));
		assertProblem(403, "urn:parley:problem:forbidden", "machine client", declaring("acme-pipeline", body));
		assertProblem(404, "urn:parley:problem:not-found", "No such workspace.", declaring("outsider", body));
		assertProblem(404, "urn:parley:problem:not-found", "No such workspace.", declaring("host-admin", body));
		assertThat(this.mongo.getCollection("releases").countDocuments()).isEqualTo(before);
	}

	@Test
	void givenLabelAboveTheCeiling_whenDeclaring_thenRefused() throws Exception {
		UUID amber = workspace("TLP:AMBER", Map.of("partner-engineer", "contributor", "host-engineer", "owner"));
		Map<String, Object> body = release(amber, "SENSOR", "TLP:RED");
		body.put("namedPeople", List.of(subjectOf("host-engineer")));
		body.put("rings", List.of(ring("canary", 1, "PT1H", "host"), ring("pilot", 10, "PT1H")));

		assertProblem(422, "urn:parley:problem:plan-refused",
				"label: this workspace holds material up to TLP:AMBER; TLP:RED is above that",
				declaring("partner-engineer", body));
	}

	// ---- the whole way through

	@Test
	void givenHealthyRingsAndEveryGo_whenAdvancedRingByRing_thenCompletedWithAnEventPerTransition() throws Exception {
		UUID release = declare("partner-engineer", release(this.workspace, "SENSOR", "TLP:AMBER"));
		JsonNode scheduled = expect(200, act("partner-engineer", release, "schedule", Map.of("start", now().toString())));
		assertThat(scheduled.get("state").asString()).isEqualTo("SCHEDULED");
		assertThat(strings(scheduled.get("allowed"))).containsExactlyInAnyOrder("start", "halt", "cancel");

		JsonNode started = expect(200, act("partner-engineer", release, "start"));
		assertThat(started.get("state").asString()).isEqualTo("IN_RING");
		assertThat(started.get("currentRing").asInt()).isZero();
		assertThat(started.get("ringName").asString()).isEqualTo("canary");
		assertThat(strings(started.get("awaitingSignOff"))).containsExactly("host");

		expect(201, report("acme-pipeline", release, 0, 500, 0, 0));
		JsonNode signed = expect(200, act("host-engineer", release, "rings/0/sign-offs", Map.of("decision", "GO")));
		assertThat(strings(signed.get("awaitingSignOff"))).isEmpty();
		assertThat(signed.get("rings").get(0).get("signOffs").get(0).get("organisationId").asString()).isEqualTo("host");
		this.clock.advance(hours(1));
		JsonNode ring1 = expect(200, act("partner-engineer", release, "advance"));
		assertThat(ring1.get("currentRing").asInt()).isEqualTo(1);
		assertThat(strings(ring1.get("awaitingSignOff"))).containsExactly("beta-labs");

		expect(201, report("partner-engineer", release, 1, 5000, 1, 0));
		expect(200, act("signer", release, "rings/1/sign-offs", Map.of("decision", "GO")));
		this.clock.advance(hours(1));
		expect(200, act("partner-engineer", release, "advance"));
		expect(201, report("acme-pipeline", release, 2, 50000, 3, 2));
		this.clock.advance(hours(1));
		JsonNode completed = expect(200, act("partner-engineer", release, "advance"));

		assertThat(completed.get("state").asString()).isEqualTo("COMPLETED");
		assertThat(strings(completed.get("allowed"))).isEmpty();
		List<EventEnvelope> events = outbox(release);
		assertThat(events).extracting(EventEnvelope::type)
			.containsExactly("rollouts.release.declared", "rollouts.release.scheduled", "rollouts.release.ring-started",
					"rollouts.release.signed-off", "rollouts.release.ring-started", "rollouts.release.signed-off",
					"rollouts.release.ring-started", "rollouts.release.completed");
		assertThat(events).extracting(EventEnvelope::aggregateVersion).isSorted().doesNotHaveDuplicates();
		events.forEach((event) -> EventSamples.assertMatchesSample(event, JSON));
		assertThat(timeline(completed)).containsSubsequence("DECLARED", "SCHEDULED", "RING_STARTED", "HEALTH",
				"SIGNED_OFF", "RING_STARTED", "HEALTH", "SIGNED_OFF", "RING_STARTED", "HEALTH", "COMPLETED");

		JsonNode series = expect(200, this.mvc.perform(as("other-engineer", get(RELEASES + "/" + release + "/health")))
			.andReturn()
			.getResponse());
		assertThat(series.get("rings").size()).isEqualTo(3);
		JsonNode pilot = series.get("rings").get(1);
		assertThat(pilot.get("name").asString()).isEqualTo("pilot");
		assertThat(pilot.get("gates").get("maxCrashPerMille").asDouble()).isEqualTo(2.0);
		assertThat(pilot.get("reports").get(0).get("crashPerMille").asDouble()).isEqualTo(0.2);
		assertThat(series.get("rings").get(2).get("reports").get(0).get("bootFailurePerMille").asDouble())
			.isEqualTo(0.04);
	}

	@Test
	void givenScheduleInAFreeze_whenStarting_thenTheHostMustApproveFirst() throws Exception {
		Instant start = now().plus(Duration.ofDays(2));
		expect(201, this.mvc
			.perform(as("host-admin", json(post("/api/rollouts/calendar/freezes"), Map.of("from",
					start.minus(hours(1)).toString(), "to", start.plus(hours(1)).toString(), "reason", "Patch Tuesday"))))
			.andReturn()
			.getResponse());
		UUID release = declare("partner-engineer", release(this.workspace, "CONTENT_UPDATE", "TLP:AMBER"));

		JsonNode scheduled = expect(200, act("partner-engineer", release, "schedule", Map.of("start", start.toString())));
		assertThat(strings(scheduled.get("calendarConflicts"))).singleElement()
			.asString()
			.contains("freeze window 'Patch Tuesday'");
		assertThat(outbox(release).get(1).data().get("calendarConflicts").size()).isEqualTo(1);
		this.clock.advance(Duration.ofDays(2));

		assertProblem(409, "urn:parley:problem:start-blocked", "the host has not approved its calendar conflicts",
				unchanged(release, () -> act("partner-engineer", release, "start")));
		assertProblem(403, "urn:parley:problem:forbidden", "host organisation",
				unchanged(release, () -> act("partner-engineer", release, "calendar-approval")));
		JsonNode hostView = expect(200, this.mvc.perform(as("host-engineer", get(RELEASES + "/" + release)))
			.andReturn()
			.getResponse());
		assertThat(strings(hostView.get("allowed"))).contains("approve-calendar");

		JsonNode approved = expect(200, act("host-engineer", release, "calendar-approval"));
		assertThat(approved.get("hostApproval").get("organisationId").asString()).isEqualTo("host");
		assertThat(timeline(approved)).endsWith("HOST_APPROVED");
		assertProblem(409, "urn:parley:problem:already-approved", "already approved",
				unchanged(release, () -> act("host-engineer", release, "calendar-approval")));
		expect(200, act("partner-engineer", release, "start"));
		// later tests schedule at "now": leave them no freeze to run into
		String freezes = this.mvc.perform(as("host-admin", get("/api/rollouts/calendar").param("from",
				start.minus(hours(2)).toString()).param("to", start.plus(hours(2)).toString()))).andReturn().getResponse()
			.getContentAsString();
		for (JsonNode freeze : JSON.readTree(freezes).get("freezes")) {
			expect(204, this.mvc.perform(as("host-admin",
					org.springframework.test.web.servlet.request.MockMvcRequestBuilders
						.delete("/api/rollouts/calendar/freezes/" + freeze.get("id").asString())))
				.andReturn()
				.getResponse());
		}
	}

	@Test
	void givenScheduledInTheFuture_whenStartingEarly_thenRefusedNamingTheStart() throws Exception {
		UUID release = declare("partner-engineer", release(this.workspace, "CONTENT_UPDATE", "TLP:AMBER"));
		Instant start = now().plus(hours(3));
		expect(200, act("partner-engineer", release, "schedule", Map.of("start", start.toString())));

		JsonNode problem = assertProblem(409, "urn:parley:problem:start-blocked", "it is scheduled to start at " + start,
				unchanged(release, () -> act("partner-engineer", release, "start")));
		assertThat(problem.get("state").asString()).isEqualTo("SCHEDULED");
	}

	// ---- health reports

	@Test
	void givenSameIdempotencyKey_whenReportedAgain_thenTheFirstAnswerAppliedOnce() throws Exception {
		UUID release = inRing0(this.workspace, "SENSOR");
		Map<String, Object> body = health(now(), 800, 700, 1, 0, 0);

		MockHttpServletResponse first = report("acme-pipeline", release, 0, "build-4711-ring-0", body);
		JsonNode answer = expect(201, first);
		assertThat(answer.get("halted").asBoolean()).isFalse();
		assertThat(answer.get("report").get("crashPerMille").asDouble()).isEqualTo(1000.0 / 700);
		assertThat(answer.get("gates")).hasSize(3);
		assertThat(answer.get("release").get("state").asString()).isEqualTo("IN_RING");
		Document afterFirst = stored(release);

		MockHttpServletResponse retry = report("acme-pipeline", release, 0, "build-4711-ring-0", body);
		assertThat(retry.getStatus()).isEqualTo(200);
		assertThat(retry.getContentAsString()).isEqualTo(first.getContentAsString());
		assertThat(stored(release)).isEqualTo(afterFirst);
		assertThat(chartPoints(release)).as("applied once").isEqualTo(1);

		Map<String, Object> other = health(now(), 800, 700, 2, 0, 0);
		assertProblem(422, "urn:parley:problem:idempotency-key-reused", "already used for a different report",
				unchanged(release, () -> report("acme-pipeline", release, 0, "build-4711-ring-0", other)));
	}

	@Test
	void givenBadReports_whenReported_thenPreciseProblemsAndNothingChanges() throws Exception {
		UUID release = inRing0(this.workspace, "SENSOR");
		this.clock.advance(Duration.ofMinutes(10));
		expect(201, report("acme-pipeline", release, 0, 500, 0, 0));
		Instant observed = now();

		assertProblem(400, INVALID, "crashes: must not be negative (-3)", unchanged(release,
				() -> report("acme-pipeline", release, 0, key(), health(observed.plusSeconds(1), 10, 10, -3, 0, 0))));
		assertProblem(400, INVALID, "devicesReporting: 20 devices cannot report when only 10 were updated",
				unchanged(release, () -> report("acme-pipeline", release, 0, key(),
						health(observed.plusSeconds(1), 10, 20, 0, 0, 0))));
		assertProblem(400, INVALID, "bootFailures: 11 is more than the 10 devices reporting", unchanged(release,
				() -> report("acme-pipeline", release, 0, key(), health(observed.plusSeconds(1), 10, 10, 0, 11, 0))));
		assertProblem(400, INVALID, "more than 5 minutes ahead of the portal's clock", unchanged(release,
				() -> report("acme-pipeline", release, 0, key(), health(observed.plus(Duration.ofMinutes(6)), 10, 10, 0, 0, 0))));
		assertProblem(400, INVALID, "Idempotency-Key: send this header", unchanged(release,
				() -> report("acme-pipeline", release, 0, null, health(observed.plusSeconds(1), 10, 10, 0, 0, 0))));
		assertProblem(400, INVALID, "observedAt: a UTC time in ISO-8601", unchanged(release, () -> {
			Map<String, Object> body = health(observed, 10, 10, 0, 0, 0);
			body.put("observedAt", "yesterday");
			return report("acme-pipeline", release, 0, key(), body);
		}));
		assertProblem(400, INVALID, "crashes: is required", unchanged(release, () -> {
			Map<String, Object> body = health(observed, 10, 10, 0, 0, 0);
			body.remove("crashes");
			return report("acme-pipeline", release, 0, key(), body);
		}));
		assertProblem(409, "urn:parley:problem:report-out-of-order", "send reports in the order they were observed",
				unchanged(release, () -> report("acme-pipeline", release, 0, key(),
						health(observed.minusSeconds(30), 10, 10, 0, 0, 0))));
		assertProblem(409, "urn:parley:problem:ring-not-current", "Ring 1 (pilot) cannot be reported on: the release is"
				+ " in ring 0 (canary).", unchanged(release, () -> report("acme-pipeline", release, 1, 10, 0, 0)));
		assertProblem(409, "urn:parley:problem:ring-not-current", "this plan has rings 0 to 2",
				unchanged(release, () -> report("acme-pipeline", release, 7, 10, 0, 0)));
	}

	@Test
	void givenFinishedRingOrHaltedOrCompleted_whenReported_thenConflictNamingTheState() throws Exception {
		UUID release = readyToLeaveRing0();
		expect(200, act("partner-engineer", release, "advance"));

		JsonNode finished = assertProblem(409, "urn:parley:problem:ring-not-current",
				"Ring 0 (canary) cannot be reported on: the release is in ring 1 (pilot).",
				unchanged(release, () -> report("acme-pipeline", release, 0, 500, 0, 0)));
		assertThat(finished.get("state").asString()).isEqualTo("IN_RING");

		expect(200, act("signer", release, "halt", Map.of("reason", "Beta sees boot loops")));
		JsonNode halted = assertProblem(409, "urn:parley:problem:not-in-ring", "This release is halted in ring 1 (pilot)",
				unchanged(release, () -> report("acme-pipeline", release, 1, 500, 0, 0)));
		assertThat(halted.get("state").asString()).isEqualTo("HALTED");

		expect(200, act("partner-engineer", release, "roll-back", Map.of("reason", "Boot loops on older firmware")));
		assertProblem(409, "urn:parley:problem:not-in-ring", "This release is rolled back",
				unchanged(release, () -> report("acme-pipeline", release, 1, 500, 0, 0)));
	}

	@Test
	void givenBreachingReport_whenReported_thenHaltedAtOnceWithTheBreachInTheSameWrite() throws Exception {
		UUID release = inRing0(this.workspace, "SENSOR");

		JsonNode answer = expect(201, report("acme-pipeline", release, 0, 5000, 1, 21));

		assertThat(answer.get("halted").asBoolean()).isTrue();
		assertThat(answer.get("release").get("state").asString()).isEqualTo("HALTED");
		assertThat(answer.get("release").get("halted").get("automatic").asBoolean()).isTrue();
		assertThat(answer.get("release").get("halted").get("reason").asString())
			.isEqualTo("Boot-failure rate 4.2‰ is above its gate of 1‰ (5000 devices reporting)");
		EventEnvelope halted = outbox(release).get(outbox(release).size() - 1);
		assertThat(halted.type()).isEqualTo("rollouts.release.halted");
		assertThat(halted.data().get("participants").toString()).contains("acme-security", "host", "beta-labs");
		assertThat(halted.data().get("openWarRoom").asBoolean()).isTrue();
		EventSamples.assertMatchesSample(halted, JSON);
		Document document = stored(release);
		assertThat(document.getString("state")).isEqualTo("HALTED");
		assertThat(chartPoints(release)).isEqualTo(1);
	}

	// ---- sign-offs

	@Test
	void givenSignOffsThatMayNotBe_whenSigned_thenRefusedAndNothingChanges() throws Exception {
		UUID release = inRing0(this.workspace, "SENSOR");

		assertProblem(403, "urn:parley:problem:forbidden", "Your organisation's sign-off is not asked for this ring; it"
				+ " needs [host]", unchanged(release,
						() -> act("signer", release, "rings/0/sign-offs", Map.of("decision", "GO"))));
		assertProblem(403, "urn:parley:problem:forbidden", "Government observers read releases",
				unchanged(release, () -> act("gov-liaison", release, "rings/0/sign-offs", Map.of("decision", "GO"))));
		assertProblem(400, INVALID, "reason: a no-go needs a reason the others can act on",
				unchanged(release, () -> act("host-engineer", release, "rings/0/sign-offs", Map.of("decision", "NO_GO"))));
		assertProblem(400, INVALID, "decision: GO or NO_GO",
				unchanged(release, () -> act("host-engineer", release, "rings/0/sign-offs", Map.of("decision", "YES"))));
		assertProblem(409, "urn:parley:problem:ring-not-current", "Ring 1 (pilot) cannot be signed off",
				unchanged(release, () -> act("signer", release, "rings/1/sign-offs", Map.of("decision", "GO"))));
	}

	@Test
	void givenNoGo_whenAdvancing_thenBlockedWithItsReasonUntilTheOrganisationSaysGo() throws Exception {
		UUID release = inRing0(this.workspace, "CONTENT_UPDATE");
		expect(201, report("acme-pipeline", release, 0, 500, 0, 0));
		expect(200, act("host-engineer", release, "rings/0/sign-offs",
				Map.of("decision", "NO_GO", "reason", "Boot telemetry from ring 0 is incomplete")));
		this.clock.advance(hours(1));

		JsonNode blocked = assertProblem(409, "urn:parley:problem:advance-blocked",
				"Ring 0 (canary) cannot be left yet: no-go from host: Boot telemetry from ring 0 is incomplete.",
				unchanged(release, () -> act("partner-engineer", release, "advance")));
		assertThat(blocked.get("state").asString()).isEqualTo("IN_RING");

		expect(200, act("host-engineer", release, "rings/0/sign-offs", Map.of("decision", "GO")));
		assertThat(expect(200, act("partner-engineer", release, "advance")).get("currentRing").asInt()).isEqualTo(1);
	}

	@Test
	void givenFreshRing_whenAdvancing_thenTheProblemListsEveryUnmetCondition() throws Exception {
		UUID release = inRing0(this.workspace, "KERNEL_DRIVER");
		expect(201, report("acme-pipeline", release, 0, 40, 0, 0));

		JsonNode problem = assertProblem(409, "urn:parley:problem:advance-blocked", "Ring 0 (canary) cannot be left yet:",
				unchanged(release, () -> act("partner-engineer", release, "advance")));

		assertThat(problem.get("detail").asString()).contains("soak time ends at " + now().plus(hours(1)),
				"devices reporting 40 < 100 required", "awaiting go from [host]",
				"awaiting go from a host organisation");
		assertThat(problem.get("title").asString()).isEqualTo("The ring cannot be left yet");
	}

	// ---- halts, resumes, roll-backs, cancels

	@Test
	void givenParticipant_whenHaltingAndBothSidesResume_thenTheRingSoaksAgainFromTheResume() throws Exception {
		UUID release = inRing0(this.workspace, "SENSOR");
		expect(201, report("acme-pipeline", release, 0, 500, 0, 0));

		JsonNode halted = expect(200, act("signer", release, "halt",
				Map.of("reason", "Beta Labs sees boot loops on its fleet", "openWarRoom", true)));
		assertThat(halted.get("state").asString()).isEqualTo("HALTED");
		assertThat(halted.get("halted").get("automatic").asBoolean()).isFalse();
		EventEnvelope haltedEvent = last(release);
		assertThat(haltedEvent.type()).isEqualTo("rollouts.release.halted");
		assertThat(haltedEvent.data().get("openWarRoom").asBoolean()).isTrue();
		assertThat(haltedEvent.data().get("actorId").asString()).isEqualTo(subjectOf("signer"));

		assertProblem(403, "urn:parley:problem:forbidden", "Only the releasing organisation",
				unchanged(release, () -> act("signer", release, "resume")));
		JsonNode firstAsk = expect(200, act("partner-engineer", release, "resume"));
		assertThat(firstAsk.get("state").asString()).isEqualTo("HALTED");
		assertThat(strings(firstAsk.get("resumeAgreedBy"))).containsExactly("acme-security");
		assertThat(strings(firstAsk.get("allowed"))).doesNotContain("resume");
		assertThat(last(release).type()).isEqualTo("rollouts.release.halted");
		this.clock.advance(Duration.ofMinutes(30));

		JsonNode resumed = expect(200, act("host-engineer", release, "resume"));
		assertThat(resumed.get("state").asString()).isEqualTo("IN_RING");
		assertThat(resumed.get("currentRing").asInt()).isZero();
		assertThat(resumed.get("rings").get(0).get("latestHealth").isNull()).isTrue();
		assertThat(resumed.get("rings").get(0).get("soakEndsAt").asString()).isEqualTo(now().plus(hours(1)).toString());
		EventEnvelope resumedEvent = last(release);
		assertThat(resumedEvent.type()).isEqualTo("rollouts.release.resumed");
		assertThat(resumedEvent.data().get("agreedBy").toString()).contains("acme-security", "host");
		EventSamples.assertMatchesSample(resumedEvent, JSON);
	}

	@Test
	void givenHaltWithoutReasonOrByAnOutsider_whenHalting_thenRefusedAndNothingChanges() throws Exception {
		UUID release = inRing0(this.workspace, "SENSOR");

		assertProblem(400, INVALID, "reason: say why", unchanged(release, () -> act("signer", release, "halt",
				Map.of("reason", " "))));
		assertProblem(403, "urn:parley:problem:forbidden", "Only people of the organisations taking part",
				unchanged(release, () -> act("other-engineer", release, "halt", Map.of("reason", "Because"))));
		assertProblem(404, "urn:parley:problem:not-found", "No such release.",
				unchanged(release, () -> act("outsider", release, "halt", Map.of("reason", "Because"))));
	}

	@Test
	void givenIllegalMoves_whenAttempted_thenConflictNamingTheStateAndNothingChanges() throws Exception {
		UUID release = declare("partner-engineer", release(this.workspace, "SENSOR", "TLP:AMBER"));

		JsonNode start = assertProblem(409, "urn:parley:problem:illegal-transition",
				"This release is a draft; it cannot be started (only a release that is SCHEDULED can).",
				unchanged(release, () -> act("partner-engineer", release, "start")));
		assertThat(start.get("state").asString()).isEqualTo("DRAFT");
		assertProblem(409, "urn:parley:problem:illegal-transition", "it cannot be resumed",
				unchanged(release, () -> act("partner-engineer", release, "resume")));
		assertProblem(409, "urn:parley:problem:illegal-transition", "it cannot be advanced",
				unchanged(release, () -> act("partner-engineer", release, "advance")));
		assertProblem(409, "urn:parley:problem:illegal-transition", "it cannot be rolled back",
				unchanged(release, () -> act("partner-engineer", release, "roll-back", Map.of("reason", "No"))));
		assertProblem(400, INVALID, "start: " + now().minusSeconds(60) + " is in the past", unchanged(release,
				() -> act("partner-engineer", release, "schedule", Map.of("start", now().minusSeconds(60).toString()))));

		expect(200, act("partner-engineer", release, "schedule", Map.of("start", now().toString())));
		assertProblem(409, "urn:parley:problem:illegal-transition", "This release is scheduled; it cannot be scheduled",
				unchanged(release, () -> act("partner-engineer", release, "schedule", Map.of("start", now().toString()))));
		expect(200, act("partner-engineer", release, "start"));
		JsonNode cancel = assertProblem(409, "urn:parley:problem:illegal-transition",
				"This release is in ring 0 (canary); it cannot be cancelled",
				unchanged(release, () -> act("partner-engineer", release, "cancel", Map.of("reason", "Too late"))));
		assertThat(cancel.get("state").asString()).isEqualTo("IN_RING");
	}

	@Test
	void givenScheduledRelease_whenCancelledWithAReason_thenFinalAndEverythingElseRefused() throws Exception {
		UUID release = declare("partner-engineer", release(this.workspace, "SENSOR", "TLP:AMBER"));
		expect(200, act("partner-engineer", release, "schedule", Map.of("start", now().plus(hours(5)).toString())));
		assertProblem(400, INVALID, "reason: say why",
				unchanged(release, () -> act("partner-engineer", release, "cancel", Map.of())));
		assertProblem(403, "urn:parley:problem:forbidden", "the releasing organisation",
				unchanged(release, () -> act("host-engineer", release, "cancel", Map.of("reason", "No"))));

		JsonNode cancelled = expect(200, act("partner-engineer", release, "cancel", Map.of("reason", "Superseded by 7.11.3")));

		assertThat(cancelled.get("state").asString()).isEqualTo("CANCELLED");
		assertThat(last(release).data().get("reason").asString()).isEqualTo("Superseded by 7.11.3");
		EventSamples.assertMatchesSample(last(release), JSON);
		assertProblem(409, "urn:parley:problem:illegal-transition", "This release is cancelled",
				unchanged(release, () -> act("partner-engineer", release, "schedule", Map.of("start", now().toString()))));
	}

	@Test
	void givenHaltedRelease_whenRolledBack_thenFinalWithTheReasonAndRing() throws Exception {
		UUID release = inRing0(this.workspace, "SENSOR");
		expect(201, report("acme-pipeline", release, 0, 100, 50, 0));

		JsonNode rolledBack = expect(200, act("partner-engineer", release, "roll-back",
				Map.of("reason", "Driver fails to load on older firmware")));

		assertThat(rolledBack.get("state").asString()).isEqualTo("ROLLED_BACK");
		EventEnvelope event = last(release);
		assertThat(event.type()).isEqualTo("rollouts.release.rolled-back");
		assertThat(event.data().get("ring").asInt()).isZero();
		EventSamples.assertMatchesSample(event, JSON);
		assertProblem(409, "urn:parley:problem:illegal-transition", "This release is rolled back",
				unchanged(release, () -> act("host-engineer", release, "resume")));
	}

	// ---- races

	@Test
	void givenTwoAdvancesAtOnce_whenBothRun_thenExactlyOneMovesOneRing() throws Exception {
		UUID release = readyToLeaveRing0();

		List<Integer> statuses = concurrently(8, () -> act("partner-engineer", release, "advance").getStatus());

		assertThat(statuses).containsOnlyOnce(200).containsOnly(200, 409);
		Document document = stored(release);
		assertThat(document.getInteger("currentRing")).isEqualTo(1);
		assertThat(outbox(release)).extracting(EventEnvelope::type)
			.filteredOn("rollouts.release.ring-started"::equals)
			.hasSize(2);
	}

	@Test
	void givenTwoOrganisationsSigningAtOnce_whenBothRun_thenBothDecisionsLand() throws Exception {
		Map<String, Object> body = release(this.workspace, "KERNEL_DRIVER", "TLP:AMBER");
		body.put("rings", List.of(ring("canary", 1, "PT1H", "host", "beta-labs"), ring("pilot", 10, "PT1H")));
		UUID both = declare("partner-engineer", body);
		expect(200, act("partner-engineer", both, "schedule", Map.of("start", now().toString())));
		expect(200, act("partner-engineer", both, "start"));

		List<Integer> statuses = concurrently(2, new ArrayList<>(List.of(
				() -> act("host-engineer", both, "rings/0/sign-offs", Map.of("decision", "GO")).getStatus(),
				() -> act("signer", both, "rings/0/sign-offs", Map.of("decision", "GO")).getStatus())));

		assertThat(statuses).containsOnly(200);
		assertThat(stored(both).getList("rings", Document.class).get(0).getList("signOffs", Document.class))
			.extracting((signOff) -> signOff.getString("organisationId"))
			.containsExactlyInAnyOrder("host", "beta-labs");
	}

	@Test
	void givenTwoCopiesOfTheSameRevision_whenBothAreWritten_thenOnlyTheFirstLandsWithItsEvent() throws Exception {
		UUID id = inRing0(this.workspace, "SENSOR");
		Release first = this.store.find(id).orElseThrow();
		Release second = this.store.find(id).orElseThrow();
		Actor host = new Actor(subjectOf("host-engineer"), "host", true);
		int events = outbox(id).size();

		first.halt("Seen boot loops", false, Set.of("host"), host, now());
		second.signOff(0, Decision.GO, null, host, now());

		assertThat(this.store.update(first, null)).isTrue();
		assertThat(this.store.update(second, null)).isFalse();
		assertThat(stored(id).getString("state")).isEqualTo("HALTED");
		assertThat(stored(id).getList("rings", Document.class).get(0).getList("signOffs", Document.class)).isEmpty();
		assertThat(outbox(id)).hasSize(events + 1).last().extracting(EventEnvelope::type)
			.isEqualTo("rollouts.release.halted");
	}

	@Test
	void givenOffboardedMember_whenReading_thenTheirAccessHasEnded() throws Exception {
		UUID release = declare("partner-engineer", release(this.workspace, "SENSOR", "TLP:AMBER"));
		expect(200, this.mvc.perform(as("colleague", get(RELEASES + "/" + release))).andReturn().getResponse());
		this.mongo.insert(new Document("_id", subjectOf("colleague")).append("offboardedAt", new java.util.Date())
			.append("organisationId", "acme-security"), "access_ends");
		try {
			JsonNode refused = expect(401,
					this.mvc.perform(as("colleague", get(RELEASES + "/" + release))).andReturn().getResponse());
			assertThat(refused.get("type").asString()).isEqualTo("urn:parley:problem:access-revoked");
		}
		finally {
			this.mongo.remove(new org.springframework.data.mongodb.core.query.Query(
					org.springframework.data.mongodb.core.query.Criteria.where("_id").is(subjectOf("colleague"))),
					"access_ends");
		}
	}

	// ---- reading

	@Test
	void givenTheBoard_whenListed_thenCardsOfReadableReleasesWithWhoOwesASignOff() throws Exception {
		UUID release = inRing0(this.workspace, "KERNEL_DRIVER");

		JsonNode cards = expect(200, this.mvc
			.perform(as("gov-liaison", get(RELEASES).param("workspaceId", this.workspace.toString())))
			.andReturn()
			.getResponse());

		assertThat(cards).singleElement().satisfies((card) -> {
			assertThat(card.get("id").asString()).isEqualTo(release.toString());
			assertThat(card.get("state").asString()).isEqualTo("IN_RING");
			assertThat(card.get("ringCount").asInt()).isEqualTo(3);
			assertThat(strings(card.get("awaitingSignOff"))).containsExactly("host");
			assertThat(card.has("timeline")).isFalse();
		});
		JsonNode filtered = expect(200, this.mvc
			.perform(as("gov-liaison", get(RELEASES).param("workspaceId", this.workspace.toString())
				.param("state", "DRAFT")))
			.andReturn()
			.getResponse());
		assertThat(filtered).isEmpty();
		assertProblem(400, INVALID, "state: one of", this.mvc
			.perform(as("gov-liaison", get(RELEASES).param("state", "RUNNING")))
			.andReturn()
			.getResponse());
		JsonNode view = expect(200, this.mvc.perform(as("gov-liaison", get(RELEASES + "/" + release)))
			.andReturn()
			.getResponse());
		assertThat(strings(view.get("allowed"))).isEmpty();
	}

	@Test
	void givenAmberStrictRelease_whenPartnerNotNamedReads_thenNotFoundLikeAnUnknownId() throws Exception {
		Map<String, Object> body = release(this.workspace, "SENSOR", "TLP:AMBER+STRICT");
		body.put("namedOrganisations", List.of("host", "beta-labs"));
		UUID release = declare("partner-engineer", body);
		String unknown = this.mvc.perform(as("other-engineer", get(RELEASES + "/" + UUID.randomUUID())))
			.andReturn()
			.getResponse()
			.getContentAsString();

		MockHttpServletResponse response = this.mvc.perform(as("other-engineer", get(RELEASES + "/" + release)))
			.andReturn()
			.getResponse();

		assertThat(response.getStatus()).isEqualTo(404);
		assertThat(withoutInstance(response.getContentAsString())).isEqualTo(withoutInstance(unknown));
		expect(200, this.mvc.perform(as("signer", get(RELEASES + "/" + release))).andReturn().getResponse());
	}

	@Test
	void givenPolicy_whenReadAndChanged_thenAnyoneReadsAndOnlyPortalAdminsChange() throws Exception {
		JsonNode policy = expect(200,
				this.mvc.perform(as("gov-liaison", get("/api/rollouts/policy"))).andReturn().getResponse());
		assertThat(strings(policy.get("kernelModeKinds"))).containsExactlyInAnyOrder("KERNEL_DRIVER", "SENSOR");
		Map<String, Object> same = JSON.convertValue(policy, Map.class);
		expect(403, this.mvc.perform(as("host-engineer", json(put("/api/rollouts/policy"), same)))
			.andReturn()
			.getResponse());
		Map<String, Object> bad = new LinkedHashMap<>(same);
		bad.put("minimumSoak", "PT0S");
		bad.put("kernelModeKinds", List.of("BOOTLOADER"));
		assertProblem(400, INVALID, "kernelModeKinds: BOOTLOADER is not a kind", this.mvc
			.perform(as("host-admin", json(put("/api/rollouts/policy"), bad)))
			.andReturn()
			.getResponse());
		expect(200, this.mvc.perform(as("host-admin", json(put("/api/rollouts/policy"), same))).andReturn().getResponse());
	}

	// ---- helpers

	private MockHttpServletResponse declaring(String fixture, Map<String, Object> body) throws Exception {
		return this.mvc.perform(as(fixture, json(post(RELEASES), body))).andReturn().getResponse();
	}

	/** Runs the request and checks the stored release (outbox, series and keys included) did not change. */
	private MockHttpServletResponse unchanged(UUID release, Request request) throws Exception {
		Document before = stored(release);
		MockHttpServletResponse response = request.get();
		assertThat(stored(release)).as("the stored release after %s", response.getContentAsString()).isEqualTo(before);
		return response;
	}

	@FunctionalInterface
	private interface Request {

		MockHttpServletResponse get() throws Exception;

	}

	private static JsonNode assertProblem(int status, String type, String detail, MockHttpServletResponse response)
			throws Exception {
		assertThat(response.getStatus()).as(response.getContentAsString()).isEqualTo(status);
		assertThat(response.getContentType()).isEqualTo("application/problem+json");
		JsonNode problem = problem(response);
		assertThat(problem.get("type").asString()).isEqualTo(type);
		assertThat(problem.get("detail").asString()).contains(detail).doesNotContain("must match \"");
		return problem;
	}

	private static JsonNode problem(MockHttpServletResponse response) throws Exception {
		return JSON.readTree(response.getContentAsString());
	}

	private static String withoutInstance(String problem) {
		return problem.replaceAll("\"instance\":\"[^\"]*\"", "");
	}

	/** A content update in ring 0 with a healthy report, the host's go and its soak time over. */
	private UUID readyToLeaveRing0() throws Exception {
		UUID release = inRing0(this.workspace, "CONTENT_UPDATE");
		expect(201, report("acme-pipeline", release, 0, 500, 0, 0));
		expect(200, act("host-engineer", release, "rings/0/sign-offs", Map.of("decision", "GO")));
		this.clock.advance(hours(1));
		return release;
	}

	private long chartPoints(UUID release) {
		return this.mongo.count(new org.springframework.data.mongodb.core.query.Query(
				org.springframework.data.mongodb.core.query.Criteria.where("releaseId").is(release)), "health_reports");
	}

	private EventEnvelope last(UUID release) {
		List<EventEnvelope> events = outbox(release);
		return events.get(events.size() - 1);
	}

	private static List<String> strings(JsonNode array) {
		List<String> values = new ArrayList<>();
		array.forEach((value) -> values.add(value.asString()));
		return values;
	}

	private static List<String> timeline(JsonNode release) {
		List<String> kinds = new ArrayList<>();
		release.get("timeline").forEach((entry) -> kinds.add(entry.get("kind").asString()));
		return kinds;
	}

	private static String key() {
		return UUID.randomUUID().toString();
	}

	private static List<Integer> concurrently(int times, Callable<Integer> call) throws Exception {
		List<Callable<Integer>> calls = new ArrayList<>();
		for (int i = 0; i < times; i++) {
			calls.add(call);
		}
		return concurrently(times, calls);
	}

	private static List<Integer> concurrently(int threads, List<Callable<Integer>> calls) throws Exception {
		ExecutorService pool = Executors.newFixedThreadPool(threads);
		CountDownLatch go = new CountDownLatch(1);
		try {
			List<Future<Integer>> futures = new ArrayList<>();
			for (Callable<Integer> call : calls) {
				futures.add(pool.submit(() -> {
					go.await();
					return call.call();
				}));
			}
			go.countDown();
			List<Integer> statuses = new ArrayList<>();
			for (Future<Integer> future : futures) {
				statuses.add(future.get());
			}
			return statuses;
		}
		finally {
			pool.shutdownNow();
		}
	}

}

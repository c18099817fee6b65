package io.parley.workspace.acknowledgements;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import io.parley.platform.events.EventEnvelope;
import io.parley.platform.events.EventSamples;
import io.parley.workspace.DiscussionApiTest;
import io.parley.workspace.audit.AuditEntry;
import io.parley.workspace.audit.AuditTrail;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;
import org.springframework.test.web.servlet.ResultActions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * Acknowledgements: owners ask member organisations that may see the document; people of those organisations
 * acknowledge once each; the status is per organisation; the overdue job reports each request once, naming exactly
 * the organisations nobody of which acknowledged. Everything recorded with its event and audited.
 */
class AcknowledgementApiTests extends DiscussionApiTest {

	@Autowired
	AuditTrail trail;

	@Autowired
	Acknowledgements acknowledgements;

	@Test
	void givenRequestToTwoOrganisations_whenOneAcknowledges_thenStatusPerOrganisationAndEventsMatchTheSamples()
			throws Exception {
		UUID workspace = redWorkspace(Map.of("partner-engineer", "CONTRIBUTOR", "gov-liaison", "READER"));
		UUID document = upload("partner-engineer", workspace, "TLP:GREEN");
		Instant deadline = Instant.now().plus(Duration.ofDays(7));

		UUID request = request(workspace, document, List.of("acme-security", "gov-cert"), deadline);
		List<EventEnvelope> requested = outbox("acknowledgement_requests", request);
		assertThat(requested).hasSize(1);
		assertThat(requested.get(0).type()).isEqualTo("workspace.acknowledgement.requested");
		assertThat(requested.get(0).data().get("organisations").values()).extracting(JsonNode::asString)
			.containsExactly("acme-security", "gov-cert");
		assertThat(text(requested.get(0).data(), "requestedBy")).isEqualTo(subjectOf("host-admin"));
		EventSamples.assertMatchesSample(requested.get(0), JSON);

		acknowledge("gov-liaison", workspace, document, request).andExpect(status().isNoContent());

		List<EventEnvelope> events = outbox("acknowledgement_requests", request);
		assertThat(events).extracting(EventEnvelope::type)
			.containsExactly("workspace.acknowledgement.requested", "workspace.acknowledgement.recorded");
		EventEnvelope recorded = events.get(1);
		assertThat(text(recorded.data(), "personId")).isEqualTo(subjectOf("gov-liaison"));
		assertThat(text(recorded.data(), "organisationId")).isEqualTo("gov-cert");
		assertThat(recorded.aggregateVersion()).isEqualTo(2);
		EventSamples.assertMatchesSample(recorded, JSON);
		AuditEntry audited = this.trail.page(workspace, 0, 1).get(0);
		assertThat(audited.action()).isEqualTo("acknowledgement.recorded");
		assertThat(audited.subject()).isEqualTo(request.toString());

		this.mvc.perform(as("host-admin", get(requests(workspace, document))))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$[0].id").value(request.toString()))
			.andExpect(jsonPath("$[0].version").value(1))
			.andExpect(jsonPath("$[0].requestedBy").value(subjectOf("host-admin")))
			.andExpect(jsonPath("$[0].organisations[*].organisation").value(contains("acme-security", "gov-cert")))
			.andExpect(jsonPath("$[0].organisations[0].acknowledgements").isEmpty())
			.andExpect(jsonPath("$[0].organisations[0].overdue").value(false))
			.andExpect(jsonPath("$[0].organisations[1].acknowledgements[0].personId")
				.value(subjectOf("gov-liaison")))
			.andExpect(jsonPath("$[0].organisations[1].acknowledgements[0].name").value("Gabriel Liaison"));
		// a partner sees the request naming their organisation, and only their organisation's status
		this.mvc.perform(as("partner-engineer", get(requests(workspace, document))))
			.andExpect(jsonPath("$[0].organisations[*].organisation").value(contains("acme-security")));
	}

	@Test
	void givenPersonWhoAcknowledged_whenAcknowledgingAgain_then204AndNoSecondEvent() throws Exception {
		UUID workspace = redWorkspace(Map.of("gov-liaison", "READER"));
		UUID document = upload("host-admin", workspace, "TLP:AMBER");
		UUID request = request(workspace, document, List.of("gov-cert"), Instant.now().plus(Duration.ofHours(1)));

		acknowledge("gov-liaison", workspace, document, request).andExpect(status().isNoContent());
		acknowledge("gov-liaison", workspace, document, request).andExpect(status().isNoContent());

		assertThat(outbox("acknowledgement_requests", request)).extracting(EventEnvelope::type)
			.containsExactly("workspace.acknowledgement.requested", "workspace.acknowledgement.recorded");
		this.mvc.perform(as("host-admin", get(requests(workspace, document))))
			.andExpect(jsonPath("$[0].organisations[0].acknowledgements.length()").value(1));
		assertThat(this.trail.stream(workspace).filter((entry) -> entry.action().equals("acknowledgement.recorded")))
			.hasSize(1);
	}

	@Test
	void givenFourPeopleOfOneOrganisation_whenAcknowledgingAtOnce_thenEachRecordedOnceWithConsecutiveVersions()
			throws Exception {
		UUID workspace = redWorkspace(Map.of());
		List<UUID> people = Stream.generate(UUID::randomUUID).limit(4).toList();
		for (UUID person : people) {
			addPerson(workspace, person, "gov-cert", "READER");
		}
		UUID document = upload("host-admin", workspace, "TLP:GREEN");
		UUID request = request(workspace, document, List.of("gov-cert"), Instant.now().plus(Duration.ofDays(1)));
		CountDownLatch start = new CountDownLatch(1);
		ExecutorService threads = Executors.newFixedThreadPool(people.size());
		try {
			List<Future<Integer>> answers = new ArrayList<>();
			for (UUID person : people) {
				String token = tokenFor(person, "Person " + person, "gov-cert");
				answers.add(threads.submit(() -> {
					start.await();
					return this.mvc
						.perform(post(requests(workspace, document) + "/" + request + "/acknowledge")
							.header(HttpHeaders.AUTHORIZATION, "Bearer " + token))
						.andReturn()
						.getResponse()
						.getStatus();
				}));
			}
			start.countDown();
			for (Future<Integer> answer : answers) {
				assertThat(answer.get(1, TimeUnit.MINUTES)).isEqualTo(204);
			}
		}
		finally {
			threads.shutdownNow();
		}

		List<EventEnvelope> recorded = outbox("acknowledgement_requests", request).stream()
			.filter((event) -> event.type().equals("workspace.acknowledgement.recorded"))
			.toList();
		assertThat(recorded).extracting((event) -> text(event.data(), "personId"))
			.containsExactlyInAnyOrderElementsOf(people.stream().map(UUID::toString).toList());
		assertThat(recorded).extracting(EventEnvelope::aggregateVersion).containsExactly(2L, 3L, 4L, 5L);
		this.mvc.perform(as("host-admin", get(requests(workspace, document))))
			.andExpect(jsonPath("$[0].organisations[0].acknowledgements.length()").value(4));
	}

	@Test
	void givenDeadlinePassed_whenTheOverdueJobRunsTwice_thenOneEventNamingExactlyTheSilentOrganisations()
			throws Exception {
		UUID workspace = redWorkspace(Map.of("partner-engineer", "CONTRIBUTOR", "gov-liaison", "READER"));
		addOrganisation(workspace, "quiet-org");
		UUID document = upload("host-admin", workspace, "TLP:GREEN");
		Instant deadline = Instant.now().plus(Duration.ofHours(1));
		UUID request = request(workspace, document, List.of("acme-security", "gov-cert", "quiet-org"), deadline);
		acknowledge("partner-engineer", workspace, document, request).andExpect(status().isNoContent());
		Clock before = Clock.fixed(deadline.minusSeconds(1), ZoneOffset.UTC);
		Clock after = Clock.fixed(deadline.plus(Duration.ofMinutes(5)), ZoneOffset.UTC);

		this.acknowledgements.recordOverdue(before);
		assertThat(overdueEvents(request)).isEmpty();
		this.acknowledgements.recordOverdue(after);
		this.acknowledgements.recordOverdue(after);
		// a late acknowledgement is recorded, but reports nothing overdue again
		acknowledge("gov-liaison", workspace, document, request).andExpect(status().isNoContent());
		this.acknowledgements.recordOverdue(Clock.offset(after, Duration.ofDays(1)));

		List<EventEnvelope> overdue = overdueEvents(request);
		assertThat(overdue).hasSize(1);
		assertThat(overdue.get(0).data().get("organisations").values()).extracting(JsonNode::asString)
			.containsExactly("gov-cert", "quiet-org");
		assertThat(text(overdue.get(0).data(), "deadline")).isEqualTo(deadline.truncatedTo(ChronoUnit.MILLIS).toString());
		EventSamples.assertMatchesSample(overdue.get(0), JSON);
		assertThat(this.trail.stream(workspace).filter((entry) -> entry.action().equals("acknowledgement.overdue")))
			.singleElement()
			.satisfies((entry) -> assertThat(entry.details()).containsEntry("organisations", "gov-cert,quiet-org"));
	}

	@Test
	void givenEveryOrganisationAcknowledged_whenTheDeadlinePasses_thenNoOverdueEvent() throws Exception {
		UUID workspace = redWorkspace(Map.of("gov-liaison", "READER"));
		UUID document = upload("host-admin", workspace, "TLP:GREEN");
		Instant deadline = Instant.now().plus(Duration.ofHours(1));
		UUID request = request(workspace, document, List.of("gov-cert"), deadline);
		acknowledge("gov-liaison", workspace, document, request).andExpect(status().isNoContent());

		this.acknowledgements.recordOverdue(Clock.fixed(deadline.plusSeconds(1), ZoneOffset.UTC));

		assertThat(overdueEvents(request)).isEmpty();
	}

	@Test
	void givenDocumentDeletedBeforeTheDeadline_whenTheDeadlinePasses_thenNoOverdueEvent() throws Exception {
		UUID workspace = redWorkspace(Map.of("gov-liaison", "READER"));
		UUID document = upload("host-admin", workspace, "TLP:GREEN");
		Instant deadline = Instant.now().plus(Duration.ofHours(1));
		UUID request = request(workspace, document, List.of("gov-cert"), deadline);
		this.mvc.perform(as("host-admin", delete("/api/workspaces/" + workspace + "/documents/" + document)))
			.andExpect(status().isNoContent());

		this.acknowledgements.recordOverdue(Clock.fixed(deadline.plusSeconds(1), ZoneOffset.UTC));

		assertThat(overdueEvents(request)).isEmpty();
		assertThat(this.trail.stream(workspace).filter((entry) -> entry.action().equals("acknowledgement.overdue")))
			.isEmpty();
	}

	@Test
	void givenOrganisationsThatMayNotSeeTheDocumentOrPastDeadline_whenRequesting_then422WithTheReason()
			throws Exception {
		UUID workspace = redWorkspace(Map.of("partner-engineer", "CONTRIBUTOR", "gov-liaison", "READER"));
		UUID strict = upload("host-admin", workspace, "TLP:AMBER+STRICT", "acme-security");
		Instant future = Instant.now().plus(Duration.ofDays(1));

		// gov-cert is a member organisation, but AMBER+STRICT names only host's and acme-security's
		ask(workspace, strict, Map.of("version", 1, "organisations", List.of("acme-security", "gov-cert"),
				"deadline", future.toString()))
			.andExpect(status().isUnprocessableContent())
			.andExpect(jsonPath("$.type").value("urn:parley:problem:organisation-outside-audience"))
			.andExpect(jsonPath("$.detail").value(containsString("gov-cert")));
		ask(workspace, strict,
				Map.of("version", 1, "organisations", List.of("not-a-member"), "deadline", future.toString()))
			.andExpect(status().isUnprocessableContent());
		ask(workspace, strict, Map.of("version", 1, "organisations", List.of("acme-security"), "deadline",
				Instant.now().minusSeconds(60).toString()))
			.andExpect(status().isUnprocessableContent())
			.andExpect(jsonPath("$.type").value("urn:parley:problem:deadline-passed"));
		ask(workspace, strict,
				Map.of("version", 2, "organisations", List.of("acme-security"), "deadline", future.toString()))
			.andExpect(status().isUnprocessableContent())
			.andExpect(jsonPath("$.type").value("urn:parley:problem:no-such-version"));
		ask(workspace, strict, Map.of("version", 1, "organisations", List.of(), "deadline", future.toString()))
			.andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.detail").value(containsString("organisations: ")));
		ask(workspace, strict, Map.of("version", 1, "organisations", List.of("acme-security")))
			.andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.detail").value(containsString("deadline: ")));

		this.mvc.perform(as("host-admin", get(requests(workspace, strict)))).andExpect(jsonPath("$").isEmpty());
	}

	@Test
	void givenMemberOfAnOrganisationNotNamed_whenReadingAndAcknowledging_thenSeesNothingAnd404() throws Exception {
		UUID workspace = redWorkspace(Map.of("partner-engineer", "CONTRIBUTOR", "gov-liaison", "READER"));
		UUID document = upload("host-admin", workspace, "TLP:GREEN");
		UUID request = request(workspace, document, List.of("gov-cert"), Instant.now().plus(Duration.ofDays(1)));

		this.mvc.perform(as("partner-engineer", get(requests(workspace, document))))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$").isEmpty());
		acknowledge("partner-engineer", workspace, document, request).andExpect(status().isNotFound());
		acknowledge("gov-liaison", workspace, UUID.randomUUID(), request).andExpect(status().isNotFound());
		assertThat(outbox("acknowledgement_requests", request)).hasSize(1);
	}

	private UUID request(UUID workspace, UUID document, List<String> organisations, Instant deadline)
			throws Exception {
		String body = ask(workspace, document,
				Map.of("version", 1, "organisations", organisations, "deadline", deadline.toString()))
			.andExpect(status().isCreated())
			.andReturn()
			.getResponse()
			.getContentAsString();
		return UUID.fromString(JSON.readTree(body).get("id").asString());
	}

	private ResultActions ask(UUID workspace, UUID document,
			Map<String, Object> body) throws Exception {
		return this.mvc.perform(as("host-admin", json(post(requests(workspace, document)), body)));
	}

	private ResultActions acknowledge(String fixture, UUID workspace,
			UUID document, UUID request) throws Exception {
		return this.mvc
			.perform(as(fixture, post(requests(workspace, document) + "/" + request + "/acknowledge")));
	}

	private void addOrganisation(UUID workspace, String organisation) throws Exception {
		this.mvc
			.perform(as("host-admin", json(post("/api/workspaces/" + workspace + "/organisations"),
					Map.of("organisationId", organisation))))
			.andExpect(status().isCreated());
	}

	private List<EventEnvelope> overdueEvents(UUID request) {
		return outbox("acknowledgement_requests", request).stream()
			.filter((event) -> event.type().equals("workspace.acknowledgement.overdue"))
			.toList();
	}

	private static String requests(UUID workspace, UUID document) {
		return "/api/workspaces/" + workspace + "/documents/" + document + "/acknowledgement-requests";
	}

}

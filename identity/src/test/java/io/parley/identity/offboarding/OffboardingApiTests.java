package io.parley.identity.offboarding;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import io.parley.identity.IdentityApiTest;
import io.parley.identity.KeycloakStub;
import io.parley.identity.person.Person;
import io.parley.identity.person.Role;
import io.parley.platform.events.EventEnvelope;
import io.parley.platform.events.EventSamples;
import io.parley.platform.security.OrganisationType;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.putRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.data.mongodb.core.query.Criteria.where;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/** Offboarding by an admin and by the end of sponsored access, seen from Keycloak's side and in the outbox. */
class OffboardingApiTests extends IdentityApiTest {

	private final KeycloakStub keycloak = KeycloakStub.get();

	@Autowired
	AccessExpiry expiry;

	@BeforeEach
	void freshKeycloak() {
		this.keycloak.reset().disablesAndLogsOutAnyone();
	}

	@Test
	void givenOrgAdmin_whenOffboarding_thenKeycloakDisablesAndLogsOutAndMemberOffboardedIsRecorded() throws Exception {
		UUID person = person(Instant.now().plus(Duration.ofDays(90)));

		this.mvc.perform(as("acme-admin", post("/api/identity/people/" + person + "/offboarding")))
			.andExpect(status().isNoContent());

		String user = KeycloakStub.USERS + "/" + person;
		this.keycloak.server()
			.verify(putRequestedFor(urlPathEqualTo(user))
				.withHeader("Authorization", equalTo("Bearer service-account-token"))
				.withRequestBody(matchingJsonPath("$.enabled", equalTo("false")))
				// written back whole: the organisation attributes survive the disable
				.withRequestBody(matchingJsonPath("$.attributes.org[0]", equalTo("acme-security"))));
		this.keycloak.server().verify(1, postRequestedFor(urlPathEqualTo(user + "/logout")));
		Person stored = this.mongo.findById(person, Person.class);
		assertThat(stored.status()).isEqualTo(Person.Status.OFFBOARDED);
		assertThat(stored.offboardedBy()).isEqualTo(subjectOf("acme-admin"));
		List<EventEnvelope> events = outbox("people", person);
		assertThat(events).extracting(EventEnvelope::type).containsExactly("identity.member.offboarded");
		EventSamples.assertMatchesSample(events.get(0), JSON);
		assertThat(events.get(0).data().get("offboardedBy").asString()).isEqualTo(subjectOf("acme-admin").toString());
	}

	@Test
	void givenOffboardedPerson_whenOffboardingAgain_thenConflictAndNoSecondEvent() throws Exception {
		UUID person = person(Instant.now().plus(Duration.ofDays(90)));
		this.mvc.perform(as("host-admin", post("/api/identity/people/" + person + "/offboarding")))
			.andExpect(status().isNoContent());

		this.mvc.perform(as("host-admin", post("/api/identity/people/" + person + "/offboarding")))
			.andExpect(status().isConflict())
			.andExpect(jsonPath("$.type").value("urn:parley:problem:person-offboarded"));
		assertThat(outboxTypes("people", person)).containsExactly("identity.member.offboarded");
	}

	@Test
	void givenKeycloakDown_whenOffboarding_thenServiceUnavailableAndNothingRecorded() throws Exception {
		UUID person = person(Instant.now().plus(Duration.ofDays(90)));
		this.keycloak.reset().isDown();

		this.mvc.perform(as("acme-admin", post("/api/identity/people/" + person + "/offboarding")))
			.andExpect(status().isServiceUnavailable())
			.andExpect(jsonPath("$.type").value("urn:parley:problem:keycloak-unavailable"));

		assertThat(this.mongo.findById(person, Person.class).status()).isEqualTo(Person.Status.ACTIVE);
		assertThat(outboxTypes("people", person)).isEmpty();
	}

	@Test
	void givenAdmin_whenOffboardingThemselves_thenConflict() throws Exception {
		UUID self = subjectOf("acme-admin");
		this.mongo.remove(new Query(where("_id").is(self)), Person.class);
		this.mongo.insert(new Person(self, "acme-security", OrganisationType.VENDOR, "Alex Acme",
				"acme.admin@acme-security.example", Role.ORG_ADMIN, Person.Status.ACTIVE, null, null, null, null,
				Instant.now(), Instant.now(), null, null, 1));

		this.mvc.perform(as("acme-admin", post("/api/identity/people/" + self + "/offboarding")))
			.andExpect(status().isConflict())
			.andExpect(jsonPath("$.type").value("urn:parley:problem:self-offboarding"));
		this.mongo.remove(new Query(where("_id").is(self)), Person.class);
	}

	@Test
	void givenAccessEndingWithinTheReminderWindow_whenTheJobRunsTwice_thenOneAccessExpiringReminder() {
		Instant end = Instant.now().plus(Duration.ofDays(10));
		UUID person = person(end);

		this.expiry.runAt(Instant.now());
		this.expiry.runAt(Instant.now());

		List<EventEnvelope> events = outbox("people", person);
		assertThat(events).extracting(EventEnvelope::type).containsExactly("identity.member.access-expiring");
		assertThat(events.get(0).data().get("sponsorId").asString()).isEqualTo(subjectOf("acme-admin").toString());
		assertThat(this.mongo.findById(person, Person.class).status()).isEqualTo(Person.Status.ACTIVE);
	}

	@Test
	void givenRemindedPersonWhoseAccessWasExtendedIntoTheWindowAgain_whenTheJobRuns_thenASecondReminder() {
		UUID person = person(Instant.now().plus(Duration.ofDays(10)));
		this.expiry.runAt(Instant.now());
		this.mongo.updateFirst(new Query(where("_id").is(person)),
				new Update().set("accessEndsAt", Instant.now().plus(Duration.ofDays(12))).inc("version", 1),
				Person.class);

		this.expiry.runAt(Instant.now());

		assertThat(outboxTypes("people", person)).containsExactly("identity.member.access-expiring",
				"identity.member.access-expiring");
	}

	@Test
	void givenAccessEndingLaterThanTheWindow_whenTheJobRuns_thenNothing() {
		UUID person = person(Instant.now().plus(Duration.ofDays(30)));

		this.expiry.runAt(Instant.now());

		assertThat(outboxTypes("people", person)).isEmpty();
	}

	@Test
	void givenAccessEnded_whenTheJobRuns_thenOffboardedInKeycloakLikeByAnAdmin() {
		UUID person = person(Instant.now().minusSeconds(1));

		this.expiry.runAt(Instant.now());

		this.keycloak.server().verify(putRequestedFor(urlPathEqualTo(KeycloakStub.USERS + "/" + person)));
		this.keycloak.server().verify(postRequestedFor(urlPathEqualTo(KeycloakStub.USERS + "/" + person + "/logout")));
		assertThat(this.mongo.findById(person, Person.class).status()).isEqualTo(Person.Status.OFFBOARDED);
		List<EventEnvelope> events = outbox("people", person);
		assertThat(events).extracting(EventEnvelope::type).containsExactly("identity.member.offboarded");
		assertThat(events.get(0).data().get("offboardedBy").asString()).isEqualTo(new UUID(0, 0).toString());
	}

	@Test
	void givenExtendedAccess_whenTheOldEndPasses_thenStillActive() throws Exception {
		UUID person = person(Instant.now().plus(Duration.ofDays(1)));
		Instant later = Instant.now().plus(Duration.ofDays(100));
		this.mvc
			.perform(as("acme-admin", post("/api/identity/people/" + person + "/access-extension"))
				.contentType(org.springframework.http.MediaType.APPLICATION_JSON)
				.content("{\"accessEndsAt\":\"" + later + "\"}"))
			.andExpect(status().isOk());

		this.expiry.runAt(Instant.now().plus(Duration.ofDays(2)));

		assertThat(this.mongo.findById(person, Person.class).status()).isEqualTo(Person.Status.ACTIVE);
	}

	@Test
	void givenExtensionBeyondTheMaximumOrInThePast_whenExtending_thenBadRequest() throws Exception {
		UUID person = person(Instant.now().plus(Duration.ofDays(1)));
		for (Instant until : List.of(Instant.now().plus(Duration.ofDays(400)), Instant.now().minusSeconds(60))) {
			this.mvc
				.perform(as("acme-admin", post("/api/identity/people/" + person + "/access-extension"))
					.contentType(org.springframework.http.MediaType.APPLICATION_JSON)
					.content("{\"accessEndsAt\":\"" + until + "\"}"))
				.andExpect(status().isBadRequest())
				.andExpect(jsonPath("$.type").value("urn:parley:problem:invalid-request"));
		}
	}

	/** An active acme-security person sponsored by its org admin, with its own id and e-mail. */
	private UUID person(Instant accessEndsAt) {
		UUID id = UUID.randomUUID();
		this.mongo.insert(new Person(id, "acme-security", OrganisationType.VENDOR, "Sam Sponsored",
				unique("sam") + "@acme-security.example", Role.MEMBER, Person.Status.ACTIVE, subjectOf("acme-admin"),
				accessEndsAt, null, null, Instant.now(), Instant.now(), null, null, 1));
		return id;
	}

}

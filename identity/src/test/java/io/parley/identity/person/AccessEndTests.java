package io.parley.identity.person;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;

import io.parley.identity.IdentityApiTest;
import io.parley.identity.KeycloakStub;
import io.parley.platform.events.EventEnvelope;
import io.parley.platform.events.EventSamples;
import io.parley.platform.security.OrganisationType;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.http.MediaType;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.data.mongodb.core.query.Criteria.where;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * Sponsored access ends at its end time in identity itself, not when the expiry job next runs (the job is off in
 * these tests), and every grant or move of the end is announced with {@code AccessScheduled} for the other services.
 */
class AccessEndTests extends IdentityApiTest {

	@Autowired
	private People people;

	private final UUID sponsored = subjectOf("sponsored-member");

	@AfterEach
	void forget() {
		this.mongo.remove(new Query(where("_id").is(this.sponsored)), Person.class);
	}

	@Test
	void givenSponsoredPersonWhoseEndHasJustPassed_whenCallingWithTheirValidToken_thenRefusedWithoutTheJobRunning()
			throws Exception {
		Instant end = Instant.now().plusSeconds(5);
		insertSponsored(end);
		this.mvc.perform(as("sponsored-member", get("/api/identity/me"))).andExpect(status().isOk());

		Awaitility.await().until(() -> Instant.now().isAfter(end));

		this.mvc.perform(as("sponsored-member", get("/api/identity/me")))
			.andExpect(status().isUnauthorized())
			.andExpect(jsonPath("$.type").value("urn:parley:problem:access-revoked"))
			.andExpect(jsonPath("$.detail").value("Your access to Parley has ended."));
		assertThat(this.mongo.findById(this.sponsored, Person.class).status()).as("the job has not run")
			.isEqualTo(Person.Status.ACTIVE);
	}

	@Test
	void givenExtension_whenRecorded_thenAccessScheduledWithTheNewEndInTheSameWrite() throws Exception {
		KeycloakStub.get().reset();
		insertSponsored(Instant.now().plus(Duration.ofDays(3)));
		Instant later = Instant.now().plus(Duration.ofDays(100)).truncatedTo(ChronoUnit.SECONDS);

		this.mvc
			.perform(as("acme-admin", post("/api/identity/people/" + this.sponsored + "/access-extension"))
				.contentType(MediaType.APPLICATION_JSON)
				.content("{\"accessEndsAt\":\"" + later + "\"}"))
			.andExpect(status().isOk());

		List<EventEnvelope> events = outbox("people", this.sponsored);
		assertThat(events).extracting(EventEnvelope::type).containsExactly("identity.member.access-scheduled");
		EventSamples.assertMatchesSample(events.get(0), JSON);
		assertThat(Instant.parse(events.get(0).data().get("accessEndsAt").asString())).isEqualTo(later);
		assertThat(events.get(0).aggregateVersion()).isEqualTo(2);
	}

	@Test
	void givenSponsoredPersonFromBeforeAccessScheduled_whenAnnouncedTwice_thenTheirEndIsAnnouncedOnceAndOffboardedNever()
			throws Exception {
		Instant end = Instant.now().plus(Duration.ofDays(20)).truncatedTo(ChronoUnit.MILLIS);
		insertSponsored(end);
		UUID offboarded = UUID.randomUUID();
		this.mongo.insert(new Person(offboarded, "acme-security", OrganisationType.VENDOR, "Olly Offboarded",
				"olly." + offboarded + "@acme-security.example", Role.MEMBER, Person.Status.OFFBOARDED,
				subjectOf("acme-admin"), end, null, null, Instant.now(), Instant.now(), Instant.now(), null, 3));
		try {
			this.people.announceAccessEnds();
			this.people.announceAccessEnds();

			List<EventEnvelope> events = outbox("people", this.sponsored);
			assertThat(events).extracting(EventEnvelope::type).containsExactly("identity.member.access-scheduled");
			EventSamples.assertMatchesSample(events.get(0), JSON);
			assertThat(Instant.parse(events.get(0).data().get("accessEndsAt").asString())).isEqualTo(end);
			assertThat(events.get(0).aggregateVersion()).as("newer than anything announced before").isEqualTo(2);
			assertThat(outbox("people", offboarded)).as("an offboarded person's end is not news").isEmpty();
		}
		finally {
			this.mongo.remove(new Query(where("_id").is(offboarded)), Person.class);
		}
	}

	private void insertSponsored(Instant end) {
		forget();
		this.mongo.insert(new Person(this.sponsored, "acme-security", OrganisationType.VENDOR, "Sasha Sponsored",
				"sasha.sponsored@acme-security.example", Role.MEMBER, Person.Status.ACTIVE, subjectOf("acme-admin"), end,
				null, null, Instant.now(), Instant.now(), null, null, 1));
	}

}

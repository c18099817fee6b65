package io.parley.identity.person;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import io.parley.identity.IdentityApiTest;
import io.parley.platform.events.EventEnvelope;
import io.parley.platform.events.EventSamples;
import io.parley.platform.security.OrganisationType;
import org.junit.jupiter.api.Test;

import org.springframework.data.mongodb.core.query.Query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.data.mongodb.core.query.Criteria.where;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/** MemberJoined is recorded when identity first sees a person signed in. */
class FirstSignInTests extends IdentityApiTest {

	@Test
	void givenJoiningPerson_whenFirstCallingMe_thenActiveAndOneMemberJoined() throws Exception {
		UUID id = subjectOf("gov-liaison");
		this.mongo.remove(new Query(where("_id").is(id)), Person.class);
		this.mongo.insert(new Person(id, "gov-cert", OrganisationType.GOVERNMENT, "Gabriel Liaison",
				"gov.liaison@gov-cert.example", Role.MEMBER, Person.Status.JOINING, subjectOf("gov-admin"),
				Instant.now().plus(java.time.Duration.ofDays(180)), null, UUID.randomUUID(), Instant.now(), null, null, null, 1));

		this.mvc.perform(as("gov-liaison", get("/api/identity/me"))).andExpect(status().isOk());
		this.mvc.perform(as("gov-liaison", get("/api/identity/me"))).andExpect(status().isOk());

		Person person = this.mongo.findById(id, Person.class);
		assertThat(person.status()).isEqualTo(Person.Status.ACTIVE);
		assertThat(person.joinedAt()).isNotNull();
		List<EventEnvelope> events = outbox("people", id);
		assertThat(events).extracting(EventEnvelope::type).containsExactly("identity.member.joined");
		EventSamples.assertMatchesSample(events.get(0), JSON);
		assertThat(events.get(0).aggregateVersion()).isEqualTo(2);
	}

	@Test
	void givenPersonCreatedInKeycloakByHand_whenFirstCallingMe_thenAdoptedFromTheTokenWithMemberJoined()
			throws Exception {
		UUID id = subjectOf("host-admin");
		this.mongo.remove(new Query(where("_id").is(id)), Person.class);

		this.mvc.perform(as("host-admin", get("/api/identity/me"))).andExpect(status().isOk());

		Person person = this.mongo.findById(id, Person.class);
		assertThat(person.organisationId()).isEqualTo("host");
		assertThat(person.role()).isEqualTo(Role.ORG_ADMIN);
		assertThat(person.status()).isEqualTo(Person.Status.ACTIVE);
		assertThat(person.accessEndsAt()).as("host people are not sponsored").isNull();
		assertThat(outboxTypes("people", id)).containsExactly("identity.member.joined");
	}

}

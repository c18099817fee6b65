package io.parley.identity.offboarding;

import java.util.UUID;

import io.parley.identity.keycloak.KeycloakAdmin;
import io.parley.identity.keycloak.KeycloakUnavailableException;
import io.parley.identity.person.People;
import io.parley.identity.person.Person;
import io.parley.platform.problem.Problem;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Service;

/**
 * Keycloak first, then our record: once the call returns, the person can neither sign in nor use a session
 * (Keycloak's logout also triggers the gateway's back-channel logout), and identity itself already refuses
 * their remaining access token. If Keycloak fails nothing is recorded and the call can be repeated; both
 * Keycloak steps are idempotent.
 */
@Service
class Offboarding {

	/** The actor of an offboarding that happened because access ended (the contract wants a UUID). */
	static final UUID ACCESS_ENDED = new UUID(0, 0);

	private static final Logger log = LoggerFactory.getLogger(Offboarding.class);

	private final People people;

	private final KeycloakAdmin keycloak;

	Offboarding(People people, KeycloakAdmin keycloak) {
		this.people = people;
		this.keycloak = keycloak;
	}

	/** Returns false if someone else recorded the offboarding first (Keycloak is disabled either way). */
	boolean offboard(Person person, UUID by) {
		if (person.offboarded()) {
			throw Problem.conflict("person-offboarded", "Person offboarded",
					"This person has been offboarded already.");
		}
		try {
			if (!this.keycloak.disable(person.id())) {
				log.warn("Keycloak has no user {}; recording the offboarding anyway", person.id());
			}
			this.keycloak.logout(person.id());
		}
		catch (KeycloakUnavailableException ex) {
			log.warn("Offboarding {} failed at Keycloak: {}", person.id(), ex.getMessage());
			throw KeycloakUnavailableException.problem();
		}
		boolean recorded = this.people.recordOffboarded(person, by);
		log.info("Offboarded person {} of {} (by {})", person.id(), person.organisationId(), by);
		return recorded;
	}

}

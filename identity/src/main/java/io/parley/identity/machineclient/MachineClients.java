package io.parley.identity.machineclient;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.Supplier;

import io.parley.identity.keycloak.KeycloakAdmin;
import io.parley.identity.keycloak.KeycloakUnavailableException;
import io.parley.identity.keycloak.NewKeycloakClient;
import io.parley.identity.organisation.Organisation;
import io.parley.platform.events.EventRecorder;
import io.parley.platform.events.contract.MachineClientRevoked;
import io.parley.platform.problem.Problem;
import io.parley.platform.security.Caller;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Service;

import static org.springframework.data.mongodb.core.query.Criteria.where;

/**
 * API clients in Keycloak and their record here. Keycloak first, like offboarding: when it fails nothing is
 * recorded (503, the call can be repeated). A client created in Keycloak whose record cannot be written is deleted
 * again, so no client exists that identity does not list; should identity die between the two, the orphan's secret
 * was never shown to anyone (the description in Keycloak names the organisation and who asked, for whoever tidies).
 * The secret exists only in the answer to the admin who created or re-keyed the client: never stored, logged or put
 * in an event here.
 */
@Service
class MachineClients {

	private static final Logger log = LoggerFactory.getLogger(MachineClients.class);

	private static final SecureRandom RANDOM = new SecureRandom();

	/** Lower-case letters and digits without the look-alikes (l, o, 0, 1): 32 symbols, 5 bits each. */
	private static final char[] CLIENT_ID_ALPHABET = "abcdefghijkmnpqrstuvwxyz23456789".toCharArray();

	private static final int CONCURRENT_CHANGE_ATTEMPTS = 5;

	private final MongoTemplate mongo;

	private final EventRecorder events;

	private final KeycloakAdmin keycloak;

	private final MachineClientProperties properties;

	private final Clock clock;

	MachineClients(MongoTemplate mongo, EventRecorder events, KeycloakAdmin keycloak,
			MachineClientProperties properties, Clock clock) {
		this.mongo = mongo;
		this.events = events;
		this.keycloak = keycloak;
		this.properties = properties;
		this.clock = clock;
	}

	/** The organisation's clients that are not revoked, oldest first. */
	List<MachineClient> ofOrganisation(String organisationId) {
		return this.mongo
			.find(new Query(where("organisationId").is(organisationId).and("revokedAt").isNull()), MachineClient.class)
			.stream()
			.sorted(Comparator.comparing(MachineClient::createdAt))
			.toList();
	}

	/** The organisation's client with this id, unless revoked (then it is as gone as one that never existed). */
	Optional<MachineClient> find(String organisationId, String clientId) {
		return Optional.ofNullable(this.mongo.findById(clientId, MachineClient.class))
			.filter((client) -> client.organisationId().equals(organisationId) && !client.revoked());
	}

	Issued create(Organisation organisation, String name, UUID createdBy) {
		if (ofOrganisation(organisation.id()).size() >= this.properties.maxPerOrganisation()) {
			throw Problem.conflict("machine-client-limit", "Too many API clients",
					"This organisation has " + this.properties.maxPerOrganisation()
							+ " API clients already, the most it may have: revoke one it no longer uses first.");
		}
		String clientId = newClientId(organisation.id());
		String secret = newSecret();
		UUID keycloakId;
		try {
			keycloakId = this.keycloak.createClient(new NewKeycloakClient(clientId, name,
					"Parley API client of " + organisation.id() + ", created by " + createdBy
							+ " through identity, which owns it: change it there, not here.",
					secret, Map.of("org", organisation.id(), "org_type", organisation.type().name()),
					this.properties.audience(), this.properties.tokenLifespan()));
		}
		catch (KeycloakUnavailableException | KeycloakAdmin.KeycloakConflictException ex) {
			log.warn("Creating API client {} of {} failed at Keycloak: {}", clientId, organisation.id(), ex.getMessage());
			throw KeycloakUnavailableException.problem();
		}
		MachineClient client;
		try {
			UUID serviceAccount = this.keycloak.serviceAccountUser(keycloakId);
			// `machine` and nothing else identity manages: never member or org-admin
			this.keycloak.setRealmRoles(serviceAccount, Set.of(Caller.MACHINE), Set.of(Caller.MACHINE));
			client = new MachineClient(clientId, organisation.id(), name, keycloakId, serviceAccount,
					now(), createdBy, null, null, null, null, 1);
			this.events.insert(client, this.events.event(clientId, 1,
					new MachineClientCreated(clientId, organisation.id(), name, serviceAccount, createdBy)));
		}
		catch (RuntimeException ex) {
			undoCreate(keycloakId, clientId, ex);
			if (ex instanceof KeycloakUnavailableException) {
				throw KeycloakUnavailableException.problem();
			}
			throw ex;
		}
		log.info("API client {} of {} created by {} (service account {})", clientId, organisation.id(), createdBy,
				client.serviceAccountId());
		return new Issued(client, secret);
	}

	private void undoCreate(UUID keycloakId, String clientId, RuntimeException cause) {
		log.warn("API client {} half made ({}); deleting it from Keycloak again", clientId, cause.getMessage());
		try {
			this.keycloak.deleteClient(keycloakId);
		}
		catch (KeycloakUnavailableException ex) {
			log.error("API client {} (Keycloak id {}) is left in Keycloak without a record here: delete it in "
					+ "Keycloak's console; nobody was shown its secret", clientId, keycloakId);
		}
	}

	/** A new secret from Keycloak; the previous one is refused from now on. */
	Rotated rotate(MachineClient client, UUID rotatedBy) {
		Optional<String> secret;
		try {
			secret = this.keycloak.regenerateSecret(client.keycloakId());
		}
		catch (KeycloakUnavailableException ex) {
			log.warn("Re-keying API client {} failed at Keycloak: {}", client.clientId(), ex.getMessage());
			throw KeycloakUnavailableException.problem();
		}
		if (secret.isEmpty()) {
			throw Problem.conflict("machine-client-missing", "API client gone from Keycloak",
					"Keycloak no longer has this API client (deleted in its console?): revoke it here and create "
							+ "a new one.");
		}
		Instant now = now();
		MachineClient rotated = record(client, () -> new Update().set("lastRotatedAt", now).set("lastRotatedBy", rotatedBy),
				(current) -> new MachineClientSecretRotated(current.clientId(), current.organisationId(), rotatedBy))
			// revoked while Keycloak made the secret: the client is gone, and so is what the secret opened
			.orElseThrow(() -> Problem.notFound("API client"));
		log.info("API client {} of {} re-keyed by {}", client.clientId(), client.organisationId(), rotatedBy);
		return new Rotated(rotated, secret.get());
	}

	/** Deletes the client in Keycloak and records it revoked; a client Keycloak no longer has is recorded too. */
	void revoke(MachineClient client, UUID revokedBy) {
		try {
			if (!this.keycloak.deleteClient(client.keycloakId())) {
				log.warn("Keycloak had no API client {} any more; recording the revocation anyway", client.clientId());
			}
		}
		catch (KeycloakUnavailableException ex) {
			log.warn("Revoking API client {} failed at Keycloak: {}", client.clientId(), ex.getMessage());
			throw KeycloakUnavailableException.problem();
		}
		Instant now = now();
		boolean recorded = record(client, () -> new Update().set("revokedAt", now).set("revokedBy", revokedBy),
				(current) -> new MachineClientRevoked(current.clientId(), current.organisationId(),
						current.serviceAccountId(), revokedBy))
			.isPresent();
		log.info("API client {} of {} revoked by {}{}", client.clientId(), client.organisationId(), revokedBy,
				recorded ? "" : " (someone else recorded it first)");
	}

	/**
	 * Records a change Keycloak has already made, with its event, in one conditional write. A concurrent change
	 * (another admin re-keying the same client) is no reason to lose this one: it is applied again on the newer
	 * version. Empty when the client was revoked meanwhile.
	 */
	private Optional<MachineClient> record(MachineClient seen, Supplier<Update> change,
			Function<MachineClient, Object> event) {
		MachineClient current = seen;
		for (int attempt = 0; attempt < CONCURRENT_CHANGE_ATTEMPTS; attempt++) {
			if (current.revoked()) {
				return Optional.empty();
			}
			long version = current.version() + 1;
			Query sameVersion = new Query(where("_id").is(current.clientId()).and("version").is(current.version()));
			if (this.events.update(sameVersion, change.get().inc("version", 1), MachineClient.class,
					this.events.event(current.clientId(), version, event.apply(current)))
				.getModifiedCount() == 1) {
				return Optional.ofNullable(this.mongo.findById(current.clientId(), MachineClient.class));
			}
			current = this.mongo.findById(current.clientId(), MachineClient.class);
			if (current == null) {
				return Optional.empty();
			}
		}
		throw Problem.conflict("concurrent-change", "Changed meanwhile",
				"The API client was changed by someone else meanwhile; reload and try again.");
	}

	/** To the millisecond, as MongoDB keeps it: what an answer says is what a later read says. */
	private Instant now() {
		return this.clock.instant().truncatedTo(ChronoUnit.MILLIS);
	}

	private static String newClientId(String organisationId) {
		StringBuilder id = new StringBuilder("api-").append(organisationId).append('-');
		for (int i = 0; i < 10; i++) {
			id.append(CLIENT_ID_ALPHABET[RANDOM.nextInt(CLIENT_ID_ALPHABET.length)]);
		}
		return id.toString();
	}

	/** 256 random bits, URL-safe Base64 (43 characters). */
	private static String newSecret() {
		byte[] bytes = new byte[32];
		RANDOM.nextBytes(bytes);
		return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
	}

	/** A client just made, with the secret its admin sees once. */
	record Issued(MachineClient client, String secret) {

		@Override
		public String toString() {
			return "Issued[" + this.client.clientId() + "]";
		}

	}

	record Rotated(MachineClient client, String secret) {

		@Override
		public String toString() {
			return "Rotated[" + this.client.clientId() + "]";
		}

	}

}

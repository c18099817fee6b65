package io.parley.identity.invitation;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import io.parley.identity.keycloak.KeycloakAdmin;
import io.parley.identity.keycloak.KeycloakAdmin.KeycloakConflictException;
import io.parley.identity.keycloak.KeycloakUnavailableException;
import io.parley.identity.keycloak.NewKeycloakUser;
import io.parley.identity.organisation.Organisation;
import io.parley.identity.organisation.Organisations;
import io.parley.identity.person.People;
import io.parley.identity.person.Person;
import io.parley.identity.person.Role;
import io.parley.platform.events.EventRecorder;
import io.parley.platform.events.contract.InvitationIssued;
import io.parley.platform.problem.Problem;
import io.parley.platform.security.OrganisationType;
import org.jspecify.annotations.Nullable;

import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;

import static org.springframework.data.mongodb.core.query.Criteria.where;

/**
 * Issuing, re-sending, revoking and accepting invitations. Acceptance crosses two systems (Keycloak, Mongo) that
 * share no transaction, so it is a sequence of idempotent steps guarded by a claim on the invitation: a crash
 * half-way leaves the invitation ACCEPTING, and the same link finishes the job once the claim is stale.
 */
@Service
class Invitations {

	/** Marks the Keycloak user created for an invitation, so a retried acceptance recognises its own user. */
	static final String INVITATION_ATTRIBUTE = "parley_invitation";

	private final MongoTemplate mongo;

	private final EventRecorder events;

	private final Organisations organisations;

	private final People people;

	private final KeycloakAdmin keycloak;

	private final InvitationMailer mailer;

	private final InvitationProperties properties;

	private final Clock clock;

	Invitations(MongoTemplate mongo, EventRecorder events, Organisations organisations, People people,
			KeycloakAdmin keycloak, InvitationMailer mailer, InvitationProperties properties, Clock clock) {
		this.mongo = mongo;
		this.events = events;
		this.organisations = organisations;
		this.people = people;
		this.keycloak = keycloak;
		this.mailer = mailer;
		this.properties = properties;
		this.clock = clock;
	}

	Optional<Invitation> find(UUID id) {
		return Optional.ofNullable(this.mongo.findById(id, Invitation.class));
	}

	List<Invitation> ofOrganisation(String organisationId) {
		return this.mongo.find(new Query(where("organisationId").is(organisationId))
			.with(Sort.by(Sort.Direction.DESC, "createdAt")), Invitation.class);
	}

	Issued issue(Organisation organisation, String name, String rawEmail, Role role, UUID invitedBy,
			@Nullable UUID sponsorId, @Nullable Instant accessEndsAt) {
		String email = rawEmail.toLowerCase(Locale.ROOT);
		if (!organisation.active()) {
			throw Problem.conflict("organisation-inactive", "Organisation deactivated",
					"This organisation has been deactivated; nobody can be invited into it.");
		}
		if (!organisation.admits(email)) {
			throw Problem.of(HttpStatus.UNPROCESSABLE_CONTENT, "email-outside-domains",
					"E-mail outside the organisation's domains",
					"People of " + organisation.name() + " are invited with an address at "
							+ String.join(", ", organisation.domains()) + ".");
		}
		requireUnused(email);
		Instant now = this.clock.instant();
		if (this.mongo.exists(new Query(where("email").is(email).and("status").is(Invitation.Status.PENDING)
			.and("expiresAt")
			.gt(now)), Invitation.class)) {
			throw Problem.conflict("already-invited", "Already invited",
					"There is an open invitation for this address; re-send it instead.");
		}
		UUID sponsor = null;
		Instant end = null;
		if (organisation.sponsored()) {
			sponsor = (sponsorId != null) ? checkedSponsor(sponsorId) : invitedBy;
			end = (accessEndsAt != null) ? this.people.checkedAccessEnd(accessEndsAt) : null;
		}
		else if (sponsorId != null || accessEndsAt != null) {
			throw Problem.invalid("People of the host organisation have no sponsor and no access end.");
		}
		String token = InvitationTokens.newToken();
		Invitation invitation = new Invitation(UUID.randomUUID(), organisation.id(), name, email, role,
				InvitationTokens.hash(token), Invitation.Status.PENDING, now.plus(this.properties.validity()),
				invitedBy, sponsor, end, 1, now, null, null, null, 1);
		this.events.insert(invitation, this.events.event(invitation.id().toString(), 1, issued(invitation)));
		boolean sent = this.mailer.send(invitation, organisation.name(),
				organisation.type() == OrganisationType.GOVERNMENT, token);
		return new Issued(invitation, sent);
	}

	/** A new link (the old one stops working) and a new expiry, mailed again. */
	Issued resend(Invitation invitation) {
		if (invitation.status() != Invitation.Status.PENDING) {
			throw Problem.conflict("invitation-closed", "Invitation closed",
					"Only open or expired invitations can be re-sent; this one is " + invitation.status() + ".");
		}
		Organisation organisation = this.organisations.find(invitation.organisationId())
			.filter(Organisation::active)
			.orElseThrow(() -> Problem.conflict("organisation-inactive", "Organisation deactivated",
					"This organisation has been deactivated; nobody can be invited into it."));
		String token = InvitationTokens.newToken();
		Instant expiresAt = this.clock.instant().plus(this.properties.validity());
		long version = invitation.version() + 1;
		Invitation renewed = new Invitation(invitation.id(), invitation.organisationId(), invitation.name(),
				invitation.email(), invitation.role(), InvitationTokens.hash(token), invitation.status(), expiresAt,
				invitation.invitedBy(), invitation.sponsorId(), invitation.accessEndsAt(), invitation.timesSent() + 1,
				invitation.createdAt(), null, null, null, version);
		change(invitation, Invitation.Status.PENDING,
				new Update().set("tokenHash", renewed.tokenHash())
					.set("expiresAt", expiresAt)
					.set("timesSent", renewed.timesSent()),
				this.events.event(invitation.id().toString(), version, issued(renewed)));
		boolean sent = this.mailer.send(renewed, organisation.name(),
				organisation.type() == OrganisationType.GOVERNMENT, token);
		return new Issued(renewed, sent);
	}

	Invitation revoke(Invitation invitation) {
		if (invitation.status() == Invitation.Status.REVOKED) {
			return invitation;
		}
		if (invitation.status() != Invitation.Status.PENDING) {
			throw Problem.conflict("invitation-closed", "Invitation closed",
					"Only open or expired invitations can be revoked; this one is " + invitation.status() + ".");
		}
		change(invitation, Invitation.Status.PENDING, new Update().set("status", Invitation.Status.REVOKED));
		return find(invitation.id()).orElseThrow();
	}

	/**
	 * Redeems the link: creates the Keycloak account (attributes {@code org}, {@code org_type}, required actions
	 * to set a password and, for government people, enrol TOTP), maps the realm roles, stores the person
	 * (JOINING) with {@code InvitationAccepted}, and has Keycloak mail its own link to its pages. Credentials are
	 * only ever typed there.
	 */
	Accepted accept(String token) {
		Instant now = this.clock.instant();
		Invitation invitation = this.mongo.findOne(new Query(where("tokenHash").is(InvitationTokens.hash(token))),
				Invitation.class);
		if (invitation == null) {
			throw Problem.of(HttpStatus.NOT_FOUND, "invitation-invalid", "Invalid invitation link",
					"This invitation link is not valid. It may have been replaced by a newer one.");
		}
		switch (invitation.status()) {
			case REVOKED -> throw gone("invitation-revoked", "Invitation revoked",
					"This invitation has been withdrawn. Ask whoever invited you for a new one.");
			case ACCEPTED -> throw gone("invitation-used", "Invitation already used",
					"This invitation link has been used already. Sign in, or ask for a new invitation.");
			case ACCEPTING -> {
				if (invitation.claimedAt() != null
						&& now.isBefore(invitation.claimedAt().plus(this.properties.retryAcceptanceAfter()))) {
					throw Problem.conflict("invitation-in-progress", "Acceptance in progress",
							"This invitation is being accepted right now.");
				}
			}
			case PENDING -> {
				if (!now.isBefore(invitation.expiresAt())) {
					throw gone("invitation-expired", "Invitation expired",
							"This invitation link expired on " + invitation.expiresAt()
									+ ". Ask whoever invited you to send it again.");
				}
			}
		}
		Organisation organisation = this.organisations.find(invitation.organisationId())
			.filter(Organisation::active)
			.orElseThrow(() -> gone("organisation-inactive", "Organisation deactivated",
					"The organisation you were invited into has been deactivated."));
		Invitation claimed = claim(invitation, now);
		try {
			return complete(claimed, organisation, now);
		}
		catch (RuntimeException ex) {
			release(claimed);
			if (ex instanceof KeycloakUnavailableException) {
				throw KeycloakUnavailableException.problem();
			}
			throw ex;
		}
	}

	private Accepted complete(Invitation invitation, Organisation organisation, Instant now) {
		Optional<Person> existing = this.people.findByEmail(invitation.email());
		if (existing.isPresent() && !invitation.id().equals(existing.get().invitationId())) {
			throw emailTaken();
		}
		boolean government = organisation.type() == OrganisationType.GOVERNMENT;
		List<String> actions = government ? List.of("UPDATE_PASSWORD", "CONFIGURE_TOTP") : List.of("UPDATE_PASSWORD");
		UUID userId = createOrRecogniseUser(invitation, organisation, actions);
		this.keycloak.setRealmRoles(userId, Role.MANAGED_REALM_ROLES, invitation.role().realmRoles());
		Person person = new Person(userId, organisation.id(), organisation.type(), invitation.name(),
				invitation.email(), invitation.role(), Person.Status.JOINING, invitation.sponsorId(),
				this.people.accessEnd(organisation, invitation.accessEndsAt()), null, invitation.id(), now, null, null,
				null, 1);
		this.people.insertJoining(person, this.events.event(invitation.id().toString(), invitation.version() + 1,
				new InvitationAccepted(invitation.id(), organisation.id(), userId, invitation.email())));
		this.keycloak.sendRequiredActionsEmail(userId, actions);
		this.mongo.updateFirst(
				new Query(where("_id").is(invitation.id()).and("status").is(Invitation.Status.ACCEPTING)),
				new Update().set("status", Invitation.Status.ACCEPTED)
					.set("acceptedAt", now)
					.set("personId", userId)
					.inc("version", 1),
				Invitation.class);
		return new Accepted(invitation.email(), government);
	}

	private UUID createOrRecogniseUser(Invitation invitation, Organisation organisation, List<String> actions) {
		String name = invitation.name().strip();
		int space = name.lastIndexOf(' ');
		// Keycloak's profile has first and last name; with a single name the person is asked for the other on
		// Keycloak's own page at first sign-in
		String firstName = (space > 0) ? name.substring(0, space).strip() : name;
		String lastName = (space > 0) ? name.substring(space + 1) : "";
		try {
			return this.keycloak.createUser(new NewKeycloakUser(invitation.email(), firstName, lastName,
					organisation.id(), organisation.type().name(), actions,
					Map.of(INVITATION_ATTRIBUTE, invitation.id().toString())));
		}
		catch (KeycloakConflictException ex) {
			// ours from an earlier attempt at this same invitation, or somebody else's
			return this.keycloak.findByEmail(invitation.email())
				.filter((user) -> invitation.id().toString().equals(user.attributes().get(INVITATION_ATTRIBUTE)))
				.map(KeycloakAdmin.KeycloakUser::id)
				.orElseThrow(Invitations::emailTaken);
		}
	}

	private Invitation claim(Invitation invitation, Instant now) {
		Criteria claimable = new Criteria().orOperator(
				where("status").is(Invitation.Status.PENDING).and("expiresAt").gt(now),
				where("status").is(Invitation.Status.ACCEPTING)
					.and("claimedAt")
					.lte(now.minus(this.properties.retryAcceptanceAfter())));
		Query query = new Query(new Criteria().andOperator(where("_id").is(invitation.id()),
				where("version").is(invitation.version()), claimable));
		if (this.mongo
			.updateFirst(query, new Update().set("status", Invitation.Status.ACCEPTING)
				.set("claimedAt", now)
				.inc("version", 1), Invitation.class)
			.getModifiedCount() == 0) {
			throw Problem.conflict("invitation-in-progress", "Acceptance in progress",
					"This invitation is being accepted right now.");
		}
		return find(invitation.id()).orElseThrow();
	}

	/** Gives the invitation back after a failed acceptance, so the same link can be tried again. */
	private void release(Invitation claimed) {
		this.mongo.updateFirst(
				new Query(where("_id").is(claimed.id()).and("status").is(Invitation.Status.ACCEPTING)),
				new Update().set("status", Invitation.Status.PENDING).unset("claimedAt").inc("version", 1),
				Invitation.class);
	}

	private void requireUnused(String email) {
		if (this.people.findByEmail(email).isPresent()) {
			throw emailTaken();
		}
		try {
			if (this.keycloak.findByEmail(email).isPresent()) {
				throw emailTaken();
			}
		}
		catch (KeycloakUnavailableException ex) {
			throw KeycloakUnavailableException.problem();
		}
	}

	private UUID checkedSponsor(UUID sponsorId) {
		return this.people.find(sponsorId)
			.filter((person) -> !person.offboarded())
			.map(Person::id)
			.orElseThrow(() -> Problem.invalid("sponsorId: no such person"));
	}

	private void change(Invitation invitation, Invitation.Status expected, Update update,
			io.parley.platform.events.EventEnvelope... envelopes) {
		Query query = new Query(where("_id").is(invitation.id())
			.and("version")
			.is(invitation.version())
			.and("status")
			.is(expected));
		if (this.events.update(query, update.inc("version", 1), Invitation.class, envelopes).getModifiedCount() == 0) {
			throw Problem.conflict("concurrent-change", "Changed meanwhile",
					"The invitation was changed meanwhile; reload and try again.");
		}
	}

	private static InvitationIssued issued(Invitation invitation) {
		return new InvitationIssued(invitation.id(), invitation.organisationId(), invitation.name(),
				invitation.email(), invitation.invitedBy(), invitation.expiresAt());
	}

	private static Problem emailTaken() {
		return Problem.conflict("email-taken", "E-mail already in use",
				"This e-mail address already belongs to someone in Parley.");
	}

	private static Problem gone(String slug, String title, String detail) {
		return Problem.of(HttpStatus.GONE, slug, title, detail);
	}

	record Issued(Invitation invitation, boolean emailSent) {
	}

	record Accepted(String email, boolean secondFactorRequired) {
	}

}

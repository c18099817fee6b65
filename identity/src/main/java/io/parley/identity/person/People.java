package io.parley.identity.person;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import io.parley.identity.keycloak.KeycloakAdmin;
import io.parley.identity.keycloak.KeycloakUnavailableException;
import io.parley.identity.organisation.Organisation;
import io.parley.identity.organisation.Organisations;
import io.parley.platform.events.EventEnvelope;
import io.parley.platform.events.EventRecorder;
import io.parley.platform.access.AccessCheck;
import io.parley.platform.events.contract.AccessExpiring;
import io.parley.platform.events.contract.AccessScheduled;
import io.parley.platform.events.contract.MemberJoined;
import io.parley.platform.events.contract.MemberOffboarded;
import io.parley.platform.problem.Problem;
import io.parley.platform.security.Caller;
import org.jspecify.annotations.Nullable;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Service;

import static org.springframework.data.mongodb.core.query.Criteria.where;

/**
 * People and their events. Each change is one conditional update of the person's document (on its version or
 * status) that appends the event to the same document's outbox, so a change is never recorded without its
 * event or the other way round. Keycloak is changed first: if it fails nothing is recorded and the caller may
 * simply retry (every Keycloak step is idempotent).
 *
 * <p>
 * Also identity's {@link AccessCheck}: platform's filter refuses a caller who is offboarded or whose access end has
 * passed, read from the person's own document (the job that offboards them in Keycloak may run minutes later).
 */
@Service
public class People implements AccessCheck {

	/** Marks a person whose access end {@link #announceAccessEnds()} has announced; not part of {@link Person}. */
	static final String ACCESS_ANNOUNCED = "accessAnnounced";

	private final MongoTemplate mongo;

	private final EventRecorder events;

	private final Organisations organisations;

	private final KeycloakAdmin keycloak;

	private final AccessProperties access;

	private final Clock clock;

	People(MongoTemplate mongo, EventRecorder events, Organisations organisations, KeycloakAdmin keycloak,
			AccessProperties access, Clock clock) {
		this.mongo = mongo;
		this.events = events;
		this.organisations = organisations;
		this.keycloak = keycloak;
		this.access = access;
		this.clock = clock;
	}

	public Optional<Person> find(UUID id) {
		return Optional.ofNullable(this.mongo.findById(id, Person.class));
	}

	public Optional<Person> findByEmail(String email) {
		return Optional.ofNullable(this.mongo.findOne(new Query(where("email").is(email)), Person.class));
	}

	@Override
	public boolean ended(String personId, Instant now) {
		UUID id;
		try {
			id = UUID.fromString(personId);
		}
		catch (IllegalArgumentException ex) {
			return false; // not a Parley person (a service account): nothing of theirs is in people
		}
		Person person = this.mongo.findById(id, Person.class);
		return person != null && (person.offboarded()
				|| (person.accessEndsAt() != null && !now.isBefore(person.accessEndsAt())));
	}

	List<Person> ofOrganisation(String organisationId) {
		return this.mongo
			.find(new Query(where("organisationId").is(organisationId)).with(Sort.by("name", "email")), Person.class)
			.stream()
			.sorted(Comparator.comparing(Person::name, String.CASE_INSENSITIVE_ORDER))
			.toList();
	}

	/**
	 * The person behind an accepted invitation, stored with {@code extraEvents} (the invitation's
	 * {@code InvitationAccepted}) in one write. Returns false if they were stored already (a retried acceptance).
	 */
	public boolean insertJoining(Person person, EventEnvelope... extraEvents) {
		List<EventEnvelope> events = new ArrayList<>(Arrays.asList(extraEvents));
		if (person.accessEndsAt() != null) {
			events.add(scheduled(person, person.accessEndsAt(), person.version()));
		}
		try {
			this.events.insert(person, events.toArray(EventEnvelope[]::new));
			return true;
		}
		catch (DuplicateKeyException ex) {
			return false;
		}
	}

	/** Access end for someone joining {@code organisation} now, or null for HOST people. */
	public @Nullable Instant accessEnd(Organisation organisation, @Nullable Instant requested) {
		if (!organisation.sponsored()) {
			return null;
		}
		// to the millisecond, as Mongo stores it: the AccessScheduled other services keep says the same instant
		Instant end = (requested != null) ? requested : this.clock.instant().plus(this.access.defaultDuration());
		return end.truncatedTo(ChronoUnit.MILLIS);
	}

	/** Validates an access end date asked for by an admin or sponsor. */
	public Instant checkedAccessEnd(Instant requested) {
		Instant now = this.clock.instant();
		if (!requested.isAfter(now)) {
			throw Problem.invalid("accessEndsAt: must be in the future");
		}
		if (requested.isAfter(now.plus(this.access.maxDuration()))) {
			throw Problem.invalid("accessEndsAt: must be within " + this.access.maxDuration().toDays()
					+ " days from now");
		}
		return requested.truncatedTo(ChronoUnit.MILLIS);
	}

	/**
	 * A signed-in person seen by identity: the first request of a JOINING person makes them ACTIVE
	 * ({@code MemberJoined}); someone created in Keycloak by hand (the demo people, or an admin in the console) is
	 * adopted with the organisation and role their token carries, if identity knows that organisation.
	 */
	public void signedIn(Caller caller) {
		UUID id;
		try {
			id = UUID.fromString(caller.id());
		}
		catch (IllegalArgumentException ex) {
			return;
		}
		Person person = find(id).orElse(null);
		if (person == null) {
			adopt(id, caller);
			return;
		}
		if (person.status() != Person.Status.JOINING) {
			return;
		}
		Instant now = this.clock.instant();
		long version = person.version() + 1;
		this.events.update(new Query(where("_id").is(id).and("status").is(Person.Status.JOINING)),
				new Update().set("status", Person.Status.ACTIVE).set("joinedAt", now).inc("version", 1), Person.class,
				this.events.event(id.toString(), version, joined(person)));
	}

	private void adopt(UUID id, Caller caller) {
		String organisationId = caller.organisation();
		if (organisationId == null || caller.organisationType() == null || caller.email() == null) {
			return;
		}
		Organisation organisation = this.organisations.find(organisationId)
			.filter((found) -> found.type() == caller.organisationType())
			.orElse(null);
		if (organisation == null) {
			return;
		}
		Instant now = this.clock.instant();
		Role role = caller.hasRole(Caller.ORG_ADMIN) ? Role.ORG_ADMIN : Role.MEMBER;
		Person person = new Person(id, organisationId, organisation.type(), caller.name(),
				caller.email().toLowerCase(java.util.Locale.ROOT), role, Person.Status.ACTIVE, null,
				accessEnd(organisation, null), null, null, now, now, null, null, 1);
		EventEnvelope joined = this.events.event(id.toString(), 1, joined(person));
		try {
			if (person.accessEndsAt() != null) {
				this.events.insert(person, joined, scheduled(person, person.accessEndsAt(), 1));
			}
			else {
				this.events.insert(person, joined);
			}
		}
		catch (DuplicateKeyException ex) {
			// a parallel first request adopted them already, or their e-mail belongs to someone else: either way
			// there is nothing to add
		}
	}

	/**
	 * Announces the access end of every sponsored person that has not been announced by this method yet, once: people
	 * granted access before {@code AccessScheduled} existed were never announced, so the other services did not
	 * know their end (ADR 0024). Each announcement is one conditional write on the person's version that marks them
	 * ({@code accessAnnounced}) and records the event; a second run, or another identity instance running it at the
	 * same time, adds nothing. People announced on joining or extension are announced once more, which changes nothing
	 * where the end was known already (same end, newer version).
	 * @return how many were announced now
	 */
	public int announceAccessEnds() {
		Query unannounced = new Query(where("accessEndsAt").ne(null)
			.and("status")
			.ne(Person.Status.OFFBOARDED)
			.and(ACCESS_ANNOUNCED)
			.exists(false));
		int announced = 0;
		for (Person person : this.mongo.find(unannounced, Person.class)) {
			long version = person.version() + 1;
			Query unchanged = new Query(where("_id").is(person.id())
				.and("version")
				.is(person.version())
				.and(ACCESS_ANNOUNCED)
				.exists(false));
			if (this.events
				.update(unchanged, new Update().set(ACCESS_ANNOUNCED, true).inc("version", 1), Person.class,
						scheduled(person, person.accessEndsAt(), version))
				.getModifiedCount() == 1) {
				announced++;
			}
		}
		return announced;
	}

	/** Every service refuses the person from {@code end} on, by itself (ADR 0024). */
	private EventEnvelope scheduled(Person person, Instant end, long version) {
		return this.events.event(person.id().toString(), version,
				new AccessScheduled(person.id(), person.organisationId(), end));
	}

	private static MemberJoined joined(Person person) {
		return new MemberJoined(person.id(), person.organisationId(), person.organisationType().name(), person.name(),
				person.email());
	}

	Person changeRole(Person person, Role role, UUID changedBy) {
		if (person.role() == role) {
			return person;
		}
		requireNotOffboarded(person);
		try {
			this.keycloak.setRealmRoles(person.id(), Role.MANAGED_REALM_ROLES, role.realmRoles());
		}
		catch (KeycloakUnavailableException ex) {
			throw KeycloakUnavailableException.problem();
		}
		long version = person.version() + 1;
		change(person, new Update().set("role", role), this.events.event(person.id().toString(), version,
				new MemberRoleChanged(person.id(), person.organisationId(), person.role().wireName(),
						role.wireName(), changedBy)));
		return find(person.id()).orElseThrow();
	}

	Person extendAccess(Person person, Instant until) {
		requireNotOffboarded(person);
		if (person.accessEndsAt() == null) {
			throw Problem.conflict("access-not-sponsored", "Access does not expire",
					"People of the host organisation have no access end date.");
		}
		Instant end = checkedAccessEnd(until);
		change(person, new Update().set("accessEndsAt", end), scheduled(person, end, person.version() + 1));
		return find(person.id()).orElseThrow();
	}

	/**
	 * Records the offboarding (after Keycloak disabled the person and ended their sessions) with its
	 * {@code MemberOffboarded}; false if someone recorded it first.
	 */
	public boolean recordOffboarded(Person person, UUID offboardedBy) {
		Instant now = this.clock.instant();
		long version = person.version() + 1;
		return this.events
			.update(new Query(where("_id").is(person.id()).and("version").is(person.version()).and("status")
				.ne(Person.Status.OFFBOARDED)),
					new Update().set("status", Person.Status.OFFBOARDED)
						.set("offboardedAt", now)
						.set("offboardedBy", offboardedBy)
						.inc("version", 1),
					Person.class,
					this.events.event(person.id().toString(), version,
							new MemberOffboarded(person.id(), person.organisationId(), offboardedBy)))
			.getModifiedCount() > 0;
	}

	/** People whose access has ended but who are not offboarded yet. */
	public List<Person> accessEnded(Instant now) {
		return this.mongo.find(new Query(where("accessEndsAt").lte(now).and("status").ne(Person.Status.OFFBOARDED)),
				Person.class);
	}

	/**
	 * Records {@code AccessExpiring} for everyone whose end is within the reminder window and who has not been
	 * reminded of this end date; returns how many.
	 */
	public int remindExpiring(Instant now) {
		Instant horizon = now.plus(this.access.reminderBefore());
		List<Person> due = this.mongo.find(new Query(where("accessEndsAt").gt(now).lte(horizon)
			.and("status")
			.ne(Person.Status.OFFBOARDED)), Person.class);
		int reminded = 0;
		for (Person person : due) {
			if (person.accessEndsAt() == null || person.accessEndsAt().equals(person.remindedFor())) {
				continue;
			}
			// conditional on the end date read: an extension in between changes it and gets its own reminder
			Query notYet = new Query(new Criteria().andOperator(where("_id").is(person.id()),
					where("accessEndsAt").is(person.accessEndsAt()), where("version").is(person.version())));
			long version = person.version() + 1;
			if (this.events
				.update(notYet, new Update().set("remindedFor", person.accessEndsAt()).inc("version", 1), Person.class,
						this.events.event(person.id().toString(), version, new AccessExpiring(person.id(),
								person.organisationId(), person.sponsorId(), person.accessEndsAt())))
				.getModifiedCount() > 0) {
				reminded++;
			}
		}
		return reminded;
	}

	private void change(Person person, Update update, EventEnvelope... envelopes) {
		Query sameVersion = new Query(where("_id").is(person.id()).and("version").is(person.version()));
		if (this.events.update(sameVersion, update.inc("version", 1), Person.class, envelopes)
			.getModifiedCount() == 0) {
			throw Problem.conflict("concurrent-change", "Changed meanwhile",
					"The person was changed by someone else meanwhile; reload and try again.");
		}
	}

	private static void requireNotOffboarded(Person person) {
		if (person.offboarded()) {
			throw Problem.conflict("person-offboarded", "Person offboarded",
					"This person has been offboarded.");
		}
	}

}

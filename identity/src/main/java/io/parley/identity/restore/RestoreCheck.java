package io.parley.identity.restore;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import io.parley.platform.backup.PendingEvents;
import io.parley.platform.backup.RestoreCheckRunner;
import io.parley.platform.events.EventsProperties;
import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.stereotype.Service;

import static org.springframework.data.mongodb.core.query.Criteria.where;

/**
 * What an operator runs against a restored identity database (ADRs 0037, 0040). Each record is one document with its
 * events, so a restore cannot split a change from its events; what it can split are records that point at each
 * other across collections, when the backup read them at different moments:
 * <ul>
 * <li>{@code acceptedWithoutPerson}: an invitation restored as accepted whose person is not there (the acceptance
 * stores the person, then marks the invitation). The invitee has a Keycloak account, and their link now says it was
 * used: docs/backup-restore.md says how to open it again.</li>
 * <li>{@code peopleWithoutOrganisation}, {@code clientsWithoutOrganisation}: a person or machine client of an
 * organisation that is not there (created after its collection was read).</li>
 * <li>{@code peopleWithoutSponsor}: a sponsored person whose sponsor is not there.</li>
 * </ul>
 * and, as every service's check, the events still pending in the outboxes. Read-only.
 */
@Service
public class RestoreCheck {

	static final int MAX_LISTED = 100;

	private static final Logger log = LoggerFactory.getLogger(RestoreCheck.class);

	private final MongoTemplate mongo;

	private final List<String> outboxCollections;

	private final Clock clock;

	@Autowired
	RestoreCheck(MongoTemplate mongo, EventsProperties events) {
		this(mongo, events.relay().collections(), Clock.systemUTC());
	}

	RestoreCheck(MongoTemplate mongo, List<String> outboxCollections, Clock clock) {
		this.mongo = mongo;
		this.outboxCollections = outboxCollections;
		this.clock = clock;
	}

	/**
	 * @param valid nothing points at a record that is not there (pending events are expected after a restore)
	 * @param acceptedWithoutPerson invitation ids (the first {@value #MAX_LISTED})
	 * @param peopleWithoutOrganisation person ids
	 * @param peopleWithoutSponsor person ids
	 * @param clientsWithoutOrganisation machine client ids
	 */
	public record Report(boolean valid, Instant checkedAt, Duration took, long organisations, long people,
			long invitations, long machineClients, List<String> acceptedWithoutPerson,
			List<String> peopleWithoutOrganisation, List<String> peopleWithoutSponsor,
			List<String> clientsWithoutOrganisation, PendingEvents outbox) implements RestoreCheckRunner.Verdict {
	}

	public Report run() {
		Instant started = this.clock.instant();
		Set<String> organisations = ids("organisations", new Query());
		List<Document> people = all("people", "organisationId", "sponsorId");
		Set<String> personIds = new HashSet<>();
		people.forEach((person) -> personIds.add(String.valueOf(person.get("_id"))));

		List<String> peopleWithoutOrganisation = new ArrayList<>();
		List<String> peopleWithoutSponsor = new ArrayList<>();
		for (Document person : people) {
			String id = String.valueOf(person.get("_id"));
			if (!organisations.contains(person.getString("organisationId"))) {
				listed(peopleWithoutOrganisation, id, "person {} of organisation {}, which is not there",
						person.getString("organisationId"));
			}
			Object sponsor = person.get("sponsorId");
			if (sponsor != null && !personIds.contains(String.valueOf(sponsor))) {
				listed(peopleWithoutSponsor, id, "person {} sponsored by {}, who is not there", sponsor);
			}
		}
		List<String> acceptedWithoutPerson = new ArrayList<>();
		long invitations = this.mongo.count(new Query(), "invitations");
		for (Document invitation : this.mongo.find(new Query(where("status").is("ACCEPTED")), Document.class,
				"invitations")) {
			if (!personIds.contains(String.valueOf(invitation.get("personId")))) {
				listed(acceptedWithoutPerson, String.valueOf(invitation.get("_id")),
						"invitation {} accepted by person {}, who is not there", invitation.get("personId"));
			}
		}
		List<String> clientsWithoutOrganisation = new ArrayList<>();
		List<Document> clients = all("machine_clients", "organisationId");
		for (Document client : clients) {
			if (!organisations.contains(client.getString("organisationId"))) {
				listed(clientsWithoutOrganisation, String.valueOf(client.get("_id")),
						"machine client {} of organisation {}, which is not there", client.getString("organisationId"));
			}
		}
		boolean valid = acceptedWithoutPerson.isEmpty() && peopleWithoutOrganisation.isEmpty()
				&& peopleWithoutSponsor.isEmpty() && clientsWithoutOrganisation.isEmpty();
		PendingEvents outbox = PendingEvents.in(this.mongo, this.outboxCollections);
		Report report = new Report(valid, started, Duration.between(started, this.clock.instant()),
				organisations.size(), people.size(), invitations, clients.size(), first(acceptedWithoutPerson),
				first(peopleWithoutOrganisation), first(peopleWithoutSponsor), first(clientsWithoutOrganisation),
				outbox);
		log.info("Restore check: valid={} organisations={} people={} invitations={} machineClients={} "
				+ "acceptedWithoutPerson={} peopleWithoutOrganisation={} peopleWithoutSponsor={} "
				+ "clientsWithoutOrganisation={} pendingEvents={} took={}", valid, organisations.size(), people.size(),
				invitations, clients.size(), acceptedWithoutPerson.size(), peopleWithoutOrganisation.size(),
				peopleWithoutSponsor.size(), clientsWithoutOrganisation.size(), outbox.total(), report.took());
		return report;
	}

	private Set<String> ids(String collection, Query query) {
		query.fields().include("_id");
		Set<String> ids = new HashSet<>();
		this.mongo.find(query, Document.class, collection).forEach((found) -> ids.add(String.valueOf(found.get("_id"))));
		return ids;
	}

	private List<Document> all(String collection, String... fields) {
		Query query = new Query();
		for (String field : fields) {
			query.fields().include(field);
		}
		return this.mongo.find(query, Document.class, collection);
	}

	private static void listed(List<String> found, String id, String what, Object other) {
		log.error("Restore check: " + what, id, other);
		found.add(id);
	}

	private static List<String> first(List<String> found) {
		return List.copyOf(found.subList(0, Math.min(MAX_LISTED, found.size())));
	}

}

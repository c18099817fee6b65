package io.parley.identity.restore;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;

import io.parley.identity.organisation.Organisation;
import io.parley.identity.person.Person;
import io.parley.identity.person.Role;
import io.parley.platform.security.OrganisationType;
import io.parley.platform.test.EmbeddedMongo;
import org.bson.Document;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

import org.springframework.data.mongodb.core.MongoTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Identity's records restored from a backup that read its collections at different moments: what points at a record
 * that is not there is reported, with the pending events; a consistent database is valid.
 */
class RestoreCheckTests {

	private static final Instant NOW = Instant.parse("2026-12-08T10:00:00Z");

	private final MongoTemplate mongo = EmbeddedMongo.template("identity-restore-" + UUID.randomUUID());

	private final RestoreCheck check = new RestoreCheck(this.mongo, List.of("organisations", "people"),
			Clock.fixed(NOW, ZoneOffset.UTC));

	@Test
	void givenRecordsThatPointAtEachOther_whenChecked_thenValidWithTheirCounts() {
		organisation("acme-security");
		Person sponsor = person("acme-security", null);
		Person sponsored = person("acme-security", sponsor.id());
		invitation("ACCEPTED", sponsored.id());
		invitation("PENDING", null);
		machineClient("acme-security");

		RestoreCheck.Report report = this.check.run();

		assertThat(report.valid()).isTrue();
		assertThat(report.organisations()).isEqualTo(1);
		assertThat(report.people()).isEqualTo(2);
		assertThat(report.invitations()).isEqualTo(2);
		assertThat(report.machineClients()).isEqualTo(1);
		assertThat(report.outbox().total()).isEqualTo(1);
		assertThat(report.outbox().pendingEvents()).containsEntry("organisations", 1L).containsEntry("people", 0L);
	}

	@Test
	void givenCollectionsReadAtDifferentMoments_whenChecked_thenEveryDanglingRecordIsNamedAndTheRestoreIsInvalid() {
		organisation("acme-security");
		// invitations read after the acceptance had marked one, people read before it had stored the person
		UUID lostPerson = UUID.randomUUID();
		UUID accepted = invitation("ACCEPTED", lostPerson);
		// organisations read before one was created whose first person and machine client were read later
		Person orphan = person("new-partner", null);
		String client = machineClient("new-partner");
		// a sponsor read out
		Person sponsored = person("acme-security", UUID.randomUUID());

		RestoreCheck.Report report = this.check.run();

		assertThat(report.valid()).isFalse();
		assertThat(report.acceptedWithoutPerson()).containsExactly(accepted.toString());
		assertThat(report.peopleWithoutOrganisation()).containsExactly(orphan.id().toString());
		assertThat(report.clientsWithoutOrganisation()).containsExactly(client);
		assertThat(report.peopleWithoutSponsor()).containsExactly(sponsored.id().toString());
	}

	private void organisation(String id) {
		Document organisation = new Document();
		this.mongo.getConverter()
			.write(new Organisation(id, id, OrganisationType.VENDOR, List.of(id + ".example"), true, NOW, null, 1),
					organisation);
		// as the service stores it: with its creation event still pending
		organisation.append("_outbox", List.of(new Document("id", UUID.randomUUID().toString())
			.append("type", "identity.organisation.created")
			.append("occurredAt", java.util.Date.from(NOW))
			.append("body", "{}"))).append("_outboxCount", 1);
		this.mongo.insert(organisation, "organisations");
	}

	private Person person(String organisation, @Nullable UUID sponsor) {
		UUID id = UUID.randomUUID();
		Person person = new Person(id, organisation, OrganisationType.VENDOR, "Someone", id + "@" + organisation,
				Role.MEMBER, Person.Status.ACTIVE, sponsor, null, null, null, NOW, NOW, null, null, 1);
		this.mongo.insert(person);
		return person;
	}

	/** The fields of an invitation the check reads, as the service stores them. */
	private UUID invitation(String status, @Nullable UUID person) {
		UUID id = UUID.randomUUID();
		this.mongo.insert(new Document("_id", id).append("organisationId", "acme-security")
			.append("status", status)
			.append("personId", person), "invitations");
		return id;
	}

	private String machineClient(String organisation) {
		String id = "pipeline-" + UUID.randomUUID();
		this.mongo.insert(new Document("_id", id).append("organisationId", organisation), "machine_clients");
		return id;
	}

}

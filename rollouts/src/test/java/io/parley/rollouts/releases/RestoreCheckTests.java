package io.parley.rollouts.releases;

import java.time.Clock;
import java.time.ZoneOffset;
import java.util.Date;
import java.util.List;
import java.util.UUID;

import io.parley.platform.test.EmbeddedMongo;
import org.bson.Document;
import org.junit.jupiter.api.Test;

import org.springframework.data.mongodb.core.MongoTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Releases restored from a backup: each is read as the service reads it and checked against itself and its pending
 * events; a release whose workspace rollouts does not know (the workspaces read before it was made) is named.
 */
class RestoreCheckTests {

	private final MongoTemplate mongo = EmbeddedMongo.template("rollouts-restore-" + UUID.randomUUID());

	private final RestoreCheck check = new RestoreCheck(this.mongo, List.of(ReleaseStore.COLLECTION),
			Clock.fixed(Plans.T0, ZoneOffset.UTC));

	@Test
	void givenReleasesAsTheServiceStoresThem_whenChecked_thenValidWithTheirPendingEvents() {
		workspace(Plans.WORKSPACE);
		Release halted = Plans.inRing0(Kind.values()[0]);
		halted.halt("crash rate up", false, Plans.HOSTS, Plans.ENGINEER, Plans.T0);
		stored(Plans.reloaded(halted), 0);
		stored(Plans.declared(Kind.values()[0]), 0);

		RestoreCheck.Report report = this.check.run();

		assertThat(report.valid()).as("%s", report).isTrue();
		assertThat(report.releases()).isEqualTo(2);
		assertThat(report.outbox().total()).isEqualTo(2);
		assertThat(report.outbox().oldestPending()).isEqualTo(Plans.T0);
	}

	@Test
	void givenReleasesOfAnUnknownWorkspaceOrDamaged_whenChecked_thenEachIsNamedAndTheRestoreIsInvalid() {
		workspace(Plans.WORKSPACE);
		Release halted = Plans.inRing0(Kind.values()[0]);
		halted.halt("crash rate up", false, Plans.HOSTS, Plans.ENGINEER, Plans.T0);
		Document withoutHalt = stored(Plans.reloaded(halted), 0);
		this.mongo.getCollection(ReleaseStore.COLLECTION)
			.updateOne(new Document("_id", withoutHalt.get("_id")), new Document("$set", new Document("halt", null)));
		Document ahead = stored(Plans.declared(Kind.values()[0]), 1);
		// a release in a workspace made after rollouts' copy of the workspaces was read
		Document elsewhere = stored(Plans.declared(Kind.values()[0]), 0);
		this.mongo.getCollection(ReleaseStore.COLLECTION)
			.updateOne(new Document("_id", elsewhere.get("_id")),
					new Document("$set", new Document("workspaceId", UUID.randomUUID())));
		this.mongo.insert(new Document("releaseId", UUID.randomUUID()).append("ring", 0), ReleaseStore.SERIES);

		RestoreCheck.Report report = this.check.run();

		assertThat(report.valid()).isFalse();
		assertThat(report.damaged()).hasSize(2)
			.anySatisfy((problem) -> assertThat(problem).startsWith(withoutHalt.get("_id") + ": is HALTED without a halt"))
			.anySatisfy((problem) -> assertThat(problem).startsWith(ahead.get("_id") + ": holds a pending event"));
		assertThat(report.unknownWorkspace()).containsExactly(elsewhere.get("_id").toString());
		assertThat(report.reportsWithoutRelease()).isEqualTo(1);
	}

	private void workspace(UUID id) {
		this.mongo.insert(new Document("_id", id.toString()).append("name", "Falcon").append("labelCeiling", "RED"),
				"workspaces");
	}

	/** The release's document with one pending event of its own, {@code ahead} versions past the release. */
	private Document stored(Release release, int ahead) {
		Release.Snapshot snapshot = release.snapshot();
		Document document = ReleaseDocuments.write(snapshot);
		String envelope = new Document("id", UUID.randomUUID().toString()).append("type", "rollouts.release.declared")
			.append("aggregateId", snapshot.id().toString())
			.append("aggregateVersion", snapshot.revision() + ahead)
			.toJson();
		document.append("_outbox", List.of(new Document("id", UUID.randomUUID().toString())
			.append("type", "rollouts.release.declared")
			.append("occurredAt", Date.from(Plans.T0))
			.append("body", envelope))).append("_outboxCount", 1);
		this.mongo.insert(document, ReleaseStore.COLLECTION);
		return document;
	}

}

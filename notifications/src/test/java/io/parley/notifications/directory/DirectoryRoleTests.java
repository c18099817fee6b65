package io.parley.notifications.directory;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import io.parley.platform.events.EventEnvelope;
import io.parley.platform.events.EventSamples;
import io.parley.platform.events.contract.WorkspaceMemberAdded;
import io.parley.platform.events.contract.WorkspaceMemberRoleChanged;
import io.parley.platform.test.EmbeddedMongo;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.data.mongodb.core.MongoTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The consumer side of {@code workspace.membership.role-changed}: the sample read as notifications reads it, and the
 * directory keeping the member's new role (issue 16) — without bringing back a member removed meanwhile.
 */
class DirectoryRoleTests {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static MongoClient client;

	private static Directory directory;

	@BeforeAll
	static void start() {
		client = MongoClients.create(EmbeddedMongo.uri());
		directory = new Directory(new MongoTemplate(client, "notifications-directory-role-tests"));
	}

	@AfterAll
	static void stop() {
		client.close();
	}

	@Test
	void givenAMember_whenTheRoleChangedSampleArrives_thenTheDirectoryKeepsTheNewRole() {
		WorkspaceMemberRoleChanged changed = sample();
		directory.on(new WorkspaceMemberAdded(changed.workspaceId(), changed.personId(), changed.organisationId(),
				changed.previousRole()));

		directory.on(changed);
		directory.on(changed);

		assertThat(directory.membersOf(changed.workspaceId())).singleElement()
			.isEqualTo(new Directory.Member(changed.personId().toString(), changed.organisationId(), "reader"));
	}

	@Test
	void givenAMemberRemovedMeanwhile_whenTheRoleChangeIsRedelivered_thenTheyStayRemoved() {
		WorkspaceMemberRoleChanged sample = sample();
		WorkspaceMemberRoleChanged changed = new WorkspaceMemberRoleChanged(java.util.UUID.randomUUID(),
				sample.personId(), sample.organisationId(), sample.previousRole(), sample.role());
		directory.on(new WorkspaceMemberAdded(changed.workspaceId(), changed.personId(), changed.organisationId(),
				changed.previousRole()));
		directory.removeMember(changed.workspaceId(), changed.personId());

		directory.on(changed);

		assertThat(directory.membersOf(changed.workspaceId())).isEmpty();
		assertThat(directory.isMember(changed.workspaceId(), changed.personId().toString())).isFalse();
	}

	private static WorkspaceMemberRoleChanged sample() {
		EventEnvelope envelope = EventSamples.envelope("workspace.membership.role-changed");
		return JSON.treeToValue(envelope.data(), WorkspaceMemberRoleChanged.class);
	}

}

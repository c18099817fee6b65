package io.parley.rollouts.workspaces;

import java.util.Map;
import java.util.UUID;

import io.parley.platform.events.EventSamples;
import io.parley.platform.events.EventSubscription;
import io.parley.platform.events.contract.WorkspaceMemberAdded;
import io.parley.platform.events.contract.WorkspaceMemberRemoved;
import io.parley.rollouts.RolloutsApiTest;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Rollouts' projection of workspace membership: it reads every event it binds as the samples spell them, and applies
 * membership events in the workspace's order, whatever order (and how often) they arrive in.
 */
class MembershipProjectionTests extends RolloutsApiTest {

	@Autowired
	EventSubscription subscription;

	@Test
	void givenTheSamples_whenReadByTheSubscription_thenEveryBoundTypeReadsWithoutLoss() {
		assertThat(this.subscription.boundTypes()).containsKeys("workspace.workspace.created",
				"workspace.membership.added", "workspace.membership.removed", "identity.member.joined",
				"identity.member.offboarded", "identity.member.access-scheduled",
				"identity.machine-client.revoked");
		EventSamples.assertConsumerReadsEverySample(this.subscription, JsonMapper.builder().build());
	}

	@Test
	void givenRemovalBeforeALateAddition_whenBothApplied_thenThePersonStaysRemoved() {
		UUID workspace = workspace("TLP:AMBER", Map.of("host-engineer", "owner"));
		UUID person = UUID.randomUUID();
		WorkspaceMemberAdded added = new WorkspaceMemberAdded(workspace, person, "acme-security", "contributor");

		this.memberships.on(added, envelope(workspace, 10, added));
		this.memberships.on(added, envelope(workspace, 10, added));
		assertThat(this.memberships.member(workspace, person.toString())).get()
			.extracting(Memberships.Member::role)
			.isEqualTo("contributor");
		this.memberships.on(new WorkspaceMemberRemoved(workspace, person), envelope(workspace, 12, null));
		this.memberships.on(added, envelope(workspace, 10, added));

		assertThat(this.memberships.member(workspace, person.toString())).isEmpty();
		assertThat(this.memberships.of(person.toString())).isEmpty();
		WorkspaceMemberAdded again = new WorkspaceMemberAdded(workspace, person, "acme-security", "reader");
		this.memberships.on(again, envelope(workspace, 13, again));
		assertThat(this.memberships.member(workspace, person.toString())).get()
			.extracting(Memberships.Member::role)
			.isEqualTo("reader");
	}

	@Test
	void givenRemovalArrivingFirst_whenTheOlderAdditionFollows_thenNeverAMember() {
		UUID workspace = workspace("TLP:AMBER", Map.of("host-engineer", "owner"));
		UUID person = UUID.randomUUID();

		this.memberships.on(new WorkspaceMemberRemoved(workspace, person), envelope(workspace, 7, null));
		WorkspaceMemberAdded added = new WorkspaceMemberAdded(workspace, person, "acme-security", "owner");
		this.memberships.on(added, envelope(workspace, 5, added));

		assertThat(this.memberships.member(workspace, person.toString())).isEmpty();
		assertThat(this.memberships.hostOrganisations(workspace)).containsExactly("host");
	}

}

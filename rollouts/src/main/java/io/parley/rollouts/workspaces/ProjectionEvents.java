package io.parley.rollouts.workspaces;

import io.parley.platform.access.AccessEnds;
import io.parley.platform.events.EventSubscription;
import io.parley.platform.events.contract.AccessScheduled;
import io.parley.platform.events.contract.MachineClientRevoked;
import io.parley.platform.events.contract.MemberJoined;
import io.parley.platform.events.contract.MemberOffboarded;
import io.parley.platform.events.contract.WorkspaceCreated;
import io.parley.platform.events.contract.WorkspaceMemberAdded;
import io.parley.platform.events.contract.WorkspaceMemberRemoved;
import io.parley.rollouts.RolloutsProperties;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Rollouts' queue on {@code parley.events} (ADR 0005); declaring it turns platform's consumer on, with its
 * dead-letter queue, acks after our write and retries. It feeds the membership projection and platform's record of
 * whose access ended (ADR 0024), which refuses those people's requests here too, and the last tokens of API clients
 * that were revoked (ADR 0030).
 */
@Configuration(proxyBeanMethods = false)
class ProjectionEvents {

	@Bean
	EventSubscription rolloutsEventSubscription(RolloutsProperties properties, Memberships memberships,
			AccessEnds access) {
		return EventSubscription.queue(properties.eventsQueue())
			.on(WorkspaceCreated.class, memberships::on)
			.on(WorkspaceMemberAdded.class, memberships::on)
			.on(WorkspaceMemberRemoved.class, memberships::on)
			.on(MemberJoined.class, memberships::on)
			.on(MemberOffboarded.class, access::offboarded)
			.on(AccessScheduled.class, access::scheduled)
			.on(MachineClientRevoked.class, access::revoked);
	}

}

package io.parley.workspace.offboarding;

import io.parley.platform.access.AccessEnds;
import io.parley.platform.events.EventSubscription;
import io.parley.platform.events.contract.AccessScheduled;
import io.parley.platform.events.contract.MemberJoined;
import io.parley.platform.events.contract.MemberOffboarded;
import io.parley.workspace.WorkspaceProperties;
import io.parley.workspace.people.PersonNames;
import io.parley.workspace.releases.PortalRolloutChanges;
import io.parley.workspace.releases.ReleaseEvents;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Workspace's queue on {@code parley.events}; declaring it turns platform's consumer on (ADR 0005). Platform allows
 * one subscription per service, so the releases feature adds its handlers here (ADR 0032), with rollouts'
 * portal-wide changes for the portal's audit chain (ADR 0041).
 */
@Configuration(proxyBeanMethods = false)
class OffboardingEvents {

	@Bean
	EventSubscription workspaceEventSubscription(WorkspaceProperties properties, OffboardedPeople people,
			AccessEnds access, PersonNames names, ReleaseEvents releases, PortalRolloutChanges portal) {
		return portal.bind(releases.bind(EventSubscription.queue(properties.eventsQueue())
			.on(MemberOffboarded.class, people::on)
			.on(AccessScheduled.class, access::scheduled)
			.on(MemberJoined.class, names::on)));
	}

}

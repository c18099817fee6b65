package io.parley.notifications.events;

import io.parley.notifications.NotificationsProperties;
import io.parley.platform.access.AccessEnds;
import io.parley.platform.events.EventSubscription;
import io.parley.platform.events.contract.AccessExpiring;
import io.parley.platform.events.contract.AccessScheduled;
import io.parley.platform.events.contract.AcknowledgementOverdue;
import io.parley.platform.events.contract.AcknowledgementRecorded;
import io.parley.platform.events.contract.AcknowledgementRequested;
import io.parley.platform.events.contract.AnnouncementPosted;
import io.parley.platform.events.contract.CommentPosted;
import io.parley.platform.events.contract.DocumentDeleted;
import io.parley.platform.events.contract.DocumentLabelChanged;
import io.parley.platform.events.contract.DocumentQuarantined;
import io.parley.platform.events.contract.DocumentVersionAdded;
import io.parley.platform.events.contract.InvitationIssued;
import io.parley.platform.events.contract.MemberJoined;
import io.parley.platform.events.contract.MemberOffboarded;
import io.parley.platform.events.contract.ReleaseCancelled;
import io.parley.platform.events.contract.ReleaseCompleted;
import io.parley.platform.events.contract.ReleaseDeclared;
import io.parley.platform.events.contract.ReleaseHalted;
import io.parley.platform.events.contract.ReleaseResumed;
import io.parley.platform.events.contract.ReleaseRolledBack;
import io.parley.platform.events.contract.ReleaseScheduled;
import io.parley.platform.events.contract.RingStarted;
import io.parley.platform.events.contract.SignOffRecorded;
import io.parley.platform.events.contract.WorkspaceCreated;
import io.parley.platform.events.contract.WorkspaceMemberAdded;
import io.parley.platform.events.contract.WorkspaceMemberRemoved;
import io.parley.platform.events.contract.WorkspaceMemberRoleChanged;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Notifications' queue on {@code parley.events} (ADR 0005): declaring it turns platform's consumer on, with the
 * queue's dead-letter queue, manual acks after our write, retries and replay. Every instance consumes the same
 * queue; the inbox entry's id makes a second delivery harmless.
 */
@Configuration(proxyBeanMethods = false)
class NotificationEvents {

	@Bean
	EventSubscription notificationsEventSubscription(NotificationsProperties properties, WhoHears who,
			RolloutNotices rollouts, AccessEnds access) {
		return EventSubscription.queue(properties.eventsQueue())
			.on(MemberJoined.class, who::on)
			.on(MemberOffboarded.class, who::on)
			.on(AccessScheduled.class, access::scheduled)
			.on(AccessExpiring.class, who::on)
			.on(InvitationIssued.class, who::on)
			.on(WorkspaceCreated.class, who::on)
			.on(WorkspaceMemberAdded.class, who::on)
			.on(WorkspaceMemberRemoved.class, who::on)
			.on(WorkspaceMemberRoleChanged.class, who::on)
			.on(DocumentVersionAdded.class, who::on)
			.on(DocumentLabelChanged.class, who::on)
			.on(DocumentQuarantined.class, who::on)
			.on(DocumentDeleted.class, who::on)
			.on(CommentPosted.class, who::on)
			.on(AnnouncementPosted.class, who::on)
			.on(AcknowledgementRequested.class, who::on)
			.on(AcknowledgementOverdue.class, who::on)
			.on(AcknowledgementRecorded.class, who::on)
			.on(ReleaseDeclared.class, rollouts::on)
			.on(ReleaseScheduled.class, rollouts::on)
			.on(RingStarted.class, rollouts::on)
			.on(SignOffRecorded.class, rollouts::on)
			.on(ReleaseHalted.class, rollouts::on)
			.on(ReleaseResumed.class, rollouts::on)
			.on(ReleaseRolledBack.class, rollouts::on)
			.on(ReleaseCompleted.class, rollouts::on)
			.on(ReleaseCancelled.class, rollouts::on);
	}

}

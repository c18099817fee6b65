package io.parley.platform.events;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

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
import io.parley.platform.events.contract.FreezeWindowAdded;
import io.parley.platform.events.contract.FreezeWindowRemoved;
import io.parley.platform.events.contract.InvitationIssued;
import io.parley.platform.events.contract.MachineClientRevoked;
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
import io.parley.platform.events.contract.RolloutPolicyChanged;
import io.parley.platform.events.contract.SignOffRecorded;
import io.parley.platform.events.contract.WorkspaceCreated;
import io.parley.platform.events.contract.WorkspaceMemberAdded;
import io.parley.platform.events.contract.WorkspaceMemberRemoved;
import io.parley.platform.events.contract.WorkspaceMemberRoleChanged;

/**
 * The published contracts. Every type listed here has a sample in {@code platform/src/test/resources/events/}
 * that producer and consumer tests both read; a test fails if one is missing.
 */
public final class EventTypes {

	private static final Map<String, Class<?>> CONTRACTS = contracts(InvitationIssued.class, MemberJoined.class,
			AccessExpiring.class, MemberOffboarded.class, WorkspaceCreated.class, WorkspaceMemberAdded.class,
			WorkspaceMemberRemoved.class, DocumentVersionAdded.class, DocumentLabelChanged.class,
			DocumentQuarantined.class, DocumentDeleted.class, CommentPosted.class, AnnouncementPosted.class,
			AcknowledgementRequested.class, AcknowledgementRecorded.class, AcknowledgementOverdue.class,
			AccessScheduled.class, ReleaseDeclared.class, ReleaseScheduled.class, RingStarted.class,
			SignOffRecorded.class, ReleaseHalted.class, ReleaseResumed.class, ReleaseRolledBack.class,
			ReleaseCompleted.class, ReleaseCancelled.class, MachineClientRevoked.class, RolloutPolicyChanged.class,
			FreezeWindowAdded.class, FreezeWindowRemoved.class, WorkspaceMemberRoleChanged.class);

	private EventTypes() {
	}

	public static String typeOf(Class<?> eventClass) {
		EventType type = eventClass.getAnnotation(EventType.class);
		if (type == null) {
			throw new IllegalArgumentException(eventClass.getName() + " is not annotated with @EventType");
		}
		return type.value();
	}

	/** Type name to record class of every published contract, in a stable order. */
	public static Map<String, Class<?>> contracts() {
		return CONTRACTS;
	}

	private static Map<String, Class<?>> contracts(Class<?>... classes) {
		Map<String, Class<?>> byType = new LinkedHashMap<>();
		for (Class<?> type : classes) {
			byType.put(typeOf(type), type);
		}
		return Collections.unmodifiableMap(byType);
	}

}

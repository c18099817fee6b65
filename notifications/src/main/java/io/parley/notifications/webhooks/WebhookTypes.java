package io.parley.notifications.webhooks;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

import io.parley.platform.events.EventTypes;
import io.parley.platform.events.contract.AcknowledgementOverdue;
import io.parley.platform.events.contract.AcknowledgementRequested;
import io.parley.platform.events.contract.CommentPosted;
import io.parley.platform.events.contract.DocumentLabelChanged;
import io.parley.platform.events.contract.DocumentVersionAdded;
import io.parley.platform.events.contract.ReleaseCancelled;
import io.parley.platform.events.contract.ReleaseCompleted;
import io.parley.platform.events.contract.ReleaseDeclared;
import io.parley.platform.events.contract.ReleaseHalted;
import io.parley.platform.events.contract.ReleaseResumed;
import io.parley.platform.events.contract.ReleaseRolledBack;
import io.parley.platform.events.contract.ReleaseScheduled;
import io.parley.platform.events.contract.RingStarted;
import io.parley.platform.events.contract.SignOffRecorded;

/**
 * The events an endpoint may ask for: those about a workspace's documents and releases, which an organisation as a
 * whole may be in the audience of. Notices to one person (membership, access, invitations, a quarantined upload) are
 * not offered: they concern that person, not their organisation's systems.
 */
final class WebhookTypes {

	/** What "send a test event" sends; no endpoint subscribes to it. */
	static final String TEST = "webhook.test";

	static final Map<String, String> OFFERED = offered();

	private WebhookTypes() {
	}

	private static Map<String, String> offered() {
		Map<String, String> types = new LinkedHashMap<>();
		types.put(EventTypes.typeOf(DocumentVersionAdded.class), "A new document version");
		types.put(EventTypes.typeOf(DocumentLabelChanged.class), "A document's label changed");
		types.put(EventTypes.typeOf(CommentPosted.class), "A new comment on a document");
		types.put(EventTypes.typeOf(AcknowledgementRequested.class), "Your organisation's acknowledgement is requested");
		types.put(EventTypes.typeOf(AcknowledgementOverdue.class), "Your organisation's acknowledgement is overdue");
		types.put(EventTypes.typeOf(ReleaseDeclared.class), "A release was declared");
		types.put(EventTypes.typeOf(ReleaseScheduled.class), "A release's schedule needs the host's approval");
		types.put(EventTypes.typeOf(RingStarted.class), "A release entered its next ring");
		types.put(EventTypes.typeOf(SignOffRecorded.class), "An organisation said no-go to a release");
		types.put(EventTypes.typeOf(ReleaseHalted.class), "A release was halted: stop the line");
		types.put(EventTypes.typeOf(ReleaseResumed.class), "A halted release resumed");
		types.put(EventTypes.typeOf(ReleaseRolledBack.class), "A release was rolled back");
		types.put(EventTypes.typeOf(ReleaseCompleted.class), "A release completed its rollout");
		types.put(EventTypes.typeOf(ReleaseCancelled.class), "A release was cancelled");
		return Collections.unmodifiableMap(types);
	}

}

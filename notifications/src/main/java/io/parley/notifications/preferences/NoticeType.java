package io.parley.notifications.preferences;

import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

/**
 * The kinds of notice a person can receive, keyed by the event type that causes them (the key of
 * {@code channels} in the preferences API), with their default channel. Mandatory notices cannot be switched off;
 * a locked one cannot be moved from its default channel either (a halted release reaches every participant in the
 * inbox, on their stream and by mail at once, whatever they chose for everything else).
 */
public enum NoticeType {

	DOCUMENT_VERSION_ADDED("workspace.document.version-added", Channel.EMAIL, false, "A new document version"),
	DOCUMENT_SHARED("workspace.document.label-changed", Channel.EMAIL, false,
			"A document is now shared with you"),
	DOCUMENT_QUARANTINED("workspace.document.quarantined", Channel.EMAIL, false, "A document version was quarantined"),
	COMMENT_POSTED("workspace.comment.posted", Channel.IN_APP, false, "A new comment on a document"),
	ANNOUNCEMENT_POSTED("workspace.announcement.posted", Channel.EMAIL, false, "A new announcement"),
	ACKNOWLEDGEMENT_REQUESTED("workspace.acknowledgement.requested", Channel.EMAIL, false, "Your acknowledgement is requested"),
	ACKNOWLEDGEMENT_RECORDED("workspace.acknowledgement.recorded", Channel.IN_APP, false, "An acknowledgement was recorded"),
	ACKNOWLEDGEMENT_OVERDUE("workspace.acknowledgement.overdue", Channel.EMAIL, false, "An acknowledgement is overdue"),
	MEMBERSHIP_ADDED("workspace.membership.added", Channel.IN_APP, false, "You were added to a workspace"),
	INVITATION_ISSUED("identity.invitation.issued", Channel.IN_APP, false, "An invitation was sent"),
	ACCESS_EXPIRING("identity.member.access-expiring", Channel.EMAIL, true, "Access to Parley ends soon"),
	MEMBER_OFFBOARDED("identity.member.offboarded", Channel.EMAIL, true, "Access to Parley has ended"),
	// rollouts (ADR 0031): the key is the event type, except the sign-off request, which a ring start also is
	RELEASE_DECLARED("rollouts.release.declared", Channel.IN_APP, false, "A release was declared"),
	RELEASE_SCHEDULED("rollouts.release.scheduled", Channel.EMAIL, false,
			"A release's schedule needs the host's approval"),
	RING_STARTED("rollouts.release.ring-started", Channel.IN_APP, false, "A release entered its next ring"),
	SIGN_OFF_REQUESTED("rollouts.release.sign-off-requested", Channel.EMAIL, false,
			"Your organisation's sign-off on a release is requested"),
	SIGN_OFF_REFUSED("rollouts.release.signed-off", Channel.EMAIL, false, "An organisation said no-go to a release"),
	RELEASE_HALTED("rollouts.release.halted", Channel.EMAIL, true, true, "A release was halted: stop the line"),
	RELEASE_RESUMED("rollouts.release.resumed", Channel.EMAIL, false, "A halted release resumed"),
	RELEASE_ROLLED_BACK("rollouts.release.rolled-back", Channel.EMAIL, false, "A release was rolled back"),
	RELEASE_COMPLETED("rollouts.release.completed", Channel.IN_APP, false, "A release completed its rollout"),
	RELEASE_CANCELLED("rollouts.release.cancelled", Channel.IN_APP, false, "A release was cancelled"),
	// webhooks (ADR 0043): to an organisation's admins; not an event of the backbone, notifications' own
	WEBHOOK_FAILING("notifications.webhook.failing", Channel.IN_APP, false,
			"A webhook endpoint of your organisation is failing");

	private final String key;

	private final Channel defaultChannel;

	private final boolean mandatory;

	private final boolean locked;

	private final String description;

	NoticeType(String key, Channel defaultChannel, boolean mandatory, String description) {
		this(key, defaultChannel, mandatory, false, description);
	}

	NoticeType(String key, Channel defaultChannel, boolean mandatory, boolean locked, String description) {
		this.key = key;
		this.defaultChannel = defaultChannel;
		this.mandatory = mandatory || locked;
		this.locked = locked;
		this.description = description;
	}

	/** What a mail says instead of the title when the title must stay in the portal. */
	public String description() {
		return this.description;
	}

	public String key() {
		return this.key;
	}

	public Channel defaultChannel() {
		return this.defaultChannel;
	}

	public boolean mandatory() {
		return this.mandatory;
	}

	/** Whether the default channel is the only one: whatever a person stored, this notice goes that way. */
	public boolean locked() {
		return this.locked;
	}

	/** The channels a person may choose for this notice: all, all but {@code OFF}, or only the default. */
	public Set<Channel> allowedChannels() {
		if (this.locked) {
			return EnumSet.of(this.defaultChannel);
		}
		return this.mandatory ? EnumSet.complementOf(EnumSet.of(Channel.OFF)) : EnumSet.allOf(Channel.class);
	}

	public static Optional<NoticeType> of(String key) {
		for (NoticeType type : values()) {
			if (type.key.equals(key)) {
				return Optional.of(type);
			}
		}
		return Optional.empty();
	}

}

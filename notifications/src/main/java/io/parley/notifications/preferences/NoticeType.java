package io.parley.notifications.preferences;

import java.util.Optional;

/**
 * The kinds of notice a person can receive, keyed by the event type that causes them (the key of
 * {@code channels} in the preferences API), with their default channel. Mandatory notices cannot be switched off.
 */
public enum NoticeType {

	DOCUMENT_VERSION_ADDED("workspace.document.version-added", Channel.EMAIL, false, "A new document version"),
	DOCUMENT_QUARANTINED("workspace.document.quarantined", Channel.EMAIL, false, "A document version was quarantined"),
	COMMENT_POSTED("workspace.comment.posted", Channel.IN_APP, false, "A new comment on a document"),
	ANNOUNCEMENT_POSTED("workspace.announcement.posted", Channel.EMAIL, false, "A new announcement"),
	ACKNOWLEDGEMENT_REQUESTED("workspace.acknowledgement.requested", Channel.EMAIL, false, "Your acknowledgement is requested"),
	ACKNOWLEDGEMENT_RECORDED("workspace.acknowledgement.recorded", Channel.IN_APP, false, "An acknowledgement was recorded"),
	ACKNOWLEDGEMENT_OVERDUE("workspace.acknowledgement.overdue", Channel.EMAIL, false, "An acknowledgement is overdue"),
	MEMBERSHIP_ADDED("workspace.membership.added", Channel.IN_APP, false, "You were added to a workspace"),
	INVITATION_ISSUED("identity.invitation.issued", Channel.IN_APP, false, "An invitation was sent"),
	ACCESS_EXPIRING("identity.member.access-expiring", Channel.EMAIL, true, "Access to Parley ends soon"),
	MEMBER_OFFBOARDED("identity.member.offboarded", Channel.EMAIL, true, "Access to Parley has ended");

	private final String key;

	private final Channel defaultChannel;

	private final boolean mandatory;

	private final String description;

	NoticeType(String key, Channel defaultChannel, boolean mandatory, String description) {
		this.key = key;
		this.defaultChannel = defaultChannel;
		this.mandatory = mandatory;
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

	public static Optional<NoticeType> of(String key) {
		for (NoticeType type : values()) {
			if (type.key.equals(key)) {
				return Optional.of(type);
			}
		}
		return Optional.empty();
	}

}

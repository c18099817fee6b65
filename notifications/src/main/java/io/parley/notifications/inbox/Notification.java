package io.parley.notifications.inbox;

import java.time.Instant;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.index.CompoundIndex;
import org.springframework.data.mongodb.core.index.CompoundIndexes;
import org.springframework.data.mongodb.core.mapping.Document;

/**
 * One entry of one person's inbox. The id is derived from the event id and the recipient, so a redelivered event
 * collides on the primary key instead of creating a second entry. {@code seq} is the entry's position in the
 * recipient's stream (the SSE {@code id:}, what {@code Last-Event-ID} names). {@code mail} says what the mail
 * channel still has to do with it. The title stays in the portal: mails and digests of AMBER and above leave it
 * out (see {@code Labels}).
 */
@Document("notifications")
@CompoundIndexes({ @CompoundIndex(name = "inbox", def = "{'recipientId': 1, 'createdAt': -1}"),
		@CompoundIndex(name = "stream", def = "{'recipientId': 1, 'seq': 1}"),
		@CompoundIndex(name = "mail", def = "{'mail': 1, 'recipientId': 1}") })
public record Notification(@Id UUID id, @Nullable UUID eventId, String recipientId, String type, String title,
		@Nullable String label, String link, Instant createdAt, @Nullable Instant readAt, long seq,
		@Nullable MailState mail, @Nullable Instant mailClaimedAt) {

	public static UUID idFor(UUID eventId, String recipientId) {
		return UUID.nameUUIDFromBytes((eventId + "/" + recipientId).getBytes(java.nio.charset.StandardCharsets.UTF_8));
	}

	public InboxItem item() {
		return new InboxItem(this.id, this.type, this.title, this.label, this.link, this.createdAt, this.readAt);
	}

	/** What the mail channel still owes an entry. */
	public enum MailState {

		/** In-app only. */
		NONE,
		/** A mail is due; an instance claims it ({@code SENDING}) before sending. */
		PENDING,
		/** Claimed by an instance at {@code mailClaimedAt}; taken over after the claim lease. */
		SENDING,
		SENT,
		/** Waiting for the recipient's next daily digest. */
		DIGEST,
		DIGESTED,
		/** Nobody knows the recipient's address. */
		NO_ADDRESS,
		/**
		 * Not sent: before it went out the recipient's access ended, or they left the workspace it is about.
		 */
		WITHHELD

	}

}

package io.parley.notifications.push;

import io.parley.notifications.inbox.InboxItem;
import org.jspecify.annotations.Nullable;

/**
 * What travels on the push fanout. {@code kind}: {@code notification} (a new inbox entry at {@code seq}),
 * {@code unread} (the count changed), {@code opened} (a session opened a stream: any other instance closes that
 * session's older stream), {@code closed} (close every stream of the person). {@code instance} is the sender,
 * which has applied the push to its own streams already.
 */
record PushMessage(String kind, String personId, @Nullable String session, String instance, long seq,
		@Nullable InboxItem item, long unread) {
}

package io.parley.notifications.inbox;

/** A person's unread count changed by something they did (mark read); their open streams are told. */
public record UnreadChanged(String personId, long unread) {
}

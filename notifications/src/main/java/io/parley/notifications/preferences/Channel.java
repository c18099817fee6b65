package io.parley.notifications.preferences;

/**
 * How a person hears of one kind of notice. Everything but {@code OFF} lands in the inbox (the inbox is the
 * record); {@code EMAIL} adds a mail at once, {@code DIGEST} adds it to the daily digest instead.
 */
public enum Channel {

	IN_APP, EMAIL, DIGEST, OFF

}

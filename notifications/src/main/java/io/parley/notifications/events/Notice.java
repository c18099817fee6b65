package io.parley.notifications.events;

import io.parley.notifications.preferences.NoticeType;
import org.jspecify.annotations.Nullable;

/** What one event tells its recipients: the kind, a title for the inbox, the content's label, a link. */
record Notice(NoticeType type, String title, @Nullable String label, String link) {
}

/** Notifications' projection of people, workspaces, memberships and documents, built from events. */
@NullMarked
package io.parley.notifications.directory;

import org.jspecify.annotations.NullMarked;

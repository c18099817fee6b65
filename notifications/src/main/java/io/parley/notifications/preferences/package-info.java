/** What each person wants to hear, and how: per notice type a channel, and their time zone for the digest. */
@NullMarked
package io.parley.notifications.preferences;

import org.jspecify.annotations.NullMarked;

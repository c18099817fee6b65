/** E-mail: one mail per entry that asks for it, sent once across instances, and the daily digest. */
@NullMarked
package io.parley.notifications.mail;

import org.jspecify.annotations.NullMarked;

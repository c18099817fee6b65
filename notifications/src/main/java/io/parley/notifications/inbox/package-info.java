/** Each person's in-app inbox. */
@NullMarked
package io.parley.notifications.inbox;

import org.jspecify.annotations.NullMarked;

/** Each person's in-app inbox: the record of every notice they get, whatever else their channels add. */
@NullMarked
package io.parley.notifications.inbox;

import org.jspecify.annotations.NullMarked;

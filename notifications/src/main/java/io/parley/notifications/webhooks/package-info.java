/**
 * Webhooks: events pushed, signed, to organisations' own systems (ticketing, SIEM), as one more channel next to the
 * inbox and mail (issue 15, ADR 0043). Organisation admins register endpoints; an outbox in Mongo and a worker of
 * its own deliver with retries, so a slow receiver never holds up the inbox or mail.
 */
@NullMarked
package io.parley.notifications.webhooks;

import org.jspecify.annotations.NullMarked;

/**
 * The event backbone: an outbox inside the aggregate's own document (one write, no transaction), a relay that
 * publishes with confirms and mandatory routing, and consumers that ack after their own idempotent write.
 * See {@code docs/adr/0005-event-backbone.md}.
 */
@NullMarked
package io.parley.platform.events;

import org.jspecify.annotations.NullMarked;

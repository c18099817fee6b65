/**
 * Rate limits on {@code /api/**}: a token bucket per session (per remote address for anonymous calls), in
 * memory for one instance, in Redis with the {@code redis} profile so that all instances share the budget.
 */
@NullMarked
package io.parley.gateway.ratelimit;

import org.jspecify.annotations.NullMarked;

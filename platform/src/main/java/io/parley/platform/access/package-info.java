/**
 * Access that has ended is refused by every service on its own: a servlet filter after the security chain answers
 * 401 {@code urn:parley:problem:access-revoked} to a caller who was offboarded or whose sponsored access end has
 * passed, whatever their still-valid token says. Each service keeps its own record of both, fed by
 * {@code MemberOffboarded} and {@code AccessScheduled} (identity answers from its own people). See
 * {@code docs/adr/0024-access-ends-in-every-service.md}.
 */
@NullMarked
package io.parley.platform.access;

import org.jspecify.annotations.NullMarked;

/**
 * Invitations: issued by an admin, mailed by identity with a single-use token of which only the SHA-256 is
 * stored, accepted anonymously with that token (which creates the Keycloak account and has Keycloak mail its own
 * set-password link), revocable and re-sendable. See ADR 0006.
 */
@NullMarked
package io.parley.identity.invitation;

import org.jspecify.annotations.NullMarked;

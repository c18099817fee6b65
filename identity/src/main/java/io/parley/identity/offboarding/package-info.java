/**
 * Offboarding, by an admin or when sponsored access ends: Keycloak disables the person and ends their sessions
 * (and so, by back-channel logout, the gateway's), then {@code MemberOffboarded} is recorded.
 */
@NullMarked
package io.parley.identity.offboarding;

import org.jspecify.annotations.NullMarked;

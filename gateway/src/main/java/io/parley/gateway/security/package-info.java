/**
 * The security filter chains: the browser's (OIDC login with PKCE, SPA-friendly CSRF, 401 problem details for the
 * API, RP-initiated and back-channel logout, security headers), organisations' API clients' bearer tokens on
 * {@code /api/**} (ADR 0030), and the management port's.
 */
@NullMarked
package io.parley.gateway.security;

import org.jspecify.annotations.NullMarked;

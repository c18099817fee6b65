/**
 * The single security filter chain: OIDC login with PKCE, SPA-friendly CSRF, 401 problem details for the
 * API, RP-initiated and back-channel logout, security headers.
 */
@NullMarked
package io.parley.gateway.security;

import org.jspecify.annotations.NullMarked;

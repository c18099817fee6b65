/**
 * Browser-facing gateway (backend for frontend): holds the browser session, logs people in at Keycloak and
 * relays their access token to the services. The browser never sees a token.
 */
@NullMarked
package io.parley.gateway;

import org.jspecify.annotations.NullMarked;

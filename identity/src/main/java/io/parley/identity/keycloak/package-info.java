/**
 * Identity's client of Keycloak's admin REST API, as the service account {@code parley-identity}: create a person
 * with their organisation attributes and required actions, send Keycloak's action e-mail, map realm roles,
 * disable and log out. Credentials are only ever typed on Keycloak's own pages.
 */
@NullMarked
package io.parley.identity.keycloak;

import org.jspecify.annotations.NullMarked;

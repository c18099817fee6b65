/**
 * Identity's client of Keycloak's admin REST API, as the service account {@code parley-identity}: create a person
 * with their organisation attributes and required actions, send Keycloak's action e-mail, map realm roles,
 * disable and log out; create, re-key and delete an organisation's API clients (client credentials). People's
 * credentials are only ever typed on Keycloak's own pages; an API client's secret is shown once to the admin who
 * asked for it and kept by Keycloak alone.
 */
@NullMarked
package io.parley.identity.keycloak;

import org.jspecify.annotations.NullMarked;

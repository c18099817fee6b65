/**
 * Organisations' API clients ("machine clients", ADR 0030): a partner's pipeline posts release health with a
 * client-credentials token whose claims name the organisation. Org admins of the organisation and portal admins
 * create, list, re-key and revoke them; Keycloak holds the secret, identity only who made which client when.
 */
@NullMarked
package io.parley.identity.machineclient;

import org.jspecify.annotations.NullMarked;

/**
 * Where sessions and the OIDC session registry live: memory by default, Redis with the {@code redis}
 * profile so that several gateways share them.
 */
@NullMarked
package io.parley.gateway.session;

import org.jspecify.annotations.NullMarked;

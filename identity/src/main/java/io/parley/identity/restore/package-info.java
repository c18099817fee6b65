/**
 * The restore check: identity's records against each other after a restore (ADRs 0037, 0040), as an operator's
 * command.
 */
@NullMarked
package io.parley.identity.restore;

import org.jspecify.annotations.NullMarked;

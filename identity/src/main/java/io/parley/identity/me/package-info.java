/** Who the caller is, as far as the portal knows them. */
@NullMarked
package io.parley.identity.me;

import org.jspecify.annotations.NullMarked;

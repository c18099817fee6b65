/** Organisations (HOST, VENDOR, GOVERNMENT), their e-mail domains, and who may see what of them. */
@NullMarked
package io.parley.identity.organisation;

import org.jspecify.annotations.NullMarked;

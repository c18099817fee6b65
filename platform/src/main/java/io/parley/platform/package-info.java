/**
 * Shared defaults of Parley's servlet services. Kept deliberately small: only what every service needs
 * the same way (token validation, who is calling, error format, observability defaults).
 */
@NullMarked
package io.parley.platform;

import org.jspecify.annotations.NullMarked;

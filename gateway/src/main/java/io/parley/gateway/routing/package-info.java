/**
 * Route filters of our own, used by name in application.yml.
 */
@NullMarked
package io.parley.gateway.routing;

import org.jspecify.annotations.NullMarked;

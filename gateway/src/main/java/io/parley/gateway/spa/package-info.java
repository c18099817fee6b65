/**
 * Serving the SPA (web/, on the classpath under static/): how long browsers and proxies may keep its files.
 */
@NullMarked
package io.parley.gateway.spa;

import org.jspecify.annotations.NullMarked;

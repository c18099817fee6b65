/**
 * How Spring's own log calls reach SLF4J here: only when their level is on (issue 14, docs/adr/0039).
 */
@NullMarked
package io.parley.gateway.logging;

import org.jspecify.annotations.NullMarked;

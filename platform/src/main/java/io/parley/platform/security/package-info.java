@NullMarked
package io.parley.platform.security;

import org.jspecify.annotations.NullMarked;

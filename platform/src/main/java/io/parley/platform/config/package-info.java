@NullMarked
package io.parley.platform.config;

import org.jspecify.annotations.NullMarked;

@NullMarked
package io.parley.identity;

import org.jspecify.annotations.NullMarked;

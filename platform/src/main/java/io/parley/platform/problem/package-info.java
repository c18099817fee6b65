@NullMarked
package io.parley.platform.problem;

import org.jspecify.annotations.NullMarked;

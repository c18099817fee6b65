@NullMarked
package io.parley.workspace;

import org.jspecify.annotations.NullMarked;

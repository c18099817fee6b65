@NullMarked
package io.parley.notifications;

import org.jspecify.annotations.NullMarked;

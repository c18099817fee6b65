/** What notifications hears on {@code parley.events}, and who hears of it in turn. */
@NullMarked
package io.parley.notifications.events;

import org.jspecify.annotations.NullMarked;

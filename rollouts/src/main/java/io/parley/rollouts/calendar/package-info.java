/**
 * The release calendar: every ring start across partners, the host's freeze windows and its daily limit of
 * kernel-mode ring starts, and the collisions partners see.
 */
@NullMarked
package io.parley.rollouts.calendar;

import org.jspecify.annotations.NullMarked;

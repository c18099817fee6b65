/** Announcements to one workspace, to every workspace, or to the governments' people. */
@NullMarked
package io.parley.workspace.announcements;

import org.jspecify.annotations.NullMarked;

/** Workspaces and who belongs to them. */
@NullMarked
package io.parley.workspace.workspaces;

import org.jspecify.annotations.NullMarked;

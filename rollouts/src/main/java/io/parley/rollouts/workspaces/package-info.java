/**
 * Rollouts' own view of workspaces, who belongs to them in which organisation and role, and what kind of
 * organisation each is: a projection of workspace's and identity's events, never read from their databases.
 */
@NullMarked
package io.parley.rollouts.workspaces;

import org.jspecify.annotations.NullMarked;

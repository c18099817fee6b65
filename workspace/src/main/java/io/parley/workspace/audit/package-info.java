/**
 * The per-workspace audit trail: an append-only hash chain of the access decisions that matter.
 */
@NullMarked
package io.parley.workspace.audit;

import org.jspecify.annotations.NullMarked;

/**
 * Acknowledgement requests: owners ask organisations to confirm they read a document version by a deadline; the
 * host sees who acknowledged and which organisations are overdue.
 */
@NullMarked
package io.parley.workspace.acknowledgements;

import org.jspecify.annotations.NullMarked;

/** Discussion on documents: comments with @mentions, seen by exactly those who may see the document. */
@NullMarked
package io.parley.workspace.comments;

import org.jspecify.annotations.NullMarked;

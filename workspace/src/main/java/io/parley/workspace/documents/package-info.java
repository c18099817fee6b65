/**
 * Documents of a workspace: versions streamed into GridFS and out again, TLP 2.0 labels deciding who may know a
 * document exists, malware scanning, and the events and audit entries they cause (ADR 0009, ADR 0011).
 */
@NullMarked
package io.parley.workspace.documents;

import org.jspecify.annotations.NullMarked;

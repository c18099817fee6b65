/** Malware scanning of stored content with clamd's INSTREAM command, when a scanner is configured. */
@NullMarked
package io.parley.workspace.scanning;

import org.jspecify.annotations.NullMarked;

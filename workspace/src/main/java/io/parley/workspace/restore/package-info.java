/**
 * After a restore: proves the restored workspace database whole (every version's content against its recorded
 * SHA-256, every audit chain) and shows what its outboxes will publish. See {@code docs/backup-restore.md} and ADR
 * 0037.
 */
@NullMarked
package io.parley.workspace.restore;

import org.jspecify.annotations.NullMarked;

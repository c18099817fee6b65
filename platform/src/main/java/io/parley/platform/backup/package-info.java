/**
 * A database as one file through the MongoDB driver ({@link io.parley.platform.backup.MongoArchive}): the restore
 * drill, devstack and small installations. What every service's restore check shares: the outboxes' pending events
 * ({@link io.parley.platform.backup.PendingEvents}) and the check as a command
 * ({@link io.parley.platform.backup.RestoreCheckRunner}). Production uses {@code mongodump --oplog}; see
 * {@code docs/backup-restore.md} and {@code docs/adr/0037-backup-restore-and-the-restore-drill.md}.
 */
@NullMarked
package io.parley.platform.backup;

import org.jspecify.annotations.NullMarked;

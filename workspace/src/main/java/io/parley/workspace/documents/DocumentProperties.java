package io.parley.workspace.documents;

import java.time.Duration;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * {@code parley.workspace.documents.*}: the upload limits (enforced while the request is read, ADR 0011),
 * housekeeping and the embargo poll.
 *
 * @param maxFileSize bytes one version may have
 * @param maxRequestSize bytes of a whole upload request (the file plus the form fields and multipart framing)
 * @param maxParts parts of one upload request
 * @param deletedRetention how long a soft-deleted document keeps its content before it is purged
 * @param orphanGrace how old content without a finished version must be before housekeeping deletes it; longer
 * than any upload takes
 * @param housekeepingInterval how often purging and orphan removal run
 * @param embargoPollInterval how often each instance looks for embargoes whose end has come (ADR 0042): the most a
 * widening can lag behind its set time
 */
@Validated
@ConfigurationProperties("parley.workspace.documents")
record DocumentProperties(@DefaultValue("100MB") @NotNull DataSize maxFileSize,
		@DefaultValue("101MB") @NotNull DataSize maxRequestSize, @DefaultValue("32") @Min(2) int maxParts,
		@DefaultValue("30d") @NotNull Duration deletedRetention, @DefaultValue("1h") @NotNull Duration orphanGrace,
		@DefaultValue("5m") @NotNull Duration housekeepingInterval,
		@DefaultValue("5s") @NotNull Duration embargoPollInterval) {
}

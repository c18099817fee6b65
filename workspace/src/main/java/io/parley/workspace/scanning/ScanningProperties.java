package io.parley.workspace.scanning;

import java.time.Duration;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * {@code parley.workspace.scanning.*}.
 *
 * @param clamdAddress {@code host:port} of clamd; empty or absent means no scanner and versions stay
 * {@code UNSCANNED}
 * @param unscannedDownloads what happens to {@code UNSCANNED} versions without a scanner: {@code allow} (devstack)
 * or {@code refuse}
 * @param timeout how long one scan may take (connect, send, verdict)
 * @param rescanInterval how often versions still {@code PENDING} (scanner down, restart) are tried again
 */
@Validated
@ConfigurationProperties("parley.workspace.scanning")
public record ScanningProperties(@Nullable @Pattern(regexp = "^$|^[^:\\s]+:\\d{1,5}$") String clamdAddress,
		@DefaultValue("allow") @NotNull UnscannedDownloads unscannedDownloads,
		@DefaultValue("60s") @NotNull Duration timeout, @DefaultValue("1m") @NotNull Duration rescanInterval) {

	public boolean scannerConfigured() {
		return this.clamdAddress != null && !this.clamdAddress.isBlank();
	}

	public enum UnscannedDownloads {

		ALLOW, REFUSE

	}

}

package io.parley.workspace.audit;

import java.time.Duration;
import java.util.List;

import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * {@code parley.workspace.audit.*}.
 *
 * @param sweepInterval how often {@link AuditOutbox} looks for audit entries a crash left inside changed documents
 * (normally each is appended right after its change, so a sweep finds nothing)
 * @param outboxCollections the collections whose documents may carry pending audit entries
 */
@Validated
@ConfigurationProperties("parley.workspace.audit")
public record AuditProperties(@DefaultValue("PT30S") @NotNull Duration sweepInterval,
		@DefaultValue({ "workspaces", "announcements" }) @NotEmpty List<String> outboxCollections) {
}

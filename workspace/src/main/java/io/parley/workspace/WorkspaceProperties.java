package io.parley.workspace;

import jakarta.validation.constraints.NotBlank;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * {@code parley.workspace.*}.
 *
 * @param eventsQueue the durable queue workspace consumes from {@code parley.events}; tests use their own so they
 * never take messages meant for a running service
 */
@Validated
@ConfigurationProperties("parley.workspace")
public record WorkspaceProperties(@DefaultValue("workspace") @NotBlank String eventsQueue) {
}

package io.parley.identity.person;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * {@code parley.identity.access.*}: sponsored access of VENDOR and GOVERNMENT people.
 *
 * @param defaultDuration access granted on joining, when the invitation names no end
 * @param maxDuration the furthest ahead an end date may be set, on invitation or extension
 * @param reminderBefore how long before the end the person and the sponsor are reminded
 * @param checkInterval how often the expiry job looks for reminders and ends
 * @param jobEnabled whether this instance runs the job (every instance may: each step is a conditional update)
 */
@ConfigurationProperties("parley.identity.access")
@Validated
public record AccessProperties(@DefaultValue("180d") Duration defaultDuration,
		@DefaultValue("365d") Duration maxDuration, @DefaultValue("14d") Duration reminderBefore,
		@DefaultValue("15m") Duration checkInterval, @DefaultValue("true") boolean jobEnabled) {
}

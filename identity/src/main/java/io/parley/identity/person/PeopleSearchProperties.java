package io.parley.identity.person;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * {@code parley.identity.people-search.*}: the people picker's search (ADR 0045).
 *
 * @param minQueryLength the fewest characters a search needs; shorter ones are refused rather than answered with
 * half the directory
 * @param maxResults the most people one answer lists; the answer says when more matched
 */
@ConfigurationProperties("parley.identity.people-search")
@Validated
public record PeopleSearchProperties(@DefaultValue("2") @Min(1) int minQueryLength,
		@DefaultValue("10") @Min(1) @Max(50) int maxResults) {
}

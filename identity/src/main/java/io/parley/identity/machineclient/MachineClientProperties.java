package io.parley.identity.machineclient;

import java.time.Duration;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * {@code parley.identity.machine-clients.*}.
 *
 * @param audience put into every token of the clients: the audience the services check ({@code PARLEY_AUDIENCE})
 * @param tokenLifespan how long each access token of a client lives; also how long a revoked client's last token
 * still opens something
 * @param maxPerOrganisation how many unrevoked clients one organisation may have
 */
@ConfigurationProperties("parley.identity.machine-clients")
@Validated
record MachineClientProperties(@DefaultValue("parley-api") @NotBlank String audience,
		@DefaultValue("5m") Duration tokenLifespan, @DefaultValue("20") @Min(1) @Max(1000) int maxPerOrganisation) {

	MachineClientProperties {
		if (tokenLifespan.compareTo(Duration.ofSeconds(30)) < 0 || tokenLifespan.compareTo(Duration.ofHours(1)) > 0) {
			throw new IllegalArgumentException(
					"parley.identity.machine-clients.token-lifespan must be between 30s and 1h, not " + tokenLifespan);
		}
	}

}

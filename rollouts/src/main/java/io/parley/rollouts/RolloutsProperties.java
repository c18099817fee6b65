package io.parley.rollouts;

import java.time.Duration;
import java.util.Set;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;

import io.parley.rollouts.releases.Kind;
import io.parley.rollouts.releases.Policy;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * {@code parley.rollouts.*}.
 *
 * @param eventsQueue the durable queue rollouts consumes from {@code parley.events} (with {@code <queue>.dlq});
 * tests use their own so they never take messages meant for a running service
 * @param policy the portal's rollout policy until a portal admin first changes it
 */
@Validated
@ConfigurationProperties("parley.rollouts")
public record RolloutsProperties(@DefaultValue("rollouts") @NotBlank String eventsQueue,
		@DefaultValue InitialPolicy policy) {

	/** See {@link Policy}. */
	public record InitialPolicy(@DefaultValue({ "KERNEL_DRIVER", "SENSOR" }) Set<Kind> kernelModeKinds,
			@DefaultValue("true") boolean hostSignOffBeforeLeavingFirstRing, @DefaultValue("2") @Min(1) int minimumRings,
			@DefaultValue("PT1H") Duration minimumSoak, @DefaultValue("3") @Min(0) int kernelModeStartsPerDay) {

		public Policy toPolicy() {
			return new Policy(this.kernelModeKinds, this.hostSignOffBeforeLeavingFirstRing, this.minimumRings,
					this.minimumSoak, this.kernelModeStartsPerDay);
		}

	}

}

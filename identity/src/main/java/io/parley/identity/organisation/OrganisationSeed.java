package io.parley.identity.organisation;

import java.util.List;

import io.parley.platform.security.OrganisationType;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.parley.identity.Inputs;

import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import org.springframework.validation.annotation.Validated;

/**
 * Organisations that must exist before anyone can invite: at least the host's, whose portal admins invite the
 * rest. Created once (with their {@code OrganisationCreated} event); an existing one is never overwritten.
 */
@Component
class OrganisationSeed {

	private static final Logger log = LoggerFactory.getLogger(OrganisationSeed.class);

	private final Organisations organisations;

	private final SeedProperties properties;

	OrganisationSeed(Organisations organisations, SeedProperties properties) {
		this.organisations = organisations;
		this.properties = properties;
	}

	@EventListener(ApplicationReadyEvent.class)
	void seed() {
		for (SeedProperties.Seed seed : this.properties.seed()) {
			if (this.organisations.create(seed.id(), seed.name(), seed.type(), seed.domains(), null)) {
				log.info("Created organisation {} ({}) from configuration", seed.id(), seed.type());
			}
		}
	}

	/** {@code parley.identity.organisations.seed[*]}. */
	@ConfigurationProperties("parley.identity.organisations")
	@Validated
	record SeedProperties(@DefaultValue List<@Valid Seed> seed) {

		record Seed(@NotNull @Pattern(regexp = Inputs.ORGANISATION_ID) String id, @NotBlank String name,
				@NotNull OrganisationType type, @DefaultValue List<String> domains) {
		}

	}

}

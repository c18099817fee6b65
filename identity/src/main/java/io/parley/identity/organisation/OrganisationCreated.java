package io.parley.identity.organisation;

import java.util.List;
import java.util.UUID;

import io.parley.platform.events.EventType;
import org.jspecify.annotations.Nullable;

/** @param createdBy null for an organisation seeded from configuration */
@EventType("identity.organisation.created")
public record OrganisationCreated(String organisationId, String name, String organisationType, List<String> domains,
		@Nullable UUID createdBy) {
}

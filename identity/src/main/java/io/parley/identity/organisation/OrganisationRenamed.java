package io.parley.identity.organisation;

import java.util.UUID;

import io.parley.platform.events.EventType;

@EventType("identity.organisation.renamed")
public record OrganisationRenamed(String organisationId, String previousName, String name, UUID renamedBy) {
}

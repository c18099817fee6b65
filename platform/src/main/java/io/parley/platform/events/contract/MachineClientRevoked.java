package io.parley.platform.events.contract;

import java.util.UUID;

import io.parley.platform.events.EventType;

/**
 * An organisation's API client was deleted in Keycloak: no new token can be had. Its last tokens would stay valid
 * until they expire (the client's token lifespan), so every service that accepts API clients refuses
 * {@code serviceAccountId} (the tokens' {@code sub}) from the moment it hears of this (ADR 0030).
 */
@EventType("identity.machine-client.revoked")
public record MachineClientRevoked(String clientId, String organisationId, UUID serviceAccountId, UUID revokedBy) {
}

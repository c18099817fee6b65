package io.parley.identity.machineclient;

import java.util.UUID;

import io.parley.platform.events.EventType;

/**
 * The client was deleted in Keycloak: no new token can be had. A token issued before lives until it expires (at
 * most the client's token lifespan); a service that wants to refuse it sooner refuses {@code serviceAccountId}.
 */
@EventType("identity.machine-client.revoked")
record MachineClientRevoked(String clientId, String organisationId, UUID serviceAccountId, UUID revokedBy) {
}

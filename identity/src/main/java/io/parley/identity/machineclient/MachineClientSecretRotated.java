package io.parley.identity.machineclient;

import java.util.UUID;

import io.parley.platform.events.EventType;

/** The client got a new secret; the previous one is refused by Keycloak from now on. */
@EventType("identity.machine-client.secret-rotated")
record MachineClientSecretRotated(String clientId, String organisationId, UUID rotatedBy) {
}

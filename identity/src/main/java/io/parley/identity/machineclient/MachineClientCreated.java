package io.parley.identity.machineclient;

import java.util.UUID;

import io.parley.platform.events.EventType;

/** An admin gave the organisation an API client; its tokens have {@code sub} = {@code serviceAccountId}. */
@EventType("identity.machine-client.created")
record MachineClientCreated(String clientId, String organisationId, String name, UUID serviceAccountId,
		UUID createdBy) {
}

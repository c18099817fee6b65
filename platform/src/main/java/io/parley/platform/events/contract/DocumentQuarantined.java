package io.parley.platform.events.contract;

import java.util.UUID;

import io.parley.platform.events.EventType;

/** The scanner found malware in a version; nobody can download it. {@code reason} is the scanner's finding. */
@EventType("workspace.document.quarantined")
public record DocumentQuarantined(UUID workspaceId, UUID documentId, int version, UUID uploadedBy, String reason) {
}

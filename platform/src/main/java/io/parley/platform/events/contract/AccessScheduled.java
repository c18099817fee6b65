package io.parley.platform.events.contract;

import java.time.Instant;
import java.util.UUID;

import io.parley.platform.events.EventType;

/**
 * A sponsored person's access now ends at {@code accessEndsAt} (granted on joining, or moved by an extension). Every
 * service keeps the newest end per person ({@code aggregateVersion} orders them) and refuses the person from that
 * instant on by itself, without waiting for the {@code MemberOffboarded} that identity's job records later.
 */
@EventType("identity.member.access-scheduled")
public record AccessScheduled(UUID personId, String organisationId, Instant accessEndsAt) {
}

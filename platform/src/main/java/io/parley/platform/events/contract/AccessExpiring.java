package io.parley.platform.events.contract;

import java.time.Instant;
import java.util.UUID;

import io.parley.platform.events.EventType;
import org.jspecify.annotations.Nullable;

/** A sponsored person's access ends soon; notifications reminds them and their sponsor (a mandatory notice). */
@EventType("identity.member.access-expiring")
public record AccessExpiring(UUID personId, String organisationId, @Nullable UUID sponsorId, Instant accessEndsAt) {
}

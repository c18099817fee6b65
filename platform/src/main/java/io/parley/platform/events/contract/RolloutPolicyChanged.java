package io.parley.platform.events.contract;

import java.util.List;

import io.parley.platform.events.EventType;

/**
 * A portal admin changed the portal's rollout policy; the event carries the whole new policy. Recorded in the same
 * write as the change (rollouts' {@code policy} document); workspace appends it to the portal's audit chain.
 *
 * @param minimumSoak ISO-8601 duration
 */
@EventType("rollouts.policy.changed")
public record RolloutPolicyChanged(List<String> kernelModeKinds, boolean hostSignOffBeforeLeavingFirstRing,
		int minimumRings, String minimumSoak, int kernelModeStartsPerDay, String actorId) {
}

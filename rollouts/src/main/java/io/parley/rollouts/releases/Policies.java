package io.parley.rollouts.releases;

/** The portal's current rollout policy (the {@code policy} feature keeps it). */
public interface Policies {

	Policy current();

}

/** The portal's rollout policy: read by everyone signed in, changed by portal admins, every change kept. */
@NullMarked
package io.parley.rollouts.policy;

import org.jspecify.annotations.NullMarked;

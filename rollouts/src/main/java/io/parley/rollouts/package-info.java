/**
 * The rollouts service: releases and their staged plans (rings, health gates, sign-offs), health reports, halts,
 * the release calendar and the portal's rollout policy (issue 20, {@code docs/rollouts.md}, ADR 0029).
 */
@NullMarked
package io.parley.rollouts;

import org.jspecify.annotations.NullMarked;

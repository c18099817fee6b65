/**
 * Published event contracts: small past-tense records carrying ids and facts, never an entity graph. Changing
 * one is a contract change: its sample under {@code platform/src/test/resources/events/} must change with it,
 * and every consumer's contract test reads that sample.
 */
@NullMarked
package io.parley.platform.events.contract;

import org.jspecify.annotations.NullMarked;

/**
 * Who may see something under its handling label: TLP 2.0 as Parley applies it, as pure functions with no Spring,
 * no database and no service's types. Every service that decides who may see or hear of something (workspace's
 * documents, notifications' inbox and mail, rollouts' releases) adapts its own records to {@link Reader} and
 * {@link Audience} and asks here; nothing else decides it (ADR 0027).
 */
@NullMarked
package io.parley.platform.labels;

import org.jspecify.annotations.NullMarked;

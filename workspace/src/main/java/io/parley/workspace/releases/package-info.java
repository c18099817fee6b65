/**
 * What workspace does with rollouts' releases (ADR 0032): every {@code rollouts.release.*} event becomes one entry in
 * the audit chain of the release's workspace, shown redacted to owners outside the release's label audience; and a
 * halt that asks for it opens one war room per release, an incident workspace for the participants who may read
 * the release. Workspace learns of releases only from these events; it never calls rollouts.
 */
@NullMarked
package io.parley.workspace.releases;

import org.jspecify.annotations.NullMarked;

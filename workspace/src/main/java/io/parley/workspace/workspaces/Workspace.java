package io.parley.workspace.workspaces;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import io.parley.platform.labels.TlpLabel;

import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.index.Indexed;
import org.springframework.data.mongodb.core.mapping.Document;

/**
 * A workspace with its members inside the same document, so that a membership change and the event it causes
 * can be one atomic write (the embedded Mongo-wire server has no multi-document transactions). The document also
 * carries the event backbone's outbox: it is changed only by conditional updates on {@code version}, never
 * replaced as a whole (ADR 0005).
 *
 * @param organisations the member organisations (identity's organisation ids); every member person belongs to one
 * of them. Documents written before organisations were kept take them from their members.
 * @param createdBy person id of the portal admin who created it
 * @param version incremented by every change; the {@code aggregateVersion} of the events it records
 */
@Document("workspaces")
public record Workspace(@Id UUID id, String name, String purpose, TlpLabel labelCeiling, List<Member> members,
		List<String> organisations, Instant createdAt, String createdBy, long version) {

	public Workspace {
		if (organisations == null) {
			organisations = members.stream().map(Member::organisation).distinct().toList();
		}
	}

	public Optional<Member> member(String personId) {
		return this.members.stream().filter((member) -> member.personId().equals(personId)).findFirst();
	}

	public boolean isMember(String personId) {
		return member(personId).isPresent();
	}

	public boolean isOwner(String personId) {
		return member(personId).map(Member::role).orElse(null) == Role.OWNER;
	}

	long owners() {
		return this.members.stream().filter((member) -> member.role() == Role.OWNER).count();
	}

	/** @param personId the person's id in Keycloak (the {@code sub} of their tokens) */
	public record Member(@Indexed String personId, String organisation, Role role) {
	}

	/**
	 * In the API as the constant's name ({@code OWNER}: the web client already reads it so); in events lower-case,
	 * as the {@code WorkspaceMemberAdded} contract spells it.
	 */
	public enum Role {

		OWNER, CONTRIBUTOR, READER;

		public String eventValue() {
			return name().toLowerCase(java.util.Locale.ROOT);
		}

	}

}

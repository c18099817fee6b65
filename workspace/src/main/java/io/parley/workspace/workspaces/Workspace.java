package io.parley.workspace.workspaces;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

import org.springframework.data.annotation.Id;
import org.springframework.data.annotation.Version;
import org.springframework.data.mongodb.core.index.Indexed;
import org.springframework.data.mongodb.core.mapping.Document;

/**
 * A workspace with its members inside the same document, so that a membership change and the event it causes
 * can be one atomic write (the embedded Mongo-wire server has no multi-document transactions).
 */
@Document("workspaces")
record Workspace(@Id UUID id, String name, String purpose, List<Member> members, Instant createdAt,
		@Version @Nullable Long version) {

	Optional<Member> member(String personId) {
		return this.members.stream().filter((member) -> member.personId().equals(personId)).findFirst();
	}

	record Member(@Indexed String personId, String organisation, Role role) {
	}

	enum Role {

		OWNER, CONTRIBUTOR, READER

	}

}

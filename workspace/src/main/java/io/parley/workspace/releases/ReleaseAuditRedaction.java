package io.parley.workspace.releases;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import io.parley.platform.security.Caller;
import io.parley.workspace.audit.AuditRedaction;
import io.parley.workspace.workspaces.Workspace.Member;
import io.parley.workspace.workspaces.Workspaces;

import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.stereotype.Component;

import static org.springframework.data.mongodb.core.query.Criteria.where;

/**
 * Which releases an audit reader may not see: those outside the release's label audience for the reader's
 * membership of the <em>release's</em> workspace, whichever chain mentions them (the release's workspace, its war
 * room). The same {@code Audience} decides as for documents (ADR 0028) and as rollouts does: a member of the war room
 * who is no member of the release's workspace, or outside its label there, reads its entries redacted. Ids that name
 * no release stay shown.
 */
@Component
class ReleaseAuditRedaction implements AuditRedaction {

	private final MongoTemplate mongo;

	private final Workspaces workspaces;

	ReleaseAuditRedaction(MongoTemplate mongo, Workspaces workspaces) {
		this.mongo = mongo;
		this.workspaces = workspaces;
	}

	@Override
	public Set<String> hiddenFrom(Caller reader, UUID workspaceId, Set<String> ids) {
		List<UUID> candidates = ids.stream().map(UUID::fromString).toList();
		Map<UUID, Optional<Member>> membership = new HashMap<>();
		Set<String> hidden = new HashSet<>();
		for (KnownRelease release : this.mongo.find(new Query(where("_id").in(candidates)), KnownRelease.class)) {
			Optional<Member> member = membership.computeIfAbsent(release.workspaceId(),
					(id) -> this.workspaces.find(id).flatMap((workspace) -> workspace.member(reader.id())));
			if (member.isEmpty() || !release.readableBy(member.get())) {
				hidden.add(release.id().toString());
			}
		}
		return hidden;
	}

}

package io.parley.workspace.documents;

import java.util.HashSet;
import java.util.List;
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
 * Which documents an audit reader may not see: those of the workspace (deleted ones too: a deleted RED document's
 * trail is no less RED) outside the label's audience for the reader's membership. A reader who is not a member sees
 * none of them; ids that name no document of the workspace (people, comments, workspaces) are not documents and stay
 * shown.
 */
@Component
class DocumentAuditRedaction implements AuditRedaction {

	private final MongoTemplate mongo;

	private final Workspaces workspaces;

	DocumentAuditRedaction(MongoTemplate mongo, Workspaces workspaces) {
		this.mongo = mongo;
		this.workspaces = workspaces;
	}

	@Override
	public Set<String> hiddenFrom(Caller reader, UUID workspaceId, Set<String> ids) {
		List<UUID> candidates = ids.stream().map(UUID::fromString).toList();
		Optional<Member> member = this.workspaces.find(workspaceId).flatMap((found) -> found.member(reader.id()));
		Set<String> hidden = new HashSet<>();
		for (StoredDocument document : this.mongo.find(
				new Query(where("_id").in(candidates).and("workspaceId").is(workspaceId)), StoredDocument.class)) {
			if (member.isEmpty() || !Audiences.includes(document, member.get())) {
				hidden.add(document.id().toString());
			}
		}
		return hidden;
	}

}

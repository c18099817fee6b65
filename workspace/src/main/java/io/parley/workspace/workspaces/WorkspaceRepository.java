package io.parley.workspace.workspaces;

import java.util.List;
import java.util.UUID;

import org.springframework.data.mongodb.repository.MongoRepository;

/** Reads only: writes go through {@link Workspaces}, which records their events in the same update. */
interface WorkspaceRepository extends MongoRepository<Workspace, UUID> {

	List<Workspace> findByMembersPersonIdOrderByNameAsc(String personId);

}

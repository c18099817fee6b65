package io.parley.workspace.workspaces;

import java.util.List;
import java.util.UUID;

import org.springframework.data.mongodb.repository.MongoRepository;

interface WorkspaceRepository extends MongoRepository<Workspace, UUID> {

	List<Workspace> findByMembersPersonIdOrderByNameAsc(String personId);

}

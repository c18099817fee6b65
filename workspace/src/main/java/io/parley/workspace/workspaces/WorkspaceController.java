package io.parley.workspace.workspaces;

import java.util.List;
import java.util.UUID;

import io.parley.platform.security.Caller;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
class WorkspaceController {

	private final WorkspaceRepository workspaces;

	WorkspaceController(WorkspaceRepository workspaces) {
		this.workspaces = workspaces;
	}

	/** "My workspaces": only those the caller is a member of, whatever their roles in the token say. */
	@GetMapping("/api/workspaces")
	List<WorkspaceSummary> mine(Caller caller) {
		return this.workspaces.findByMembersPersonIdOrderByNameAsc(caller.id())
			.stream()
			.map((workspace) -> new WorkspaceSummary(workspace.id(), workspace.name(), workspace.purpose(),
					workspace.member(caller.id()).orElseThrow().role()))
			.toList();
	}

	record WorkspaceSummary(UUID id, String name, String purpose, Workspace.Role myRole) {
	}

}

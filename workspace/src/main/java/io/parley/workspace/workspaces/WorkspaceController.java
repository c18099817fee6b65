package io.parley.workspace.workspaces;

import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.parley.platform.labels.TlpLabel;
import io.parley.platform.problem.Problem;
import io.parley.platform.security.Caller;
import io.parley.workspace.Inputs;
import io.parley.workspace.workspaces.Workspace.Member;
import io.parley.workspace.workspaces.Workspace.Role;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.jspecify.annotations.Nullable;

import org.springframework.data.domain.Sort;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * Workspaces as their members see them. Whether a workspace exists is itself confidential: anyone who is not a
 * member gets the same 404 as for an id that was never used, and only then does the role matter (403).
 */
@RestController
@Tag(name = "Workspaces")
class WorkspaceController {

	private final WorkspaceRepository repository;

	private final Workspaces workspaces;

	private final MemberNames names;

	WorkspaceController(WorkspaceRepository repository, Workspaces workspaces, MemberNames names) {
		this.repository = repository;
		this.workspaces = workspaces;
		this.names = names;
	}

	/** "My workspaces": only those the caller is a member of, whatever their roles in the token say. */
	@GetMapping("/api/workspaces")
	@Operation(summary = "The caller's workspaces, with their role in each")
	List<WorkspaceSummary> mine(Caller caller) {
		return this.workspaces.of(caller.id())
			.stream()
			.map((workspace) -> new WorkspaceSummary(workspace.id(), workspace.name(), workspace.purpose(),
					workspace.labelCeiling(), workspace.member(caller.id()).orElseThrow().role()))
			.toList();
	}

	/**
	 * Every workspace, for the host's auditors, who read any workspace's audit trail without being a member (ADR 0012)
	 * and need to find it first. Only what the trail's first entries say anyway: name, label ceiling, organisations and
	 * how many members; no documents.
	 */
	@GetMapping("/api/workspaces/all")
	@Operation(summary = "Every workspace, to open its audit trail (the host's auditors)")
	List<AuditedWorkspace> all(Caller caller) {
		if (!WorkspaceAccess.isAuditor(caller)) {
			throw Problem.forbidden("Only the host's auditors list every workspace; your own are under My workspaces.");
		}
		return this.repository.findAll(Sort.by("name"))
			.stream()
			.map((workspace) -> new AuditedWorkspace(workspace.id(), workspace.name(), workspace.labelCeiling(),
					workspace.organisations(), workspace.members().size(), workspace.createdAt()))
			.toList();
	}

	@PostMapping("/api/workspaces")
	@Operation(summary = "Create a workspace (portal admins); the creator becomes its owner")
	ResponseEntity<WorkspaceView> create(Caller caller, @Valid @RequestBody NewWorkspace request) {
		Workspace workspace = this.workspaces.create(caller, request.name(), request.purpose(),
				request.labelCeiling());
		return ResponseEntity.created(URI.create("/api/workspaces/" + workspace.id()))
			.body(WorkspaceView.of(workspace, caller, this.names));
	}

	@GetMapping("/api/workspaces/{id}")
	@Operation(summary = "A workspace with its members and member organisations (members)")
	WorkspaceView get(Caller caller, @PathVariable UUID id) {
		return WorkspaceView.of(this.workspaces.visibleTo(caller, id), caller, this.names);
	}

	@PostMapping("/api/workspaces/{id}/members")
	@Operation(summary = "Add a person (owners); their organisation becomes a member organisation if it is not one")
	ResponseEntity<WorkspaceView> addMember(Caller caller, @PathVariable UUID id,
			@Valid @RequestBody NewMember request) {
		Workspace workspace = this.workspaces.addMember(caller, id, request.personId().toString(),
				request.organisation(), request.role());
		return ResponseEntity.created(URI.create("/api/workspaces/" + id + "/members/" + request.personId()))
			.body(WorkspaceView.of(workspace, caller, this.names));
	}

	@DeleteMapping("/api/workspaces/{id}/members/{personId}")
	@Operation(summary = "Remove a person (owners); the last owner stays")
	ResponseEntity<Void> removeMember(Caller caller, @PathVariable UUID id, @PathVariable UUID personId) {
		this.workspaces.removeMember(caller, id, personId.toString());
		return ResponseEntity.noContent().build();
	}

	@PutMapping("/api/workspaces/{id}/members/{personId}/role")
	@Operation(summary = "Change a member's role (owners); the last owner stays")
	WorkspaceView changeRole(Caller caller, @PathVariable UUID id, @PathVariable UUID personId,
			@Valid @RequestBody RoleChange request) {
		return WorkspaceView.of(this.workspaces.changeRole(caller, id, personId.toString(), request.role()), caller,
				this.names);
	}

	@PostMapping("/api/workspaces/{id}/organisations")
	@Operation(summary = "Add a member organisation (owners)")
	ResponseEntity<WorkspaceView> addOrganisation(Caller caller, @PathVariable UUID id,
			@Valid @RequestBody NewOrganisation request) {
		Workspace workspace = this.workspaces.addOrganisation(caller, id, request.organisationId());
		return ResponseEntity
			.created(URI.create("/api/workspaces/" + id + "/organisations/" + request.organisationId()))
			.body(WorkspaceView.of(workspace, caller, this.names));
	}

	@DeleteMapping("/api/workspaces/{id}/organisations/{organisationId}")
	@Operation(summary = "Remove a member organisation and every member person of it (owners); the last owner stays")
	ResponseEntity<Void> removeOrganisation(Caller caller, @PathVariable UUID id,
			@PathVariable @Size(max = 64) @Pattern(regexp = Inputs.ORGANISATION_ID) String organisationId) {
		this.workspaces.removeOrganisation(caller, id, organisationId);
		return ResponseEntity.noContent().build();
	}

	record NewOrganisation(@NotNull @Size(max = 64) @Pattern(regexp = Inputs.ORGANISATION_ID) String organisationId) {
	}

	record NewWorkspace(
			@NotBlank @Size(max = Inputs.WORKSPACE_NAME_MAX) @Pattern(regexp = Inputs.WORKSPACE_NAME) String name,
			@NotNull @Size(max = Inputs.PURPOSE_MAX) @Pattern(regexp = Inputs.PURPOSE) String purpose,
			@NotNull TlpLabel labelCeiling) {
	}

	/**
	 * @param organisation optional, and only checked: the member's organisation comes from identity, and a
	 * different one here is refused (422)
	 */
	record NewMember(@NotNull UUID personId,
			@Nullable @Size(max = 64) @Pattern(regexp = Inputs.ORGANISATION_ID) String organisation,
			@NotNull Role role) {
	}

	record RoleChange(@NotNull Role role) {
	}

	record AuditedWorkspace(UUID id, String name, TlpLabel labelCeiling, List<String> organisations, int members,
			Instant createdAt) {
	}

	record WorkspaceSummary(UUID id, String name, String purpose, TlpLabel labelCeiling, Role myRole) {
	}

	record WorkspaceView(UUID id, String name, String purpose, TlpLabel labelCeiling, Role myRole,
			List<MemberView> members, List<String> organisations, Instant createdAt) {

		static WorkspaceView of(Workspace workspace, Caller caller, MemberNames names) {
			Map<String, String> known = names.namesOf(workspace.members().stream().map(Member::personId).toList());
			List<MemberView> members = workspace.members()
				.stream()
				.map((member) -> new MemberView(member.personId(), member.organisation(), member.role(),
						known.get(member.personId())))
				.toList();
			return new WorkspaceView(workspace.id(), workspace.name(), workspace.purpose(), workspace.labelCeiling(),
					workspace.member(caller.id()).orElseThrow().role(), members, workspace.organisations(),
					workspace.createdAt());
		}

	}

	/** A member as the API shows it: {@code name} when workspace knows it (the people projection), else absent. */
	record MemberView(String personId, String organisation, Role role,
			@JsonInclude(JsonInclude.Include.NON_NULL) @Nullable String name) {
	}

}

package io.parley.identity.machineclient;

import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import io.parley.identity.Access;
import io.parley.identity.Inputs;
import io.parley.identity.organisation.Organisation;
import io.parley.identity.organisation.Organisations;
import io.parley.platform.problem.Problem;
import io.parley.platform.security.Caller;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.jspecify.annotations.Nullable;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * An organisation's API clients, for its org admins and portal admins. The organisation's other people get 403
 * (they know their organisation exists); everyone else 404, as for an organisation that does not exist. A
 * client of another organisation, or a revoked one, is 404 like one that never existed.
 */
@RestController
@RequestMapping("/api/identity/organisations/{organisationId}/clients")
@Tag(name = "API clients")
class MachineClientController {

	private final Organisations organisations;

	private final MachineClients clients;

	MachineClientController(Organisations organisations, MachineClients clients) {
		this.organisations = organisations;
		this.clients = clients;
	}

	@GetMapping
	@Operation(summary = "The organisation's API clients that are not revoked, oldest first (never a secret)")
	List<ClientView> list(Caller caller,
			@PathVariable @Pattern(regexp = Inputs.ORGANISATION_ID) String organisationId) {
		Organisation organisation = managed(caller, organisationId);
		return this.clients.ofOrganisation(organisation.id()).stream().map(ClientView::of).toList();
	}

	@PostMapping
	@Operation(summary = "Create an API client (client credentials) whose tokens carry the organisation; "
			+ "the answer holds its secret, shown this once")
	ResponseEntity<NewClientSecret> create(Caller caller,
			@PathVariable @Pattern(regexp = Inputs.ORGANISATION_ID) String organisationId,
			@Valid @RequestBody NewClient request) {
		Organisation organisation = managed(caller, organisationId);
		if (!organisation.active()) {
			throw Problem.conflict("organisation-inactive", "Organisation deactivated",
					"This organisation is deactivated: it gets no new API clients.");
		}
		MachineClients.Issued issued = this.clients.create(organisation, request.name().strip(), Access.idOf(caller));
		return ResponseEntity
			.created(URI.create("/api/identity/organisations/" + organisation.id() + "/clients/"
					+ issued.client().clientId()))
			.body(new NewClientSecret(issued.client().clientId(), issued.client().name(), issued.secret()));
	}

	@PostMapping("/{clientId}/rotate")
	@Operation(summary = "Give the client a new secret, shown this once; the previous secret stops working at once")
	RotatedSecret rotate(Caller caller, @PathVariable @Pattern(regexp = Inputs.ORGANISATION_ID) String organisationId,
			@PathVariable @Pattern(regexp = Inputs.API_CLIENT_ID) String clientId) {
		MachineClients.Rotated rotated = this.clients.rotate(client(caller, organisationId, clientId),
				Access.idOf(caller));
		return new RotatedSecret(rotated.client().clientId(), rotated.secret());
	}

	@DeleteMapping("/{clientId}")
	@Operation(summary = "Revoke the client: deleted in Keycloak, no new token; issued tokens expire within minutes")
	ResponseEntity<Void> revoke(Caller caller,
			@PathVariable @Pattern(regexp = Inputs.ORGANISATION_ID) String organisationId,
			@PathVariable @Pattern(regexp = Inputs.API_CLIENT_ID) String clientId) {
		this.clients.revoke(client(caller, organisationId, clientId), Access.idOf(caller));
		return ResponseEntity.noContent().build();
	}

	private Organisation managed(Caller caller, String organisationId) {
		Organisation organisation = this.organisations.find(organisationId)
			.filter((found) -> Access.manages(caller, organisationId) || Access.memberOf(caller, organisationId))
			.orElseThrow(() -> Problem.notFound("organisation"));
		if (!Access.manages(caller, organisationId)) {
			throw Problem.forbidden("Only this organisation's admins and portal admins manage its API clients.");
		}
		return organisation;
	}

	private MachineClient client(Caller caller, String organisationId, String clientId) {
		Organisation organisation = managed(caller, organisationId);
		return this.clients.find(organisation.id(), clientId).orElseThrow(() -> Problem.notFound("API client"));
	}

	record NewClient(@NotBlank @Size(max = Inputs.API_CLIENT_NAME_MAX) @Pattern(regexp = Inputs.API_CLIENT_NAME,
			message = "must start with a letter or digit and hold only letters, digits, spaces and & . , ' ( ) _ / : -") String name) {
	}

	record ClientView(String clientId, String name, Instant createdAt, UUID createdBy,
			@Nullable Instant lastRotatedAt) {

		static ClientView of(MachineClient client) {
			return new ClientView(client.clientId(), client.name(), client.createdAt(), client.createdBy(),
					client.lastRotatedAt());
		}

	}

	/** Answered once; {@code toString} leaves the secret out (Spring logs what it writes at debug level). */
	record NewClientSecret(String clientId, String name, String secret) {

		@Override
		public String toString() {
			return "NewClientSecret[clientId=" + this.clientId + "]";
		}

	}

	record RotatedSecret(String clientId, String secret) {

		@Override
		public String toString() {
			return "RotatedSecret[clientId=" + this.clientId + "]";
		}

	}

}

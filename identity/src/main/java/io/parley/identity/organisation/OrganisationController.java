package io.parley.identity.organisation;

import java.net.URI;
import java.time.Instant;
import java.util.List;

import io.parley.identity.Access;
import io.parley.identity.Inputs;
import io.parley.platform.problem.Problem;
import io.parley.platform.security.Caller;
import io.parley.platform.security.OrganisationType;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.jspecify.annotations.Nullable;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Organisations. Everybody signed in may see which active organisations take part (id, name, type); their
 * domains and state are for portal admins and the organisation's own people. Only portal admins change them.
 */
@RestController
@RequestMapping("/api/identity/organisations")
@Tag(name = "Organisations")
class OrganisationController {

	private final Organisations organisations;

	OrganisationController(Organisations organisations) {
		this.organisations = organisations;
	}

	@GetMapping
	@Operation(summary = "Organisations taking part; inactive ones are listed for portal admins only")
	List<Object> list(Caller caller) {
		return this.organisations.all()
			.stream()
			.filter((organisation) -> organisation.active() || Access.portalAdmin(caller))
			.map((organisation) -> view(caller, organisation))
			.toList();
	}

	@GetMapping("/{organisationId}")
	@Operation(summary = "One organisation; details only for portal admins and its own people")
	Object get(Caller caller, @PathVariable @Pattern(regexp = Inputs.ORGANISATION_ID) String organisationId) {
		return view(caller, visible(caller, organisationId));
	}

	@PostMapping
	@Operation(summary = "Create an organisation (portal admins)")
	ResponseEntity<OrganisationView> create(Caller caller, @Valid @RequestBody NewOrganisation request) {
		requirePortalAdmin(caller);
		if (!this.organisations.create(request.id(), request.name().strip(), request.type(),
				request.domains() == null ? List.of() : request.domains(), Access.idOf(caller))) {
			throw Problem.conflict("organisation-exists", "Organisation exists",
					"An organisation with the id '" + request.id() + "' exists already.");
		}
		Organisation created = this.organisations.find(request.id()).orElseThrow();
		return ResponseEntity.created(URI.create("/api/identity/organisations/" + created.id()))
			.body(OrganisationView.of(created));
	}

	@PatchMapping("/{organisationId}")
	@Operation(summary = "Rename an organisation (portal admins)")
	OrganisationView rename(Caller caller, @PathVariable @Pattern(regexp = Inputs.ORGANISATION_ID) String organisationId,
			@Valid @RequestBody Rename request) {
		Organisation organisation = visible(caller, organisationId);
		requirePortalAdmin(caller);
		return OrganisationView.of(this.organisations.rename(organisation, request.name().strip(), Access.idOf(caller)));
	}

	@PostMapping("/{organisationId}/deactivation")
	@Operation(summary = "Deactivate an organisation (portal admins): no new invitations, hidden from the directory")
	OrganisationView deactivate(Caller caller,
			@PathVariable @Pattern(regexp = Inputs.ORGANISATION_ID) String organisationId) {
		Organisation organisation = visible(caller, organisationId);
		requirePortalAdmin(caller);
		return OrganisationView.of(this.organisations.deactivate(organisation));
	}

	/** An organisation the caller may know exists: active ones, their own, or any for portal admins. */
	private Organisation visible(Caller caller, String organisationId) {
		return this.organisations.find(organisationId)
			.filter((organisation) -> organisation.active() || Access.portalAdmin(caller)
					|| Access.memberOf(caller, organisationId))
			.orElseThrow(() -> Problem.notFound("organisation"));
	}

	private static Object view(Caller caller, Organisation organisation) {
		if (Access.portalAdmin(caller) || Access.memberOf(caller, organisation.id())) {
			return OrganisationView.of(organisation);
		}
		return new OrganisationSummary(organisation.id(), organisation.name(), organisation.type());
	}

	private static void requirePortalAdmin(Caller caller) {
		if (!Access.portalAdmin(caller)) {
			throw Problem.forbidden("Only portal admins manage organisations.");
		}
	}

	record NewOrganisation(@NotNull @Pattern(regexp = Inputs.ORGANISATION_ID) String id,
			@NotBlank @Size(max = Inputs.ORGANISATION_NAME_MAX) @Pattern(regexp = Inputs.ORGANISATION_NAME) String name,
			@NotNull OrganisationType type,
			@Nullable @Size(max = 20) List<@NotNull @Size(max = Inputs.DOMAIN_MAX) @Pattern(regexp = Inputs.DOMAIN) String> domains) {
	}

	record Rename(
			@NotBlank @Size(max = Inputs.ORGANISATION_NAME_MAX) @Pattern(regexp = Inputs.ORGANISATION_NAME) String name) {
	}

	record OrganisationView(String id, String name, OrganisationType type, List<String> domains, boolean active,
			Instant createdAt) {

		static OrganisationView of(Organisation organisation) {
			return new OrganisationView(organisation.id(), organisation.name(), organisation.type(),
					organisation.domains(), organisation.active(), organisation.createdAt());
		}

	}

	/** What anyone signed in may see of an organisation that is not theirs. */
	record OrganisationSummary(String id, String name, OrganisationType type) {
	}


}

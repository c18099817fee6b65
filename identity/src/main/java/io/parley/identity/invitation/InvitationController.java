package io.parley.identity.invitation;

import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import io.parley.identity.Access;
import io.parley.identity.Inputs;
import io.parley.identity.organisation.Organisation;
import io.parley.identity.organisation.Organisations;
import io.parley.identity.person.Role;
import io.parley.platform.problem.Problem;
import io.parley.platform.security.Caller;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.security.SecurityRequirements;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * Invitations. Portal admins invite into any organisation, org admins into their own. An invitation of another
 * organisation answers 404 to anyone who does not manage it; the organisation itself is public knowledge, so
 * inviting into it without the right is a 403.
 */
@RestController
@Tag(name = "Invitations")
class InvitationController {

	/** The one path of identity that needs no token: the invitee has no account yet (ADR 0006). */
	static final String ACCEPTANCE_PATH = "/api/identity/invitations/acceptance";

	private final Invitations invitations;

	private final Organisations organisations;

	private final Clock clock;

	InvitationController(Invitations invitations, Organisations organisations, Clock clock) {
		this.invitations = invitations;
		this.organisations = organisations;
		this.clock = clock;
	}

	@PostMapping("/api/identity/organisations/{organisationId}/invitations")
	@Operation(summary = "Invite name <email> with a role; identity mails the single-use link")
	ResponseEntity<InvitationView> invite(Caller caller,
			@PathVariable @Pattern(regexp = Inputs.ORGANISATION_ID) String organisationId,
			@Valid @RequestBody NewInvitation request) {
		Organisation organisation = managedOrganisation(caller, organisationId);
		Invitations.Issued issued = this.invitations.issue(organisation, request.name().strip(), request.email(),
				request.role(), Access.idOf(caller), request.sponsorId(), request.accessEndsAt());
		return ResponseEntity.created(URI.create("/api/identity/invitations/" + issued.invitation().id()))
			.body(view(issued.invitation(), issued.emailSent()));
	}

	@GetMapping("/api/identity/organisations/{organisationId}/invitations")
	@Operation(summary = "Invitations of an organisation, newest first")
	List<InvitationView> list(Caller caller,
			@PathVariable @Pattern(regexp = Inputs.ORGANISATION_ID) String organisationId) {
		Organisation organisation = managedOrganisation(caller, organisationId);
		return this.invitations.ofOrganisation(organisation.id())
			.stream()
			.map((invitation) -> view(invitation, null))
			.toList();
	}

	@GetMapping("/api/identity/invitations/{invitationId}")
	@Operation(summary = "One invitation")
	InvitationView get(Caller caller, @PathVariable UUID invitationId) {
		return view(managed(caller, invitationId), null);
	}

	@PostMapping("/api/identity/invitations/{invitationId}/resend")
	@Operation(summary = "Mail a fresh link with a new expiry; the previous link stops working")
	InvitationView resend(Caller caller, @PathVariable UUID invitationId) {
		Invitations.Issued issued = this.invitations.resend(managed(caller, invitationId));
		return view(issued.invitation(), issued.emailSent());
	}

	@PostMapping("/api/identity/invitations/{invitationId}/revocation")
	@Operation(summary = "Withdraw an open invitation; its link stops working")
	InvitationView revoke(Caller caller, @PathVariable UUID invitationId) {
		return view(this.invitations.revoke(managed(caller, invitationId)), null);
	}

	@PostMapping(ACCEPTANCE_PATH)
	@SecurityRequirements
	@Operation(summary = "Accept with the token from the link (no sign-in); Keycloak then mails its set-password link")
	ResponseEntity<Acceptance> accept(@Valid @RequestBody AcceptRequest request) {
		Invitations.Accepted accepted = this.invitations.accept(request.token());
		return ResponseEntity.status(HttpStatus.ACCEPTED)
			.body(new Acceptance(accepted.email(), accepted.secondFactorRequired(),
					"Check your e-mail: Parley's sign-in service sent you a link to set your password"
							+ (accepted.secondFactorRequired() ? " and enrol your authenticator app." : ".")));
	}

	private Organisation managedOrganisation(Caller caller, String organisationId) {
		Organisation organisation = this.organisations.find(organisationId)
			.filter((found) -> found.active() || Access.portalAdmin(caller) || Access.memberOf(caller, organisationId))
			.orElseThrow(() -> Problem.notFound("organisation"));
		if (!Access.manages(caller, organisationId)) {
			throw Problem.forbidden("Only portal admins and this organisation's admins manage invitations.");
		}
		return organisation;
	}

	private Invitation managed(Caller caller, UUID invitationId) {
		return this.invitations.find(invitationId)
			.filter((invitation) -> Access.manages(caller, invitation.organisationId()))
			.orElseThrow(() -> Problem.notFound("invitation"));
	}

	private InvitationView view(Invitation invitation, @Nullable Boolean emailSent) {
		Instant now = this.clock.instant();
		return new InvitationView(invitation.id(), invitation.organisationId(), invitation.name(), invitation.email(),
				invitation.role(), invitation.state(now), invitation.expiresAt(), invitation.invitedBy(),
				invitation.sponsorId(), invitation.accessEndsAt(), invitation.timesSent(), invitation.createdAt(),
				invitation.acceptedAt(), invitation.personId(), emailSent);
	}

	/**
	 * @param sponsorId sponsor of a VENDOR or GOVERNMENT invitee if not the inviter
	 * @param accessEndsAt end of a VENDOR or GOVERNMENT invitee's access if not the default from joining
	 */
	record NewInvitation(
			@NotBlank @Size(max = Inputs.PERSON_NAME_MAX) @Pattern(regexp = Inputs.PERSON_NAME,
					message = "may contain letters, spaces, apostrophes, hyphens and dots only") String name,
			@NotBlank @Size(max = Inputs.EMAIL_MAX) @Pattern(regexp = Inputs.EMAIL,
					message = "must be an e-mail address") String email,
			@NotNull Role role, @Nullable UUID sponsorId, @Nullable Instant accessEndsAt) {
	}

	/** The token is 32 random bytes in URL-safe base64: exactly 43 characters of that alphabet. */
	record AcceptRequest(@NotNull @Pattern(regexp = "^[A-Za-z0-9_-]{43}$",
			message = "is not an invitation token") String token) {
	}

	record Acceptance(String email, boolean secondFactorRequired, String next) {
	}

	/** @param emailSent on issue and re-send: whether the mail server took the e-mail (otherwise re-send) */
	record InvitationView(UUID id, String organisationId, String name, String email, Role role, String state,
			Instant expiresAt, UUID invitedBy, @Nullable UUID sponsorId, @Nullable Instant accessEndsAt, int timesSent,
			Instant createdAt, @Nullable Instant acceptedAt, @Nullable UUID personId, @Nullable Boolean emailSent) {
	}

}

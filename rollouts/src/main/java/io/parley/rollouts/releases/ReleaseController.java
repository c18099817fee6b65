package io.parley.rollouts.releases;

import java.net.URI;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import jakarta.validation.Valid;

import io.parley.platform.problem.Problem;
import io.parley.platform.security.Caller;
import io.parley.rollouts.releases.ReleaseAccess.Viewer;
import io.parley.rollouts.releases.ReleaseRequests.NewHalt;
import io.parley.rollouts.releases.ReleaseRequests.NewRelease;
import io.parley.rollouts.releases.ReleaseRequests.NewSignOff;
import io.parley.rollouts.releases.ReleaseRequests.Reason;
import io.parley.rollouts.releases.ReleaseViews.HealthSeries;
import io.parley.rollouts.releases.ReleaseViews.ReleaseCard;
import io.parley.rollouts.releases.ReleaseViews.ReleaseView;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Releases over HTTP ({@code docs/rollouts.md}). A release the caller may not read answers 404 everywhere, the
 * same as an id never used; who may do what is {@link ReleaseAccess}'s, which moves the state allows the
 * {@link Release}'s.
 */
@RestController
@RequestMapping("/api/rollouts/releases")
@Tag(name = "Releases")
class ReleaseController {

	/** Printable ASCII, what a pipeline puts in a header: a UUID, a hash, a build number. */
	private static final java.util.regex.Pattern IDEMPOTENCY_KEY = java.util.regex.Pattern.compile("^[\\x21-\\x7E]{1,200}$");

	private final Releases releases;

	ReleaseController(Releases releases) {
		this.releases = releases;
	}

	@PostMapping
	@Operation(summary = "Declare a release with its plan (owners and contributors of the workspace, not government)")
	ResponseEntity<ReleaseView> declare(Caller caller, @Valid @RequestBody NewRelease request) {
		Release release = this.releases.declare(caller, request.toDeclaration());
		return ResponseEntity.created(URI.create("/api/rollouts/releases/" + release.id()))
			.body(view(this.releases.viewer(caller), release));
	}

	@GetMapping
	@Operation(summary = "The board: releases the caller may read, of one workspace or of all theirs")
	List<ReleaseCard> list(Caller caller, @RequestParam(required = false) @Nullable UUID workspaceId,
			@RequestParam(required = false) @Nullable String state) {
		ReleaseState wanted = null;
		if (state != null && !state.isBlank()) {
			try {
				wanted = ReleaseState.valueOf(state);
			}
			catch (IllegalArgumentException ex) {
				throw Problem.invalid("state: one of " + List.of(ReleaseState.values()));
			}
		}
		Viewer viewer = this.releases.viewer(caller);
		Policy policy = this.releases.policy();
		return this.releases.list(viewer, workspaceId, wanted)
			.stream()
			.map((release) -> ReleaseViews.card(release, this.releases.hostOrganisations(release), policy))
			.toList();
	}

	@GetMapping("/{id}")
	@Operation(summary = "A release with its plan, progress, timeline and what the caller may do now")
	ReleaseView get(Caller caller, @PathVariable UUID id) {
		Viewer viewer = this.releases.viewer(caller);
		return view(viewer, this.releases.read(viewer, id));
	}

	@PostMapping("/{id}/schedule")
	@Operation(summary = "DRAFT to SCHEDULED (releasing organisation); calendar conflicts then need the host")
	ReleaseView schedule(Caller caller, @PathVariable UUID id, @Valid @RequestBody ReleaseRequests.Schedule request) {
		return view(caller, this.releases.schedule(caller, id, request.startAt()));
	}

	@PostMapping("/{id}/calendar-approval")
	@Operation(summary = "Approve a schedule's calendar conflicts (host)")
	ReleaseView approveCalendar(Caller caller, @PathVariable UUID id) {
		return view(caller, this.releases.approveCalendar(caller, id));
	}

	@PostMapping("/{id}/start")
	@Operation(summary = "SCHEDULED to ring 0, not before the scheduled start (releasing organisation)")
	ReleaseView start(Caller caller, @PathVariable UUID id) {
		return view(caller, this.releases.start(caller, id));
	}

	@PostMapping("/{id}/advance")
	@Operation(summary = "To the next ring, or COMPLETED after the last (releasing organisation); 409 lists what is unmet")
	ReleaseView advance(Caller caller, @PathVariable UUID id) {
		return view(caller, this.releases.advance(caller, id));
	}

	@PostMapping("/{id}/rings/{ring}/sign-offs")
	@Operation(summary = "GO or NO_GO (with a reason) for leaving the current ring (people of a required organisation)")
	ReleaseView signOff(Caller caller, @PathVariable UUID id, @PathVariable int ring,
			@Valid @RequestBody NewSignOff request) {
		return view(caller, this.releases.signOff(caller, id, ring, request.toDecision(), request.reason()));
	}

	@PostMapping("/{id}/halt")
	@Operation(summary = "Stop the line (people of any participating organisation)")
	ReleaseView halt(Caller caller, @PathVariable UUID id, @Valid @RequestBody NewHalt request) {
		return view(caller, this.releases.halt(caller, id, request.reason().strip(),
				Boolean.TRUE.equals(request.openWarRoom())));
	}

	@PostMapping("/{id}/resume")
	@Operation(summary = "Ask to resume a halted release; it resumes once the releasing organisation and the host asked")
	ReleaseView resume(Caller caller, @PathVariable UUID id) {
		return view(caller, this.releases.resume(caller, id));
	}

	@PostMapping("/{id}/roll-back")
	@Operation(summary = "Roll back, with the reason (releasing organisation); final")
	ReleaseView rollBack(Caller caller, @PathVariable UUID id, @Valid @RequestBody Reason request) {
		return view(caller, this.releases.rollBack(caller, id, request.reason().strip()));
	}

	@PostMapping("/{id}/cancel")
	@Operation(summary = "Cancel a draft or scheduled release, with the reason (releasing organisation); final")
	ReleaseView cancel(Caller caller, @PathVariable UUID id, @Valid @RequestBody Reason request) {
		return view(caller, this.releases.cancel(caller, id, request.reason().strip()));
	}

	@PostMapping("/{id}/rings/{ring}/health")
	@Operation(summary = "A health report for the current ring (machine client or person of the releasing "
			+ "organisation); the same Idempotency-Key again answers the first answer, applied once")
	ResponseEntity<String> report(Caller caller, @PathVariable UUID id, @PathVariable int ring,
			@RequestHeader(name = "Idempotency-Key", required = false) @Nullable String key,
			@Valid @RequestBody ReleaseRequests.Health request) {
		if (key == null || key.isBlank()) {
			throw Problem.invalid("Idempotency-Key: send this header with a value unique to the report (a "
					+ "UUID, say), and the same value again only when retrying the same report.");
		}
		if (!IDEMPOTENCY_KEY.matcher(key).matches()) {
			throw Problem.invalid("Idempotency-Key: 1 to 200 printable characters without spaces.");
		}
		Releases.Reported reported = this.releases.report(caller, id, ring, key, request.toReport());
		return ResponseEntity.status(reported.replayed() ? HttpStatus.OK : HttpStatus.CREATED)
			.contentType(MediaType.APPLICATION_JSON)
			.body(reported.answer());
	}

	@GetMapping("/{id}/health")
	@Operation(summary = "Every ring's health reports, for the chart of rates against the gates")
	HealthSeries health(Caller caller, @PathVariable UUID id) {
		Viewer viewer = this.releases.viewer(caller);
		Release release = this.releases.read(viewer, id);
		return ReleaseViews.series(release, this.releases.series(release));
	}

	private ReleaseView view(Caller caller, Release release) {
		return view(this.releases.viewer(caller), release);
	}

	private ReleaseView view(Viewer viewer, Release release) {
		Policy policy = this.releases.policy();
		Set<Action> allowed = viewer.allowed(release, policy, this.releases.now());
		return ReleaseViews.view(release, this.releases.hostOrganisations(release), policy, allowed);
	}

}

package io.parley.rollouts.calendar;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import io.parley.platform.problem.Problem;
import io.parley.platform.security.Caller;
import io.parley.platform.security.OrganisationType;
import io.parley.rollouts.releases.Policies;
import io.parley.rollouts.releases.ReleaseAccess;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code /api/rollouts/calendar}: everyone signed in sees the calendar (what they may not read without names);
 * the host's organisation admins and portal admins set freeze windows.
 */
@RestController
@Tag(name = "Calendar")
class CalendarController {

	/** The longest period one request may ask for. */
	private static final Duration LONGEST = Duration.ofDays(400);

	private static final Logger log = LoggerFactory.getLogger(CalendarController.class);

	private final Calendar calendar;

	private final Freezes freezes;

	private final ReleaseAccess access;

	private final Policies policies;

	private final java.time.Clock clock;

	CalendarController(Calendar calendar, Freezes freezes, ReleaseAccess access, Policies policies,
			java.time.Clock clock) {
		this.calendar = calendar;
		this.freezes = freezes;
		this.access = access;
		this.policies = policies;
		this.clock = clock;
	}

	@GetMapping("/api/rollouts/calendar")
	@Operation(summary = "Ring starts, freeze windows and collisions between two times (default: the next five weeks)")
	Calendar.CalendarView get(Caller caller, @RequestParam(required = false) @Nullable String from,
			@RequestParam(required = false) @Nullable String to) {
		Instant start = (from != null) ? instant("from", from)
				: LocalDate.ofInstant(this.clock.instant(), ZoneOffset.UTC).atStartOfDay().toInstant(ZoneOffset.UTC);
		Instant end = (to != null) ? instant("to", to) : start.plus(35, ChronoUnit.DAYS);
		if (!end.isAfter(start)) {
			throw Problem.invalid("to: must be after from.");
		}
		if (Duration.between(start, end).compareTo(LONGEST) > 0) {
			throw Problem.invalid("to: ask for at most " + LONGEST.toDays() + " days at a time.");
		}
		return this.calendar.view(this.access.viewer(caller), start, end, this.policies.current());
	}

	@PostMapping("/api/rollouts/calendar/freezes")
	@Operation(summary = "Add a freeze window (host organisation admins, portal admins)")
	ResponseEntity<Calendar.FreezeView> freeze(Caller caller, @Valid @RequestBody NewFreeze request) {
		requireFreezer(caller);
		Instant from = instant("from", request.from());
		Instant to = instant("to", request.to());
		if (!to.isAfter(from)) {
			throw Problem.invalid("to: the window must end after it starts.");
		}
		Freezes.Freeze freeze = this.freezes.add(from, to, request.reason().strip(), caller.id());
		log.info("Freeze window {} from {} to {} added by {}: {}", freeze.id(), from, to, caller.id(), freeze.reason());
		return ResponseEntity.created(URI.create("/api/rollouts/calendar/freezes/" + freeze.id()))
			.body(new Calendar.FreezeView(freeze.id(), freeze.from(), freeze.to(), freeze.reason()));
	}

	@DeleteMapping("/api/rollouts/calendar/freezes/{id}")
	@Operation(summary = "Remove a freeze window (host organisation admins, portal admins)")
	ResponseEntity<Void> unfreeze(Caller caller, @PathVariable UUID id) {
		requireFreezer(caller);
		if (!this.freezes.remove(id, caller.id(), this.clock.instant().truncatedTo(ChronoUnit.MILLIS))) {
			throw Problem.notFound("freeze window");
		}
		log.info("Freeze window {} removed by {}", id, caller.id());
		return ResponseEntity.noContent().build();
	}

	private static void requireFreezer(Caller caller) {
		boolean hostAdmin = caller.hasRole(Caller.ORG_ADMIN) && caller.organisationType() == OrganisationType.HOST
				&& !caller.hasRole(ReleaseAccess.MACHINE);
		if (!hostAdmin && !caller.hasRole(Caller.PORTAL_ADMIN)) {
			throw Problem.forbidden("Only the host's organisation admins and portal admins set freeze windows.");
		}
	}

	private static Instant instant(String field, String value) {
		try {
			return Instant.parse(value).truncatedTo(ChronoUnit.MILLIS);
		}
		catch (DateTimeParseException ex) {
			throw Problem.invalid(field + ": a UTC time in ISO-8601 such as 2026-03-10T06:00:00Z.");
		}
	}

	record NewFreeze(@NotBlank(message = "is required") String from, @NotBlank(message = "is required") String to,
			@NotBlank(message = "say why, so partners know what to plan around") @Size(max = 200,
					message = "at most 200 characters") @Pattern(regexp = "^[\\P{C}]*$",
							message = "must be one line of text without control or formatting characters") String reason) {
	}

}

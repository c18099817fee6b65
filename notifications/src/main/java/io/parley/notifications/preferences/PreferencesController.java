package io.parley.notifications.preferences;

import java.net.URI;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.parley.platform.problem.ProblemTypes;
import io.parley.platform.security.Caller;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/** The caller's own notification preferences; there is no way to name another person's. */
@RestController
class PreferencesController {

	static final URI MANDATORY_NOTICE = ProblemTypes.of("mandatory-notice");

	private final Preferences preferences;

	PreferencesController(Preferences preferences) {
		this.preferences = preferences;
	}

	@GetMapping("/api/notifications/preferences")
	PreferencesView get(Caller caller) {
		return PreferencesView.of(this.preferences.of(caller.id()));
	}

	/**
	 * Replaces the caller's choices; types left out go back to their default. A mandatory notice set to
	 * {@code OFF} is refused whole (422), as is an unknown type or time zone (400).
	 */
	@PutMapping("/api/notifications/preferences")
	ResponseEntity<?> put(Caller caller, @RequestBody PreferencesView body) {
		ZoneId zone = null;
		if (body.timeZone() != null) {
			try {
				zone = ZoneId.of(body.timeZone());
			}
			catch (DateTimeException ex) {
				return problem(HttpStatus.BAD_REQUEST, ProblemTypes.INVALID_REQUEST,
						"timeZone: not a time zone id such as Europe/Berlin");
			}
		}
		Map<NoticeType, Channel> channels = new EnumMap<>(NoticeType.class);
		List<String> mandatoryOff = new java.util.ArrayList<>();
		for (Map.Entry<String, Channel> choice : body.channels().entrySet()) {
			NoticeType type = NoticeType.of(choice.getKey()).orElse(null);
			if (type == null) {
				return problem(HttpStatus.BAD_REQUEST, ProblemTypes.INVALID_REQUEST,
						"channels: unknown notice type " + choice.getKey());
			}
			if (type.mandatory() && choice.getValue() == Channel.OFF) {
				mandatoryOff.add(type.key());
			}
			channels.put(type, choice.getValue());
		}
		if (!mandatoryOff.isEmpty()) {
			return problem(HttpStatus.UNPROCESSABLE_CONTENT, MANDATORY_NOTICE,
					"These notices are mandatory and cannot be switched off: " + String.join(", ", mandatoryOff));
		}
		this.preferences.save(caller.id(), zone, channels);
		return ResponseEntity.ok(PreferencesView.of(this.preferences.of(caller.id())));
	}

	private static ResponseEntity<ProblemDetail> problem(HttpStatus status, URI type, String detail) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
		problem.setType(type);
		return ResponseEntity.status(status).body(problem);
	}

	record PreferencesView(@Nullable String timeZone, Map<String, Channel> channels) {

		PreferencesView {
			channels = (channels != null) ? channels : Map.of();
		}

		static PreferencesView of(Preferences.Choice choice) {
			Map<String, Channel> channels = new LinkedHashMap<>();
			choice.channels().forEach((type, channel) -> channels.put(type.key(), channel));
			return new PreferencesView(choice.timeZone().getId(), channels);
		}

	}

}

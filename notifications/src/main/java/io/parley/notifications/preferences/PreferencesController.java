package io.parley.notifications.preferences;

import java.net.URI;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.ArrayList;
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
	 * {@code OFF}, or a locked one set to anything but its channel, is refused whole (422), as is an unknown type or
	 * time zone (400).
	 */
	@PutMapping("/api/notifications/preferences")
	ResponseEntity<?> put(Caller caller, @RequestBody PreferencesChoice body) {
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
		List<String> refused = new ArrayList<>();
		List<String> refusedTypes = new ArrayList<>();
		for (Map.Entry<String, Channel> choice : body.channels().entrySet()) {
			NoticeType type = NoticeType.of(choice.getKey()).orElse(null);
			if (type == null) {
				return problem(HttpStatus.BAD_REQUEST, ProblemTypes.INVALID_REQUEST,
						"channels: unknown notice type " + choice.getKey());
			}
			if (!type.allowedChannels().contains(choice.getValue())) {
				refusedTypes.add(type.key());
				refused.add(type.locked() ? type.key() + " (only " + type.defaultChannel() + ")" : type.key());
			}
			channels.put(type, choice.getValue());
		}
		if (!refused.isEmpty()) {
			ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.UNPROCESSABLE_CONTENT,
					"These notices are mandatory and cannot be switched off or moved to another channel: "
							+ String.join(", ", refused) + ". Leave them out, or choose the channel shown for them on "
							+ "your preferences.");
			problem.setType(MANDATORY_NOTICE);
			problem.setProperty("notices", refusedTypes);
			return ResponseEntity.status(HttpStatus.UNPROCESSABLE_CONTENT).body(problem);
		}
		this.preferences.save(caller.id(), zone, channels);
		return ResponseEntity.ok(PreferencesView.of(this.preferences.of(caller.id())));
	}

	private static ResponseEntity<ProblemDetail> problem(HttpStatus status, URI type, String detail) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
		problem.setType(type);
		return ResponseEntity.status(status).body(problem);
	}

	/** What a person sends: their time zone and a channel per notice type (others go back to the default). */
	record PreferencesChoice(@Nullable String timeZone, Map<String, Channel> channels) {

		PreferencesChoice {
			channels = (channels != null) ? channels : Map.of();
		}

	}

	/**
	 * What a person reads: their choices, which types are {@code mandatory} (never {@code OFF}; ADR 0013's list) and,
	 * per type, what the page needs to draw its row: a locked notice has exactly one allowed channel.
	 */
	record PreferencesView(String timeZone, Map<String, Channel> channels, List<String> mandatory,
			List<NoticeView> notices) {

		static PreferencesView of(Preferences.Choice choice) {
			Map<String, Channel> channels = new LinkedHashMap<>();
			choice.channels().forEach((type, channel) -> channels.put(type.key(), channel));
			List<String> mandatory = new ArrayList<>();
			List<NoticeView> notices = new ArrayList<>();
			for (NoticeType type : NoticeType.values()) {
				if (type.mandatory()) {
					mandatory.add(type.key());
				}
				notices.add(new NoticeView(type.key(), type.description(), type.defaultChannel(), type.mandatory(),
						type.locked(), List.copyOf(type.allowedChannels())));
			}
			return new PreferencesView(choice.timeZone().getId(), channels, mandatory, notices);
		}

	}

	/**
	 * One notice type: {@code mandatory} cannot be switched off; {@code locked} cannot be changed at all (its one
	 * allowed channel is the default).
	 */
	record NoticeView(String type, String description, Channel defaultChannel, boolean mandatory, boolean locked,
			List<Channel> allowedChannels) {
	}

}

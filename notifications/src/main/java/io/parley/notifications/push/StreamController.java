package io.parley.notifications.push;

import java.util.List;

import io.parley.notifications.NotificationsProperties;
import io.parley.notifications.inbox.Entries;
import io.parley.notifications.inbox.Notification;
import io.parley.platform.security.Caller;
import org.jspecify.annotations.Nullable;

import org.springframework.http.MediaType;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * {@code GET /api/notifications/stream}: the caller's notifications as server-sent events (ADR 0009). A stream is
 * held without a thread (async request); the session is the token's {@code sid} (Keycloak's session id), so a
 * second stream from the same browser session replaces the first, on whichever instance it was. Someone whose
 * access ended never gets here (platform's access filter); their open streams are closed by {@link Streams}.
 */
@RestController
class StreamController {

	private final Streams streams;

	private final PushFanout fanout;

	private final Entries entries;

	private final NotificationsProperties.Push settings;

	StreamController(Streams streams, PushFanout fanout, Entries entries, NotificationsProperties properties) {
		this.streams = streams;
		this.fanout = fanout;
		this.entries = entries;
		this.settings = properties.push();
	}

	@GetMapping(path = "/api/notifications/stream", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
	SseEmitter stream(Caller caller, @AuthenticationPrincipal Jwt token,
			@RequestHeader(name = "Last-Event-ID", required = false) @Nullable String lastEventId) throws Exception {
		String sid = token.getClaimAsString("sid");
		String session = (sid != null && !sid.isBlank()) ? sid : "no-session";
		// registered before the replay is read: an entry written in between is pushed, and the stream's cursor sends
		// it once whichever comes first
		Streams.Stream stream = this.streams.open(caller.id(), session, this.settings.streamTimeout(), lastEventId);
		this.fanout.opened(caller.id(), session);
		Streams.Replay replay = this.streams.replay(stream);
		List<Notification> missed = (replay != null)
				? this.entries.after(caller.id(), replay.after(), replay.gaps(), this.settings.replayLimit()) : List.of();
		Entries.Position position = this.entries.position(caller.id());
		this.streams.start(stream, position.seq(), missed, position.unread());
		return stream.emitter();
	}

}

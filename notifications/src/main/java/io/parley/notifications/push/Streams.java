package io.parley.notifications.push;

import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import io.parley.notifications.inbox.InboxItem;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * The event streams this instance holds: per person, one per session (a second stream of the same session
 * replaces the first). Nothing here is shared between instances; {@link PushFanout} brings every push to every
 * instance and each one writes to the streams it holds.
 */
@Component
public class Streams {

	private static final Logger log = LoggerFactory.getLogger(Streams.class);

	private final String instanceId = UUID.randomUUID().toString();

	private final Map<String, Map<String, SseEmitter>> open = new ConcurrentHashMap<>();

	private final AtomicInteger count = new AtomicInteger();

	String instanceId() {
		return this.instanceId;
	}

	SseEmitter open(String personId, String session, Duration timeout) {
		SseEmitter emitter = new SseEmitter(timeout.toMillis());
		SseEmitter previous = this.open.computeIfAbsent(personId, (key) -> new ConcurrentHashMap<>())
			.put(session, emitter);
		if (previous != null) {
			previous.complete();
		}
		else {
			this.count.incrementAndGet();
		}
		Runnable forget = () -> forget(personId, session, emitter);
		emitter.onCompletion(forget);
		emitter.onTimeout(forget);
		emitter.onError((ex) -> forget.run());
		return emitter;
	}

	/** How many streams this instance holds. */
	public int size() {
		return this.count.get();
	}

	void notification(String personId, long seq, InboxItem item, long unread) {
		forEach(personId, (emitter) -> {
			emitter.send(notificationEvent(seq, item));
			emitter.send(unreadEvent(unread));
		});
	}

	void unread(String personId, long unread) {
		forEach(personId, (emitter) -> emitter.send(unreadEvent(unread)));
	}

	static SseEmitter.SseEventBuilder notificationEvent(long seq, InboxItem item) {
		return SseEmitter.event().id(Long.toString(seq)).name("notification").data(item, MediaType.APPLICATION_JSON);
	}

	static SseEmitter.SseEventBuilder unreadEvent(long unread) {
		return SseEmitter.event().name("unread").data(Map.of("unread", unread), MediaType.APPLICATION_JSON);
	}

	/** Ends a session's stream here: the same session opened a new one on another instance. */
	void closeSession(String personId, String session) {
		Map<String, SseEmitter> streams = this.open.get(personId);
		SseEmitter emitter = (streams != null) ? streams.get(session) : null;
		if (emitter != null) {
			emitter.complete();
		}
	}

	/** Ends every stream of a person (offboarded: their token may live on for minutes, their stream must not). */
	void closePerson(String personId) {
		Map<String, SseEmitter> streams = this.open.get(personId);
		if (streams != null) {
			streams.values().forEach(SseEmitter::complete);
		}
	}

	/**
	 * A comment line on every stream: proxies see traffic and keep the connection, and a write to a dead
	 * connection fails and frees the stream.
	 */
	void heartbeat() {
		this.open.keySet().forEach((personId) -> forEach(personId, (emitter) -> emitter.send(SseEmitter.event().comment(""))));
	}

	private void forEach(String personId, Send send) {
		Map<String, SseEmitter> streams = this.open.get(personId);
		if (streams == null) {
			return;
		}
		streams.forEach((session, emitter) -> {
			try {
				send.to(emitter);
			}
			catch (IOException | IllegalStateException ex) {
				// the browser went away (or the stream completed meanwhile): drop it, the next reconnect replays
				log.debug("Stream of {} dropped: {}", personId, ex.toString());
				emitter.complete();
				forget(personId, session, emitter);
			}
		});
	}

	private void forget(String personId, String session, SseEmitter emitter) {
		this.open.computeIfPresent(personId, (key, streams) -> {
			if (streams.remove(session, emitter)) {
				this.count.decrementAndGet();
			}
			return streams.isEmpty() ? null : streams;
		});
	}

	@FunctionalInterface
	private interface Send {

		void to(SseEmitter emitter) throws IOException;

	}

}

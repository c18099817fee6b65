package io.parley.notifications.push;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.parley.notifications.inbox.InboxItem;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.mvc.method.annotation.ResponseBodyEmitter.DataWithMediaType;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * The event streams this instance holds: per person, one per session (a second stream of the same session
 * replaces the first). Nothing here is shared between instances; {@link PushFanout} brings every push to every
 * instance and each one writes to the streams it holds.
 */
@Component
public class Streams {

	private static final Logger log = LoggerFactory.getLogger(Streams.class);

	/** An empty comment. */
	private static final Set<DataWithMediaType> HEARTBEAT = text(":\n\n");

	private final String instanceId = UUID.randomUUID().toString();

	private final JsonMapper json;

	private final Map<String, Map<String, SseEmitter>> open = new ConcurrentHashMap<>();

	private final AtomicInteger count = new AtomicInteger();

	private final Counter opened;

	Streams(JsonMapper json, MeterRegistry meters) {
		this.json = json;
		Gauge.builder("parley.notifications.streams.open", this, Streams::size)
			.description("Event streams this instance holds open")
			.register(meters);
		this.opened = Counter.builder("parley.notifications.streams.opened")
			.description("Event streams opened (a reconnect is one more)")
			.register(meters);
	}

	String instanceId() {
		return this.instanceId;
	}

	SseEmitter open(String personId, String session, Duration timeout) {
		SseEmitter emitter = new SseEmitter(timeout.toMillis());
		this.opened.increment();
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

	/**
	 * The notice and the new unread count, rendered once for all of the person's streams (a broadcast to many
	 * sessions serialises nothing per stream) and written with one flush per stream.
	 */
	void notification(String personId, long seq, InboxItem item, long unread) {
		Set<DataWithMediaType> events = text(notificationEvent(seq, item) + unreadEvent(unread));
		forEach(personId, (emitter) -> emitter.send(events));
	}

	void unread(String personId, long unread) {
		Set<DataWithMediaType> event = text(unreadEvent(unread));
		forEach(personId, (emitter) -> emitter.send(event));
	}

	/** {@code id:}, {@code event:} and {@code data:} lines as {@code SseEmitter.event()} writes them. */
	String notificationEvent(long seq, InboxItem item) {
		return "id:" + seq + "\nevent:notification\ndata:" + this.json.writeValueAsString(item) + "\n\n";
	}

	static String unreadEvent(long unread) {
		return "event:unread\ndata:{\"unread\":" + unread + "}\n\n";
	}

	/** Encoded once: the bytes go to every stream as they are (the byte-array converter, no charset work). */
	static Set<DataWithMediaType> text(String events) {
		return Set.of(new DataWithMediaType(events.getBytes(StandardCharsets.UTF_8), MediaType.APPLICATION_OCTET_STREAM));
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

	/** Whose streams this instance holds. */
	Set<String> holders() {
		return Set.copyOf(this.open.keySet());
	}

	/**
	 * A comment line on every stream: proxies see traffic and keep the connection, and a write to a dead
	 * connection fails and frees the stream.
	 */
	void heartbeat() {
		this.open.keySet().forEach((personId) -> forEach(personId, (emitter) -> emitter.send(HEARTBEAT)));
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

package io.parley.notifications.push;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.parley.notifications.inbox.InboxItem;
import io.parley.notifications.inbox.Notification;
import org.jspecify.annotations.Nullable;
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
 * instance and each one writes to the streams it holds. Each stream keeps a {@link StreamCursor} of what it sent:
 * it skips what it has, notices positions it did not get (stored late, or pushed another way), and says so in
 * the SSE id, so neither an open stream nor a reconnect's replay passes over an entry.
 */
@Component
public class Streams {

	private static final Logger log = LoggerFactory.getLogger(Streams.class);

	/** An empty comment. */
	private static final Set<DataWithMediaType> HEARTBEAT = text(":\n\n");

	private final String instanceId = UUID.randomUUID().toString();

	private final JsonMapper json;

	private final Map<String, Map<String, Stream>> open = new ConcurrentHashMap<>();

	private final AtomicInteger count = new AtomicInteger();

	private final Counter opened;

	private final Clock clock;

	Streams(JsonMapper json, MeterRegistry meters, Clock clock) {
		this.json = json;
		this.clock = clock;
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

	/** Registers a stream before anything is read for it: what is stored meanwhile is pushed to it. */
	Stream open(String personId, String session, Duration timeout, @Nullable String lastEventId) {
		Stream stream = new Stream(new SseEmitter(timeout.toMillis()),
				StreamCursor.resume(lastEventId, this.clock.instant()));
		this.opened.increment();
		Stream previous = this.open.computeIfAbsent(personId, (key) -> new ConcurrentHashMap<>()).put(session, stream);
		if (previous != null) {
			previous.emitter().complete();
		}
		else {
			this.count.incrementAndGet();
		}
		SseEmitter emitter = stream.emitter();
		Runnable forget = () -> forget(personId, session, stream);
		emitter.onCompletion(forget);
		emitter.onTimeout(forget);
		emitter.onError((ex) -> forget.run());
		return stream;
	}

	/** What a reconnecting stream asks the inbox for (nothing for a fresh one). */
	@Nullable Replay replay(Stream stream) {
		synchronized (stream) {
			StreamCursor cursor = stream.cursor();
			return cursor.resumed() ? new Replay(cursor.high(), cursor.gaps()) : null;
		}
	}

	/**
	 * A stream's first write: of the replayed entries those it still lacks (a push may have brought some already),
	 * and the unread count. {@code position} is the person's last handed-out position, where a fresh stream begins.
	 */
	void start(Stream stream, long position, List<Notification> replayed, long unread) throws IOException {
		synchronized (stream) {
			Instant now = this.clock.instant();
			stream.cursor().begin(position, now);
			StringBuilder events = new StringBuilder();
			for (Notification entry : replayed) {
				String id = stream.cursor().found(entry.seq(), now);
				if (id != null) {
					events.append(notificationEvent(id, entry.item()));
				}
			}
			// the count carries the cursor as its id: a browser that got no notice yet reconnects from here too
			events.append("id:").append(stream.cursor().id()).append('\n').append(unreadEvent(unread));
			stream.emitter().send(text(events.toString()));
		}
	}

	/** How many streams this instance holds. */
	public int size() {
		return this.count.get();
	}

	/**
	 * The notice and the new unread count, rendered once for all of the person's streams (a broadcast to many
	 * sessions serialises nothing per stream) and written with one flush per stream. A stream with gaps gets its
	 * own id line; one that has the entry already gets nothing.
	 */
	void notification(String personId, long seq, InboxItem item, long unread) {
		String plainId = String.valueOf(seq);
		String events = notificationEvent(plainId, item) + unreadEvent(unread);
		Set<DataWithMediaType> plain = text(events);
		String afterId = events.substring(("id:" + plainId).length());
		Instant now = this.clock.instant();
		forEach(personId, (stream) -> {
			String id = stream.cursor().pushed(seq, now);
			if (id != null) {
				stream.emitter().send(id.equals(plainId) ? plain : text("id:" + id + afterId));
			}
		});
	}

	/** Entries read from the inbox for gaps the person's streams noticed: each stream sends those it lacks. */
	void found(String personId, List<Notification> entries) {
		if (entries.isEmpty()) {
			return;
		}
		Instant now = this.clock.instant();
		forEach(personId, (stream) -> {
			StringBuilder events = new StringBuilder();
			for (Notification entry : entries) {
				String id = stream.cursor().found(entry.seq(), now);
				if (id != null) {
					events.append(notificationEvent(id, entry.item()));
				}
			}
			if (!events.isEmpty()) {
				stream.emitter().send(text(events.toString()));
			}
		});
	}

	/** Per person, the positions their streams here have not been sent. */
	Map<String, Set<Long>> gaps() {
		Map<String, Set<Long>> gaps = new HashMap<>();
		this.open.forEach((personId, streams) -> streams.values().forEach((stream) -> {
			synchronized (stream) {
				if (stream.cursor().hasGaps()) {
					gaps.computeIfAbsent(personId, (key) -> new HashSet<>()).addAll(stream.cursor().gaps());
				}
			}
		}));
		return gaps;
	}

	/** Gives up on gaps noticed before {@code before}: those positions were handed out and never stored. */
	void expireGaps(Instant before) {
		this.open.values().forEach((streams) -> streams.values().forEach((stream) -> {
			synchronized (stream) {
				stream.cursor().expire(before);
			}
		}));
	}

	void unread(String personId, long unread) {
		Set<DataWithMediaType> event = text(unreadEvent(unread));
		forEach(personId, (stream) -> stream.emitter().send(event));
	}

	/** {@code id:}, {@code event:} and {@code data:} lines as {@code SseEmitter.event()} writes them. */
	private String notificationEvent(String id, InboxItem item) {
		return "id:" + id + "\nevent:notification\ndata:" + this.json.writeValueAsString(item) + "\n\n";
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
		Map<String, Stream> streams = this.open.get(personId);
		Stream stream = (streams != null) ? streams.get(session) : null;
		if (stream != null) {
			stream.emitter().complete();
		}
	}

	/** Ends every stream of a person (offboarded: their token may live on for minutes, their stream must not). */
	void closePerson(String personId) {
		Map<String, Stream> streams = this.open.get(personId);
		if (streams != null) {
			streams.values().forEach((stream) -> stream.emitter().complete());
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
		this.open.keySet().forEach((personId) -> forEach(personId, (stream) -> stream.emitter().send(HEARTBEAT)));
	}

	/** Runs {@code send} for each of the person's streams here, holding the stream's lock (its cursor and its writes). */
	private void forEach(String personId, Send send) {
		Map<String, Stream> streams = this.open.get(personId);
		if (streams == null) {
			return;
		}
		streams.forEach((session, stream) -> {
			try {
				synchronized (stream) {
					send.to(stream);
				}
			}
			catch (IOException | IllegalStateException ex) {
				// the browser went away (or the stream completed meanwhile): drop it, the next reconnect replays
				log.debug("Stream of {} dropped: {}", personId, ex.toString());
				stream.emitter().complete();
				forget(personId, session, stream);
			}
		});
	}

	private void forget(String personId, String session, Stream stream) {
		this.open.computeIfPresent(personId, (key, streams) -> {
			if (streams.remove(session, stream)) {
				this.count.decrementAndGet();
			}
			return streams.isEmpty() ? null : streams;
		});
	}

	/** One open stream: its emitter and what it sent, changed together under the stream's lock. */
	record Stream(SseEmitter emitter, StreamCursor cursor) {
	}

	/** A reconnect's replay: entries after {@code after} and at the {@code gaps}. */
	record Replay(long after, Collection<Long> gaps) {
	}

	@FunctionalInterface
	private interface Send {

		void to(Stream stream) throws IOException;

	}

}

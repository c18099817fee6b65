package io.parley.notifications;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;

import org.jspecify.annotations.Nullable;

/**
 * A browser's {@code EventSource}, as far as the tests need it: one stream, its events parsed into
 * {@link Event}s, {@code Last-Event-ID} on connect, and whether the server ended the stream.
 */
final class SseClient implements AutoCloseable {

	/** One event; {@code receivedNanos} is {@link System#nanoTime()} when its last line was read. */
	record Event(@Nullable String id, String name, String data, long receivedNanos) {
	}

	private final List<Event> events = new CopyOnWriteArrayList<>();

	private final Stream<String> lines;

	private volatile boolean ended;

	private SseClient(Stream<String> lines) {
		this.lines = lines;
		Thread reader = new Thread(this::read, "sse-client");
		reader.setDaemon(true);
		reader.start();
	}

	static SseClient connect(int port, String token, @Nullable String lastEventId) throws Exception {
		HttpRequest.Builder request = HttpRequest
			.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/notifications/stream"))
			.header("Authorization", "Bearer " + token)
			.header("Accept", "text/event-stream")
			.timeout(Duration.ofMinutes(5));
		if (lastEventId != null) {
			request.header("Last-Event-ID", lastEventId);
		}
		HttpResponse<Stream<String>> response = HttpClient.newHttpClient()
			.send(request.build(), HttpResponse.BodyHandlers.ofLines());
		if (response.statusCode() != 200) {
			throw new IllegalStateException("stream answered " + response.statusCode());
		}
		return new SseClient(response.body());
	}

	private void read() {
		String id = null;
		String name = "message";
		StringBuilder data = new StringBuilder();
		try {
			for (Iterator<String> it = this.lines.iterator(); it.hasNext();) {
				String line = it.next();
				if (line.isEmpty()) {
					if (data.length() > 0) {
						this.events.add(new Event(id, name, data.toString(), System.nanoTime()));
					}
					id = null;
					name = "message";
					data.setLength(0);
				}
				else if (line.startsWith("id:")) {
					id = line.substring(3).trim();
				}
				else if (line.startsWith("event:")) {
					name = line.substring(6).trim();
				}
				else if (line.startsWith("data:")) {
					data.append(line.substring(5).trim());
				}
			}
		}
		catch (RuntimeException ex) {
			// closed by us, or the connection broke: either way the stream is over
		}
		this.ended = true;
	}

	List<Event> events() {
		return List.copyOf(this.events);
	}

	List<Event> notifications() {
		return this.events.stream().filter((event) -> event.name().equals("notification")).toList();
	}

	/** The id of the last notification received, what a browser sends as {@code Last-Event-ID}. */
	@Nullable String lastEventId() {
		List<Event> received = notifications();
		return received.isEmpty() ? null : received.get(received.size() - 1).id();
	}

	boolean ended() {
		return this.ended;
	}

	@Override
	public void close() {
		this.lines.close();
	}

}

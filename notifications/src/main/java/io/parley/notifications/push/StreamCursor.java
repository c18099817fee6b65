package io.parley.notifications.push;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;
import java.util.TreeMap;

import org.jspecify.annotations.Nullable;

/**
 * What one stream has sent, and the SSE id that tells it: {@code high} is the highest stream position sent (or where
 * the stream began), {@code gaps} the positions below it that were not sent, each with when it was noticed. The id is
 * {@code high}, or {@code high:gap,gap} while there are gaps, so a reconnect's {@code Last-Event-ID} names both and
 * the replay brings what is after {@code high} and what is in the gaps, and nothing the browser already has.
 * <p>
 * Gaps are normal: a position is handed out before its entry is stored, so two deliveries for one person can store
 * (and push) 9 before 8, and pushes cross instances by different roads. A gap is also left by a position that is
 * never stored (an insert that collided or failed, an instance that died in between); such a gap is forgotten after a
 * while ({@link #expire}), and at most {@link #MOST_GAPS} are kept, the newest.
 * <p>
 * Not thread-safe: {@link Streams} holds the stream's lock around a cursor change and the write that goes with it,
 * so the id the browser last saw always describes what it was sent.
 */
final class StreamCursor {

	static final int MOST_GAPS = 32;

	private static final long UNKNOWN = -1;

	/** Highest position sent; before it is known ({@link #UNKNOWN}) the stream sends everything. */
	private long high;

	/**
	 * Where a stream opened without {@code Last-Event-ID} began: a push at or below it is an entry whose position was
	 * handed out before the stream opened and stored after, which the stream sends (nothing replays on such a stream,
	 * so it cannot have it twice).
	 */
	private long baseline;

	private final boolean resumed;

	private final NavigableMap<Long, Instant> gaps = new TreeMap<>();

	/** Pushes sent on a fresh stream before {@link #begin} told where it began. */
	private @Nullable List<Long> early;

	private StreamCursor(long high, boolean resumed) {
		this.high = high;
		this.baseline = high;
		this.resumed = resumed;
	}

	/** A stream opened with {@code lastEventId} ({@code null} or not one of ours: a fresh stream). */
	static StreamCursor resume(@Nullable String lastEventId, Instant now) {
		if (lastEventId == null) {
			return fresh();
		}
		String[] parts = lastEventId.trim().split(":", 2);
		Long high = number(parts[0]);
		if (high == null || high < 0) {
			return fresh();
		}
		StreamCursor cursor = new StreamCursor(high, true);
		if (parts.length == 2) {
			for (String gap : parts[1].split(",", MOST_GAPS + 1)) {
				Long position = number(gap);
				if (position != null && position > 0 && position < high) {
					cursor.gaps.put(position, now);
				}
			}
			cursor.trim();
		}
		return cursor;
	}

	private static StreamCursor fresh() {
		StreamCursor cursor = new StreamCursor(UNKNOWN, false);
		cursor.early = new ArrayList<>();
		return cursor;
	}

	/** Whether the stream asks for a replay (it was opened with one of our ids). */
	boolean resumed() {
		return this.resumed;
	}

	/** A fresh stream learns where it began: the person's last handed-out position, read after it was registered. */
	void begin(long position, Instant now) {
		if (this.resumed || this.early == null) {
			return;
		}
		this.baseline = position;
		this.high = position;
		List<Long> sent = this.early;
		this.early = null;
		for (long seq : sent.stream().sorted().toList()) {
			if (seq > this.high) {
				sentAbove(seq, now);
			}
		}
	}

	/** Replay from here: positions after it, and {@link #gaps()}. */
	long high() {
		return this.high;
	}

	Set<Long> gaps() {
		return Set.copyOf(this.gaps.keySet());
	}

	boolean hasGaps() {
		return !this.gaps.isEmpty();
	}

	/** A push for {@code seq}: the id to send it with, or {@code null} if this stream has sent it already. */
	@Nullable String pushed(long seq, Instant now) {
		if (this.early != null) {
			this.early.add(seq);
			return String.valueOf(this.early.stream().mapToLong(Long::longValue).max().orElse(seq));
		}
		if (!this.resumed && seq <= this.baseline) {
			return id();
		}
		return found(seq, now);
	}

	/**
	 * An entry read from the inbox (a replay, or a gap asked for): the id to send it with, or {@code null} if the
	 * stream has it or never asked for it.
	 */
	@Nullable String found(long seq, Instant now) {
		if (this.early != null) {
			return null; // nothing to ask for before the stream knows where it began
		}
		if (seq > this.high) {
			sentAbove(seq, now);
			return id();
		}
		return (this.gaps.remove(seq) != null) ? id() : null;
	}

	private void sentAbove(long seq, Instant now) {
		// positions between the last one sent and this one are not stored yet, or their push went another way
		for (long gap = Math.max(this.high + 1, seq - MOST_GAPS); gap < seq; gap++) {
			this.gaps.put(gap, now);
		}
		this.high = seq;
		trim();
	}

	/** Forgets gaps noticed before {@code before}: positions handed out and never stored. */
	void expire(Instant before) {
		this.gaps.values().removeIf((noticed) -> noticed.isBefore(before));
	}

	/** {@code high}, or {@code high:gap,gap}: what the browser sends back as {@code Last-Event-ID}. */
	String id() {
		if (this.gaps.isEmpty()) {
			return String.valueOf(this.high);
		}
		StringBuilder id = new StringBuilder().append(this.high).append(':');
		for (Map.Entry<Long, Instant> gap : this.gaps.entrySet()) {
			id.append(gap.getKey()).append(',');
		}
		return id.substring(0, id.length() - 1);
	}

	private void trim() {
		while (this.gaps.size() > MOST_GAPS) {
			this.gaps.pollFirstEntry();
		}
	}

	private static @Nullable Long number(String text) {
		try {
			return Long.parseLong(text.trim());
		}
		catch (NumberFormatException ex) {
			return null;
		}
	}

}

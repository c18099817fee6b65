package io.parley.notifications.push;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class StreamCursorTests {

	private static final Instant NOW = Instant.parse("2026-12-08T10:00:00Z");

	@Test
	void givenAPushThatOvertookALowerPosition_whenItIsSent_thenItsIdNamesTheGapAndTheLowerOneIsStillTaken() {
		StreamCursor cursor = fresh(7);

		assertThat(cursor.pushed(9, NOW)).isEqualTo("9:8");
		assertThat(cursor.pushed(8, NOW)).isEqualTo("9");
		assertThat(cursor.pushed(8, NOW)).isNull();
		assertThat(cursor.pushed(9, NOW)).isNull();
	}

	@Test
	void givenTheIdWithAGap_whenAStreamResumesFromIt_thenItAsksForThePositionsAfterAndTheGapOnly() {
		StreamCursor cursor = StreamCursor.resume("12:9,11", NOW);

		assertThat(cursor.resumed()).isTrue();
		assertThat(cursor.high()).isEqualTo(12);
		assertThat(cursor.gaps()).containsExactlyInAnyOrder(9L, 11L);
		assertThat(cursor.found(10, NOW)).isNull();
		assertThat(cursor.found(11, NOW)).isEqualTo("12:9");
		assertThat(cursor.found(14, NOW)).isEqualTo("14:9,13");
	}

	@Test
	void givenAnIdOfBeforeGapsWereNamed_whenAStreamResumesFromIt_thenItReplaysAfterItAsBefore() {
		StreamCursor cursor = StreamCursor.resume("41", NOW);

		assertThat(cursor.high()).isEqualTo(41);
		assertThat(cursor.gaps()).isEmpty();
	}

	@Test
	void givenIdsThatAreNotOurs_whenAStreamOpensWithThem_thenItIsFreshAndGapsOutOfRangeAreIgnored() {
		assertThat(StreamCursor.resume("abc", NOW).resumed()).isFalse();
		assertThat(StreamCursor.resume("-3", NOW).resumed()).isFalse();
		assertThat(StreamCursor.resume(null, NOW).resumed()).isFalse();
		assertThat(StreamCursor.resume("5:0,5,9,x,4", NOW).gaps()).containsExactly(4L);
	}

	@Test
	void givenAFreshStream_whenAPositionHandedOutBeforeItOpenedIsStoredAfter_thenItIsSentAsToday() {
		StreamCursor cursor = fresh(7);

		assertThat(cursor.pushed(6, NOW)).isEqualTo("7");
		assertThat(cursor.gaps()).isEmpty();
	}

	@Test
	void givenPushesBeforeAFreshStreamKnowsWhereItBegan_whenItLearns_thenGapsAreThoseAboveTheBeginningNotSent() {
		StreamCursor cursor = StreamCursor.resume(null, NOW);
		assertThat(cursor.pushed(10, NOW)).isEqualTo("10");
		assertThat(cursor.pushed(8, NOW)).isEqualTo("10");
		assertThat(cursor.found(9, NOW)).isNull();

		cursor.begin(7, NOW);

		assertThat(cursor.gaps()).containsExactly(9L);
		assertThat(cursor.id()).isEqualTo("10:9");
	}

	@Test
	void givenAGapNeverStored_whenItsGraceHasPassed_thenItIsForgotten() {
		StreamCursor cursor = fresh(0);
		cursor.pushed(3, NOW);
		cursor.pushed(5, NOW.plusSeconds(30));

		cursor.expire(NOW.plusSeconds(10));

		assertThat(cursor.gaps()).containsExactly(4L);
		assertThat(cursor.id()).isEqualTo("5:4");
	}

	@Test
	void givenAJumpFarAboveTheLastPositionSent_whenSent_thenOnlyTheNewestGapsAreKept() {
		StreamCursor cursor = fresh(0);

		cursor.pushed(1000, NOW);

		assertThat(cursor.gaps()).hasSize(StreamCursor.MOST_GAPS).allMatch((gap) -> gap >= 1000 - StreamCursor.MOST_GAPS);
	}

	/**
	 * One person, one browser, one stream at a time, against a model of what can happen: positions handed out and
	 * stored in any order or never stored, pushes delivered in any order or lost, the stream breaking (the browser
	 * keeps the last id it saw) and reconnecting (registered, then the replay read, then pushes and the replay's
	 * write in any order), and heartbeats asking for gaps. At the end every stored entry has reached the browser
	 * exactly once.
	 */
	@Property(tries = 2000)
	void everyStoredEntryReachesTheBrowserExactlyOnce(
			@ForAll @Size(max = 60) List<@IntRange(min = 0, max = 8) Integer> steps,
			@ForAll @Size(max = 60) List<@IntRange(min = 0, max = 1000) Integer> picks) {
		Model model = new Model();
		for (int i = 0; i < steps.size(); i++) {
			model.step(steps.get(i), picks.isEmpty() ? i : picks.get(i % picks.size()));
		}
		model.finish();

		assertThat(model.received).as("entries received, and how often").containsOnlyKeys(model.stored)
			.allSatisfy((seq, times) -> assertThat(times).as("times %s was received", seq).isEqualTo(1));
	}

	private static StreamCursor fresh(long position) {
		StreamCursor cursor = StreamCursor.resume(null, NOW);
		cursor.begin(position, NOW);
		return cursor;
	}

	private static final class Model {

		long counter;

		final List<Long> handedOut = new ArrayList<>();

		final TreeSet<Long> stored = new TreeSet<>();

		final List<Long> pushes = new ArrayList<>();

		final Map<Long, Integer> received = new HashMap<>();

		@Nullable StreamCursor cursor = fresh(0);

		/** The stream's first write gave the browser an id (with its unread count). */
		@Nullable String browserId = "0";

		/** A replay read but not yet written (the stream was registered, the inbox was read). */
		@Nullable List<Long> replay;

		void step(int step, int pick) {
			switch (step) {
				case 0 -> {
					if (this.counter < StreamCursor.MOST_GAPS) { // more positions under way than a cursor keeps: a limit
						this.handedOut.add(++this.counter);
					}
				}
				case 1 -> {
					if (!this.handedOut.isEmpty()) {
						long seq = this.handedOut.remove(pick % this.handedOut.size());
						this.stored.add(seq);
						this.pushes.add(seq);
					}
				}
				case 2 -> {
					if (!this.pushes.isEmpty()) {
						long seq = this.pushes.remove(pick % this.pushes.size());
						if (this.cursor != null) {
							send(seq, this.cursor.pushed(seq, NOW));
						}
					}
				}
				case 3 -> {
					if (!this.pushes.isEmpty()) {
						this.pushes.remove(pick % this.pushes.size()); // lost on the broker
					}
				}
				case 4 -> {
					if (!this.handedOut.isEmpty()) {
						this.handedOut.remove(pick % this.handedOut.size()); // collided, or its instance died
					}
				}
				case 5 -> this.cursor = null; // the connection broke
				case 6 -> reconnect();
				case 7 -> writeReplay();
				default -> heartbeat();
			}
		}

		void reconnect() {
			if (this.cursor != null) {
				return;
			}
			this.cursor = StreamCursor.resume(this.browserId, NOW);
			StreamCursor reading = this.cursor;
			this.replay = this.stored.stream()
				.filter((seq) -> seq > reading.high() || reading.gaps().contains(seq))
				.toList();
		}

		void writeReplay() {
			if (this.cursor != null && this.replay != null) {
				for (long seq : this.replay) {
					send(seq, this.cursor.found(seq, NOW));
				}
				this.browserId = this.cursor.id();
				this.replay = null;
			}
		}

		void heartbeat() {
			if (this.cursor != null && this.replay == null) {
				for (long seq : this.cursor.gaps()) {
					if (this.stored.contains(seq)) {
						send(seq, this.cursor.found(seq, NOW));
					}
				}
			}
		}

		void send(long seq, @Nullable String id) {
			if (id != null) {
				this.received.merge(seq, 1, Integer::sum);
				this.browserId = id;
			}
		}

		/** Every delivery ends (stored or not), the pushes still under way are lost, the browser comes back once. */
		void finish() {
			this.handedOut.forEach(this.stored::add);
			this.handedOut.clear();
			this.pushes.clear();
			writeReplay();
			this.cursor = null;
			reconnect();
			writeReplay();
		}

	}

}

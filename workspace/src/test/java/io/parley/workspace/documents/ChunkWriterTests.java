package io.parley.workspace.documents;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

import com.mongodb.MongoException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The chunk writer against a store that records what it is asked: every chunk arrives once, numbered, with exactly
 * its content, several at once on other threads, with at most {@code IN_FLIGHT + 1}
 * buffers; the files document comes after the last chunk, with each chunk's SHA-256; and every way an upload can end (finish, abort, a
 * writer failing, the files document failing) ends it once, deleting the chunks when it did not finish.
 */
class ChunkWriterTests {

	private static final int CHUNK = 1024;

	private final ExecutorService writers = Executors.newCachedThreadPool();

	@AfterEach
	void stop() {
		this.writers.shutdownNow();
	}

	@Test
	void givenChunks_whenFinished_thenEachStoredOnceAsGridFsChunkOnWriterThreads_thenTheFileCompleted() {
		Recording store = new Recording(-1);
		ChunkWriter writer = ChunkWriter.start(store, CHUNK, this.writers);
		ByteArrayOutputStream expected = new ByteArrayOutputStream();
		Set<byte[]> buffers = Collections.newSetFromMap(new IdentityHashMap<>());
		for (int i = 0; i < 100; i++) {
			byte[] buffer = writer.buffer();
			buffers.add(buffer);
			int length = (i == 99) ? 17 : CHUNK;
			Arrays.fill(buffer, (byte) i);
			expected.write(buffer, 0, length);
			writer.write(buffer, length);
		}
		writer.finish();

		assertThat(store.content()).isEqualTo(expected.toByteArray());
		assertThat(store.chunks).hasSize(100);
		assertThat(store.chunks.values()).allSatisfy((data) -> assertThat(data.length).isIn(CHUNK, 17));
		assertThat(store.completed).containsExactly(99L * CHUNK + 17);
		assertThat(store.chunkSha256).hasSize(100 * ChunkWriter.HASH).isEqualTo(store.expectedChunkSha256());
		assertThat(store.discarded).isZero();
		assertThat(store.threads).doesNotContain(Thread.currentThread().getName());
		assertThat(buffers).hasSizeLessThanOrEqualTo(ChunkWriter.IN_FLIGHT + 1);
	}

	@Test
	void givenSlowInserts_whenWriting_thenSeveralAreInFlightAtOnce() throws Exception {
		CountDownLatch together = new CountDownLatch(ChunkWriter.IN_FLIGHT);
		AtomicInteger overlapped = new AtomicInteger();
		Recording store = new Recording(-1) {
			@Override
			public void insert(int n, byte[] data) {
				together.countDown();
				try {
					// the first inserts wait for each other: they return at once only if they run at the same time
					if (together.await(10, TimeUnit.SECONDS)) {
						overlapped.incrementAndGet();
					}
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
				}
				super.insert(n, data);
			}
		};
		ChunkWriter writer = ChunkWriter.start(store, CHUNK, this.writers);
		for (int i = 0; i < 10; i++) {
			writer.write(writer.buffer(), CHUNK);
		}
		writer.finish();

		assertThat(overlapped.get()).isEqualTo(10);
		assertThat(store.chunks).hasSize(10);
		assertThat(store.threads).hasSizeGreaterThanOrEqualTo(2);
	}

	@Test
	void givenReaderFailing_whenAborted_thenTheChunksHandedOverAreStoredThenDiscarded() {
		Recording store = new Recording(-1);
		ChunkWriter writer = ChunkWriter.start(store, CHUNK, this.writers);
		for (int i = 0; i < 3; i++) {
			writer.write(writer.buffer(), CHUNK);
		}
		writer.abort();
		writer.abort();

		assertThat(store.chunks).hasSize(3);
		assertThat(store.discarded).isEqualTo(1);
		assertThat(store.completed).isEmpty();
	}

	@Test
	void givenWriterFailing_whenTheReaderGoesOn_thenItGetsTheFailureAndTheFileIsDiscardedOnce() {
		Recording store = new Recording(2);
		ChunkWriter writer = ChunkWriter.start(store, CHUNK, this.writers);

		assertThatThrownBy(() -> {
			for (int i = 0; i < 100; i++) {
				writer.write(writer.buffer(), CHUNK);
			}
			writer.finish();
		}).isInstanceOf(MongoException.class).hasMessage("insert failed");
		writer.abort();

		assertThat(store.discarded).isEqualTo(1);
		assertThat(store.completed).isEmpty();
		assertThat(store.chunks.size()).isLessThan(100);
	}

	@Test
	void givenWriterFailingOnTheLastChunk_whenFinished_thenFinishThrowsAndDiscards() {
		Recording store = new Recording(0);
		ChunkWriter writer = ChunkWriter.start(store, CHUNK, this.writers);
		writer.write(writer.buffer(), 10);

		assertThatThrownBy(writer::finish).isInstanceOf(MongoException.class);
		writer.abort();

		assertThat(store.discarded).isEqualTo(1);
		assertThat(store.completed).isEmpty();
	}

	@Test
	void givenFilesDocumentFailing_whenFinished_thenFinishThrowsAndDiscards() {
		Recording store = new Recording(-1) {
			@Override
			public void complete(long length, byte[] chunkSha256) {
				throw new MongoException("files insert failed");
			}
		};
		ChunkWriter writer = ChunkWriter.start(store, CHUNK, this.writers);
		writer.write(writer.buffer(), CHUNK);

		assertThatThrownBy(writer::finish).hasMessage("files insert failed");
		writer.abort();

		assertThat(store.discarded).isEqualTo(1);
	}

	@Test
	void givenNoWriterThreadFree_whenWriting_thenTheCallerStoresItself() {
		CountDownLatch release = new CountDownLatch(1);
		ThreadPoolExecutor busy = new ThreadPoolExecutor(0, 1, 1, TimeUnit.SECONDS, new SynchronousQueue<>());
		try {
			busy.execute(() -> awaitQuietly(release));
			Recording store = new Recording(-1);
			ChunkWriter writer = ChunkWriter.start(store, CHUNK, busy);
			byte[] buffer = writer.buffer();
			writer.write(buffer, CHUNK);
			assertThat(writer.buffer()).isSameAs(buffer);
			writer.finish();

			assertThat(store.threads).containsExactly(Thread.currentThread().getName());
			assertThat(store.completed).containsExactly((long) CHUNK);
			assertThat(store.chunkSha256).isEqualTo(store.expectedChunkSha256());
		}
		finally {
			release.countDown();
			busy.shutdownNow();
		}
	}

	private static void awaitQuietly(CountDownLatch latch) {
		try {
			latch.await();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	/** Keeps a copy of each chunk by number, and fails on insert number {@code failAt} (0-based; -1: never). */
	private static class Recording implements ChunkWriter.ChunkStore {

		private final int failAt;

		private final AtomicInteger inserts = new AtomicInteger();

		final Map<Integer, byte[]> chunks = Collections.synchronizedMap(new TreeMap<>());

		final Set<String> threads = Collections.synchronizedSet(new HashSet<>());

		final List<Long> completed = new CopyOnWriteArrayList<>();

		volatile int discarded;

		volatile byte[] chunkSha256 = new byte[0];

		Recording(int failAt) {
			this.failAt = failAt;
		}

		@Override
		public void insert(int n, byte[] data) {
			this.threads.add(Thread.currentThread().getName());
			if (this.inserts.getAndIncrement() == this.failAt) {
				throw new MongoException("insert failed");
			}
			// the buffer goes back to the reader after this, as it does once MongoDB has the chunk: keep a copy
			assertThat(this.chunks.put(n, data.clone())).isNull();
		}

		@Override
		public void complete(long length, byte[] chunkSha256) {
			assertThat(this.chunks.keySet()).containsExactlyElementsOf(
					IntStream.range(0, this.chunks.size()).boxed().toList());
			this.completed.add(length);
			this.chunkSha256 = chunkSha256;
		}

		/** The SHA-256 of each stored chunk, one after the other, as {@link #complete} should have been given. */
		byte[] expectedChunkSha256() {
			ByteArrayOutputStream out = new ByteArrayOutputStream();
			this.chunks.values().forEach((data) -> out.writeBytes(DocumentContents.sha256().digest(data)));
			return out.toByteArray();
		}

		@Override
		public synchronized void discard() {
			this.discarded++;
		}

		byte[] content() {
			ByteArrayOutputStream out = new ByteArrayOutputStream();
			this.chunks.values().forEach(out::writeBytes);
			return out.toByteArray();
		}

	}

}

package io.parley.workspace.documents;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import com.mongodb.MongoException;
import com.mongodb.client.gridfs.GridFSUploadStream;
import org.bson.BsonObjectId;
import org.bson.BsonValue;
import org.bson.types.ObjectId;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The chunk writer against a GridFS stream that records what it is asked: chunks arrive in order on another thread,
 * at most two buffers exist, and every way an upload can end (close, abort, the writer failing) ends the stream once.
 */
class ChunkWriterTests {

	private static final int CHUNK = 1024;

	private final ExecutorService writers = Executors.newCachedThreadPool();

	@AfterEach
	void stop() {
		this.writers.shutdownNow();
	}

	@Test
	void givenChunks_whenFinished_thenWrittenInOrderOnAnotherThreadWithTwoBuffers() {
		Recording out = new Recording(-1);
		ChunkWriter writer = ChunkWriter.start(out, CHUNK, this.writers);
		ByteArrayOutputStream expected = new ByteArrayOutputStream();
		Set<byte[]> buffers = Collections.newSetFromMap(new IdentityHashMap<>());
		for (int i = 0; i < 100; i++) {
			byte[] buffer = writer.buffer();
			buffers.add(buffer);
			Arrays.fill(buffer, (byte) i);
			int length = (i == 99) ? 17 : CHUNK;
			expected.write(buffer, 0, length);
			writer.write(buffer, length);
		}
		writer.finish();

		assertThat(out.written.toByteArray()).isEqualTo(expected.toByteArray());
		assertThat(out.closed).isEqualTo(1);
		assertThat(out.aborted).isZero();
		assertThat(out.writerThread).isNotEqualTo(Thread.currentThread().getName());
		assertThat(buffers).hasSize(2);
	}

	@Test
	void givenReaderFailing_whenAborted_thenTheStreamIsAbortedAfterTheChunksHandedOver() {
		Recording out = new Recording(-1);
		ChunkWriter writer = ChunkWriter.start(out, CHUNK, this.writers);
		for (int i = 0; i < 3; i++) {
			writer.write(writer.buffer(), CHUNK);
		}
		writer.abort();
		writer.abort();

		assertThat(out.aborted).isEqualTo(1);
		assertThat(out.closed).isZero();
		assertThat(out.written.size()).isEqualTo(3 * CHUNK);
	}

	@Test
	void givenWriterFailing_whenTheReaderGoesOn_thenItGetsTheFailureAndTheStreamIsAbortedOnce() {
		Recording out = new Recording(2);
		ChunkWriter writer = ChunkWriter.start(out, CHUNK, this.writers);

		assertThatThrownBy(() -> {
			for (int i = 0; i < 100; i++) {
				writer.write(writer.buffer(), CHUNK);
			}
			writer.finish();
		}).isInstanceOf(MongoException.class).hasMessage("insert failed");
		writer.abort();

		assertThat(out.aborted).isEqualTo(1);
		assertThat(out.closed).isZero();
	}

	@Test
	void givenWriterFailingOnTheLastChunk_whenFinished_thenFinishThrows() {
		Recording out = new Recording(0);
		ChunkWriter writer = ChunkWriter.start(out, CHUNK, this.writers);
		writer.write(writer.buffer(), 10);

		assertThatThrownBy(writer::finish).isInstanceOf(MongoException.class);
		assertThat(out.aborted).isEqualTo(1);
	}

	@Test
	void givenNoWriterThreadFree_whenWriting_thenTheCallerWritesItself() {
		CountDownLatch release = new CountDownLatch(1);
		ThreadPoolExecutor busy = new ThreadPoolExecutor(0, 1, 1, TimeUnit.SECONDS, new SynchronousQueue<>());
		try {
			busy.execute(() -> awaitQuietly(release));
			Recording out = new Recording(-1);
			ChunkWriter writer = ChunkWriter.start(out, CHUNK, busy);
			byte[] buffer = writer.buffer();
			writer.write(buffer, CHUNK);
			assertThat(writer.buffer()).isSameAs(buffer);
			writer.finish();

			assertThat(out.writerThread).isEqualTo(Thread.currentThread().getName());
			assertThat(out.closed).isEqualTo(1);
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

	/** A GridFS stream that keeps what it is given, and fails on write number {@code failAt} (0-based; -1: never). */
	private static final class Recording extends GridFSUploadStream {

		private final ObjectId id = new ObjectId();

		private final int failAt;

		private final AtomicInteger writes = new AtomicInteger();

		final ByteArrayOutputStream written = new ByteArrayOutputStream();

		volatile int closed;

		volatile int aborted;

		volatile String writerThread = "";

		Recording(int failAt) {
			this.failAt = failAt;
		}

		@Override
		public ObjectId getObjectId() {
			return this.id;
		}

		@Override
		public BsonValue getId() {
			return new BsonObjectId(this.id);
		}

		@Override
		public synchronized void abort() {
			this.aborted++;
		}

		@Override
		public void write(int b) {
			write(new byte[] { (byte) b }, 0, 1);
		}

		@Override
		public void write(byte[] b) {
			write(b, 0, b.length);
		}

		@Override
		public synchronized void write(byte[] b, int off, int len) {
			this.writerThread = Thread.currentThread().getName();
			if (this.writes.getAndIncrement() == this.failAt) {
				throw new MongoException("insert failed");
			}
			this.written.write(b, off, len);
		}

		@Override
		public synchronized void close() {
			this.closed++;
		}

	}

}

package io.parley.workspace.documents;

import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicReference;

import org.jspecify.annotations.Nullable;

/**
 * Writes an upload's GridFS chunks (ADR 0018, 0022). The request thread reads and hashes a chunk in a buffer of the
 * chunk size, which becomes the chunk's {@code data} as it is; up to {@link #IN_FLIGHT} writer threads insert
 * chunks at once, in any order (a chunk is found by {@code files_id} and {@code n}, not by when it arrived), while
 * the request thread reads the next one. The thread that stores a chunk also hashes it (SHA-256 of its content, ADR
 * 0026), so that a download can check each chunk it reads without reading the others. When every chunk is stored
 * the files document is written with those hashes ({@link ChunkStore#complete}); on any failure every chunk written
 * is deleted.
 * <p>
 * {@code IN_FLIGHT + 1} buffers per upload and no more: the request thread waits for one when all are busy, which
 * is the backpressure towards the client. When no writer thread is free, the chunks are written on the request
 * thread, one at a time.
 */
final class ChunkWriter {

	/** Inserts of one upload at once: a round trip to MongoDB no longer waits for the one before it. */
	static final int IN_FLIGHT = 2;

	/** Bytes of one chunk's SHA-256. */
	static final int HASH = 32;

	/** Where the chunks of one GridFS file go. */
	interface ChunkStore {

		/** Stores chunk number {@code n}, {@code data} being all of its content; called from several threads at once. */
		void insert(int n, byte[] data);

		/**
		 * Every chunk is stored: writes the files document. {@code chunkSha256} holds the SHA-256 of chunk 0, 1, …
		 * one after the other, {@link #HASH} bytes each.
		 */
		void complete(long length, byte[] chunkSha256);

		/** Deletes every chunk of the file stored so far; never throws. */
		void discard();

	}

	/** A full buffer handed to the writers, or {@link #END}. */
	private record Chunk(byte[] buffer, int n, int length) {
	}

	private static final Chunk END = new Chunk(new byte[0], -1, 0);

	private final ChunkStore store;

	private final int chunkSize;

	private final LinkedBlockingQueue<Chunk> full = new LinkedBlockingQueue<>();

	/** Buffers back from the writers; an empty array means a writer failed. */
	private final LinkedBlockingQueue<byte[]> free = new LinkedBlockingQueue<>();

	private final List<CompletableFuture<Void>> writers = new ArrayList<>();

	private final AtomicReference<@Nullable RuntimeException> failure = new AtomicReference<>();

	/** Each stored chunk's SHA-256 by its number; filled by whichever thread stored it. */
	private final Map<Integer, byte[]> hashes = new ConcurrentHashMap<>();

	/** Hashes the chunks stored on the request thread (when no writer thread was free). */
	private final MessageDigest digest = DocumentContents.sha256();

	private int allocated;

	private byte @Nullable [] spare;

	private int next;

	private long length;

	private boolean ended;

	private ChunkWriter(ChunkStore store, int chunkSize, @Nullable Executor executor) {
		this.store = store;
		this.chunkSize = chunkSize;
		if (executor != null) {
			for (int i = 0; i < IN_FLIGHT; i++) {
				CompletableFuture<Void> done = new CompletableFuture<>();
				try {
					executor.execute(() -> drain(done));
					this.writers.add(done);
				}
				catch (RejectedExecutionException ex) {
					// every writer thread is busy: fewer inserts at once, or none beside the request thread
					break;
				}
			}
		}
	}

	/** Starts writing chunks to {@code store} on writer threads of {@code executor}, or on the caller's when none is free. */
	static ChunkWriter start(ChunkStore store, int chunkSize, @Nullable Executor executor) {
		return new ChunkWriter(store, chunkSize, executor);
	}

	/** A buffer of the chunk size for the next chunk. Waits while every buffer is taken; throws the writers' failure if they failed. */
	byte[] buffer() {
		if (this.writers.isEmpty()) {
			if (this.spare == null) {
				this.spare = new byte[this.chunkSize];
			}
			return this.spare;
		}
		byte[] buffer = this.free.poll();
		if (buffer == null && this.allocated < IN_FLIGHT + 1) {
			this.allocated++;
			return new byte[this.chunkSize];
		}
		if (buffer == null) {
			buffer = take();
		}
		if (buffer.length == 0) {
			// a writer failed: its exception leaves from here, finish() or abort(), whichever the caller reaches
			this.free.add(buffer);
			throw failed();
		}
		return buffer;
	}

	/** Hands over a buffer from {@link #buffer()} holding {@code length} bytes of content; it is not the caller's any more. */
	void write(byte[] buffer, int length) {
		int n = this.next++;
		this.length += length;
		if (this.writers.isEmpty()) {
			store(this.digest, n, buffer, length);
			return;
		}
		this.full.add(new Chunk(buffer, n, length));
	}

	/** Waits for every chunk to be stored, then writes the files document; throws (after deleting the chunks) if a write failed. */
	void finish() {
		end();
		RuntimeException failed = this.failure.get();
		if (failed != null) {
			this.store.discard();
			throw failed;
		}
		try {
			this.store.complete(this.length, hashes());
		}
		catch (RuntimeException ex) {
			this.store.discard();
			throw ex;
		}
	}

	/** Stops writing and deletes the chunks written so far; never throws. */
	void abort() {
		if (this.ended) {
			return;
		}
		end();
		this.store.discard();
	}

	/** Lets the writers store what was handed over and waits for them to stop. */
	private void end() {
		this.ended = true;
		if (this.writers.isEmpty()) {
			return;
		}
		this.full.add(END);
		CompletableFuture.allOf(this.writers.toArray(CompletableFuture[]::new)).join();
	}

	/** A writer thread: chunks until the end; after a failure it hands buffers back without writing them. */
	private void drain(CompletableFuture<Void> done) {
		MessageDigest digest = DocumentContents.sha256();
		try {
			while (true) {
				Chunk chunk = this.full.take();
				if (chunk == END) {
					// the other writers end on it too
					this.full.add(END);
					return;
				}
				if (this.failure.get() == null) {
					try {
						store(digest, chunk.n(), chunk.buffer(), chunk.length());
					}
					catch (RuntimeException ex) {
						if (this.failure.compareAndSet(null, ex)) {
							this.free.add(new byte[0]);
						}
					}
				}
				this.free.add(chunk.buffer());
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			if (this.failure.compareAndSet(null, new IllegalStateException("A GridFS writer was interrupted", ex))) {
				this.free.add(new byte[0]);
			}
		}
		finally {
			done.complete(null);
		}
	}

	/** Hashes a chunk, then stores it: the hash is of exactly the bytes handed to the store. */
	private void store(MessageDigest digest, int n, byte[] buffer, int length) {
		digest.update(buffer, 0, length);
		this.hashes.put(n, digest.digest());
		this.store.insert(n, data(buffer, length));
	}

	/** The chunks' hashes in the order of their numbers, once every chunk is stored. */
	private byte[] hashes() {
		byte[] all = new byte[this.next * HASH];
		for (int n = 0; n < this.next; n++) {
			System.arraycopy(this.hashes.get(n), 0, all, n * HASH, HASH);
		}
		return all;
	}

	private byte[] take() {
		try {
			return this.free.take();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted while waiting for the GridFS writers", ex);
		}
	}

	private RuntimeException failed() {
		RuntimeException failed = this.failure.get();
		return (failed != null) ? failed : new IllegalStateException("A GridFS writer failed");
	}

	/** The chunk's content as an array of its length: the buffer itself, unless it is the last, shorter chunk. */
	private static byte[] data(byte[] buffer, int length) {
		return (length == buffer.length) ? buffer : Arrays.copyOf(buffer, length);
	}

}

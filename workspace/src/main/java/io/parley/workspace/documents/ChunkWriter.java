package io.parley.workspace.documents;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;

import com.mongodb.client.gridfs.GridFSUploadStream;
import org.jspecify.annotations.Nullable;

/**
 * Writes an upload's GridFS chunks on a thread of its own, so that the request thread reads (and hashes) the next
 * chunk while the previous one is inserted: each insert is a round trip to MongoDB that the request thread would
 * otherwise wait for, with the client's bytes piling up in the socket meanwhile (ADR 0018).
 * <p>
 * Two chunk buffers per upload and no more: the one the request thread fills and the one being written; the request
 * thread waits for a buffer when both are busy, which is the backpressure towards the client. When no writer thread
 * is free, the chunks are written on the request thread, as before.
 */
final class ChunkWriter {

	private static final int BUFFERS = 2;

	/** A chunk handed to the writer; {@code bytes == null} ends the upload ({@code length} 0: close, -1: abort). */
	private record Chunk(byte @Nullable [] bytes, int length) {
	}

	private static final Chunk CLOSE = new Chunk(null, 0);

	private static final Chunk ABORT = new Chunk(null, -1);

	private final GridFSUploadStream out;

	private final int chunkSize;

	private final boolean pipelined;

	private final LinkedBlockingQueue<Chunk> full = new LinkedBlockingQueue<>();

	/** Buffers back from the writer; an empty array means the writer failed. */
	private final LinkedBlockingQueue<byte[]> free = new LinkedBlockingQueue<>();

	private final CompletableFuture<Void> done = new CompletableFuture<>();

	private int allocated;

	private byte @Nullable [] spare;

	private boolean ended;

	private ChunkWriter(GridFSUploadStream out, int chunkSize, @Nullable Executor writers) {
		this.out = out;
		this.chunkSize = chunkSize;
		boolean started = false;
		if (writers != null) {
			try {
				writers.execute(this::drain);
				started = true;
			}
			catch (RejectedExecutionException ex) {
				// every writer thread is busy: this upload writes on its request thread
			}
		}
		this.pipelined = started;
	}

	/** Starts writing to {@code out} on one of {@code writers}' threads, or on the caller's when none is free. */
	static ChunkWriter start(GridFSUploadStream out, int chunkSize, @Nullable Executor writers) {
		return new ChunkWriter(out, chunkSize, writers);
	}

	/** A buffer of the chunk size to fill; waits while both buffers are taken. */
	byte[] buffer() {
		if (!this.pipelined) {
			if (this.spare == null) {
				this.spare = new byte[this.chunkSize];
			}
			return this.spare;
		}
		byte[] buffer = this.free.poll();
		if (buffer == null && this.allocated < BUFFERS) {
			this.allocated++;
			return new byte[this.chunkSize];
		}
		if (buffer == null) {
			buffer = take();
		}
		if (buffer.length == 0) {
			// the writer failed: its exception leaves from finish() or abort(), whichever the caller reaches
			throw failure();
		}
		return buffer;
	}

	/** Hands over the first {@code length} bytes of a buffer from {@link #buffer()}; the buffer is not the caller's any more. */
	void write(byte[] buffer, int length) {
		if (!this.pipelined) {
			this.out.write(buffer, 0, length);
			return;
		}
		this.full.add(new Chunk(buffer, length));
	}

	/** Waits for every chunk to be written and closes the GridFS file. */
	void finish() {
		end(CLOSE);
	}

	/** Stops writing and deletes the chunks written so far; never throws. */
	void abort() {
		if (this.ended) {
			return;
		}
		try {
			end(ABORT);
		}
		catch (RuntimeException ex) {
			// the writer failed too, and aborted on its own
		}
	}

	private void end(Chunk how) {
		this.ended = true;
		if (!this.pipelined) {
			if (how == CLOSE) {
				this.out.close();
			}
			else {
				this.out.abort();
			}
			return;
		}
		this.full.add(how);
		try {
			this.done.join();
		}
		catch (CompletionException ex) {
			throw failure();
		}
	}

	/** The writer thread: chunks in order until the end, then close or abort; on a failure, abort and tell. */
	private void drain() {
		try {
			while (true) {
				Chunk chunk = this.full.take();
				if (chunk.bytes() == null) {
					if (chunk == CLOSE) {
						this.out.close();
					}
					else {
						this.out.abort();
					}
					this.done.complete(null);
					return;
				}
				this.out.write(chunk.bytes(), 0, chunk.length());
				this.free.add(chunk.bytes());
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			fail(new IllegalStateException("The GridFS writer was interrupted", ex));
		}
		catch (RuntimeException ex) {
			fail(ex);
		}
	}

	private void fail(RuntimeException ex) {
		try {
			// GridFS's abort deletes the chunks this stream wrote
			this.out.abort();
		}
		catch (RuntimeException abortFailure) {
			ex.addSuppressed(abortFailure);
		}
		this.done.completeExceptionally(ex);
		this.free.add(new byte[0]);
	}

	private byte[] take() {
		try {
			return this.free.take();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted while waiting for the GridFS writer", ex);
		}
	}

	private RuntimeException failure() {
		Throwable cause = this.done.handle((ignored, failure) -> failure).join();
		if (cause instanceof CompletionException completion && completion.getCause() != null) {
			cause = completion.getCause();
		}
		return (cause instanceof RuntimeException runtime) ? runtime
				: new IllegalStateException("The GridFS writer failed", cause);
	}

}

package io.parley.bench;

import java.util.concurrent.Flow;

/**
 * A server-sent event stream read line by line as the JDK client delivers them
 * ({@code HttpResponse.BodyHandlers.fromLineSubscriber}), without a thread of its own: each {@code data:} line is
 * handed over with the name of the {@code event:} before it, each comment line ({@code :}, the heartbeats) counted.
 */
public abstract class EventStreamLines implements Flow.Subscriber<String> {

	protected volatile boolean ended;

	private String event = "";

	private Flow.Subscription subscription;

	/** One {@code data:} line (without the prefix) of the event named {@code event}. */
	protected abstract void data(String event, String data);

	/** A comment line: the server's heartbeat. */
	protected void comment() {
	}

	public boolean ended() {
		return this.ended;
	}

	@Override
	public void onSubscribe(Flow.Subscription subscription) {
		this.subscription = subscription;
		subscription.request(Long.MAX_VALUE);
	}

	@Override
	public void onNext(String line) {
		if (line.startsWith(":")) {
			comment();
		}
		else if (line.startsWith("event:")) {
			this.event = line.substring(6).trim();
		}
		else if (line.startsWith("data:")) {
			data(this.event, line.substring(5));
		}
	}

	@Override
	public void onError(Throwable throwable) {
		this.ended = true;
	}

	@Override
	public void onComplete() {
		this.ended = true;
	}

	/** Stops reading: the connection is given up. */
	protected void cancel() {
		if (this.subscription != null) {
			this.subscription.cancel();
		}
	}

}

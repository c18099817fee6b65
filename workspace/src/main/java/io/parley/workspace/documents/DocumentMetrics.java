package io.parley.workspace.documents;

import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.stereotype.Component;
import org.springframework.web.ErrorResponse;

/**
 * What operators watch about documents (ADR 0036), every meter registered at start so that it shows 0 before the
 * first upload:
 * <ul>
 * <li>{@code parley.documents.uploads} by {@code outcome}: {@code stored}, {@code refused} (the caller's request was
 * answered with a 4xx: too large, wrong label, not a member, interrupted by the client) or {@code failed} (anything
 * else: the portal could not store what it was given);</li>
 * <li>{@code parley.documents.scans} by {@code outcome}: {@code clean}, {@code infected} (quarantined) or
 * {@code failed} (clamd gave no verdict; the version stays pending and is tried again);</li>
 * <li>{@code parley.documents.scans.pending}: versions waiting for a verdict, as the last rescan found them.</li>
 * </ul>
 */
@Component
class DocumentMetrics {

	private final Map<String, Counter> uploads;

	private final Map<String, Counter> scans;

	private final AtomicLong pendingScans = new AtomicLong();

	DocumentMetrics(MeterRegistry meters) {
		this.uploads = counters(meters, "parley.documents.uploads", "Document uploads and new versions, by outcome",
				"stored", "refused", "failed");
		this.scans = counters(meters, "parley.documents.scans", "Malware scans of stored versions, by outcome",
				"clean", "infected", "failed");
		Gauge.builder("parley.documents.scans.pending", this.pendingScans, AtomicLong::get)
			.description("Versions waiting for a scan verdict at the last rescan")
			.register(meters);
	}

	private static Map<String, Counter> counters(MeterRegistry meters, String name, String description,
			String... outcomes) {
		Map<String, Counter> counters = new java.util.HashMap<>();
		for (String outcome : outcomes) {
			counters.put(outcome,
					Counter.builder(name).description(description).tag("outcome", outcome).register(meters));
		}
		return Map.copyOf(counters);
	}

	/** Runs an upload and counts how it ended. */
	<T> T upload(Supplier<T> upload) {
		try {
			T stored = upload.get();
			this.uploads.get("stored").increment();
			return stored;
		}
		catch (RuntimeException ex) {
			boolean callersFault = ex instanceof ErrorResponse response && response.getStatusCode().is4xxClientError();
			this.uploads.get(callersFault ? "refused" : "failed").increment();
			throw ex;
		}
	}

	void scanned(String outcome) {
		this.scans.get(outcome).increment();
	}

	void pendingScans(long versions) {
		this.pendingScans.set(versions);
	}

}

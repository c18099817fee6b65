package io.parley.workspace.documents;

import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import io.parley.platform.events.EventRecorder;
import io.parley.platform.events.contract.DocumentQuarantined;
import io.parley.workspace.audit.AuditTrail;
import io.parley.workspace.documents.StoredDocument.Version;
import io.parley.workspace.scanning.MalwareScanner;
import io.parley.workspace.scanning.ScanVerdict;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import static org.springframework.data.mongodb.core.query.Criteria.where;

/**
 * Scans every stored version with clamd, after the upload has answered (a scan of 100 MB takes longer than a
 * client should wait): the version is {@code PENDING} until the verdict, then {@code CLEAN}, or {@code QUARANTINED}
 * with {@link DocumentQuarantined} recorded in the same update. A scanner that gives no verdict leaves the version
 * pending; {@link #rescanPending()} tries again, which also covers versions stored just before a restart.
 */
@Component
class DocumentScans {

	private static final Logger log = LoggerFactory.getLogger(DocumentScans.class);

	private final MongoTemplate mongo;

	private final EventRecorder events;

	private final DocumentContents contents;

	private final MalwareScanner scanner;

	private final AuditTrail audit;

	private final DocumentMetrics metrics;

	/** Two scans at a time: clamd is CPU-bound, and this service's machine has other work. */
	private final ExecutorService executor = Executors.newFixedThreadPool(2, (task) -> {
		Thread thread = new Thread(task, "document-scan");
		thread.setDaemon(true);
		return thread;
	});

	private final Set<String> inFlight = ConcurrentHashMap.newKeySet();

	DocumentScans(MongoTemplate mongo, EventRecorder events, DocumentContents contents, MalwareScanner scanner,
			AuditTrail audit, DocumentMetrics metrics) {
		this.metrics = metrics;
		this.mongo = mongo;
		this.events = events;
		this.contents = contents;
		this.scanner = scanner;
		this.audit = audit;
	}

	void submit(UUID documentId, int version) {
		if (!this.scanner.configured()) {
			return;
		}
		String key = documentId + "/" + version;
		if (this.inFlight.add(key)) {
			this.executor.execute(() -> {
				try {
					scan(documentId, version);
				}
				finally {
					this.inFlight.remove(key);
				}
			});
		}
	}

	@Scheduled(fixedDelayString = "${parley.workspace.scanning.rescan-interval:1m}",
			initialDelayString = "${parley.workspace.scanning.rescan-interval:1m}")
	void rescanPending() {
		if (!this.scanner.configured()) {
			return;
		}
		Query pending = new Query(where("versions.scan").is(ScanStatus.PENDING.name()).and("purged").is(false));
		long versions = 0;
		for (StoredDocument document : this.mongo.find(pending, StoredDocument.class)) {
			for (Version version : document.versions()) {
				if (version.scan() == ScanStatus.PENDING) {
					versions++;
					submit(document.id(), version.version());
				}
			}
		}
		this.metrics.pendingScans(versions);
	}

	private void scan(UUID documentId, int number) {
		StoredDocument document = this.mongo.findById(documentId, StoredDocument.class);
		if (document == null || document.versions().size() < number) {
			return;
		}
		Version version = document.versions().get(number - 1);
		if (version.scan() != ScanStatus.PENDING) {
			return;
		}
		ScanVerdict verdict;
		try (InputStream content = this.contents.open(version.contentId())) {
			verdict = this.scanner.scan(content);
		}
		catch (IOException | RuntimeException ex) {
			log.warn("Scanning document {} version {} failed, it stays pending: {}", documentId, number,
					ex.toString());
			this.metrics.scanned("failed");
			return;
		}
		this.metrics.scanned((verdict instanceof ScanVerdict.Infected) ? "infected" : "clean");
		String at = "versions." + (number - 1) + ".";
		Query stillPending = new Query(
				where("_id").is(documentId).and(at + "version").is(number).and(at + "scan").is("PENDING"));
		if (verdict instanceof ScanVerdict.Infected infected) {
			quarantine(document, version, stillPending, at, infected.signature());
		}
		else {
			this.mongo.updateFirst(stillPending, new Update().set(at + "scan", ScanStatus.CLEAN.name()),
					StoredDocument.class);
			log.info("Document {} version {} scanned clean", documentId, number);
		}
	}

	/**
	 * The version number the event carries is read from the stored document, so the update is conditional on it
	 * too: a concurrent change makes it miss, and the next round (rescan) tries again.
	 */
	private void quarantine(StoredDocument document, Version version, Query stillPending, String at,
			String signature) {
		Query query = Query.of(stillPending).addCriteria(where("version").is(document.version()));
		Update update = new Update().set(at + "scan", ScanStatus.QUARANTINED.name())
			.set(at + "scanFinding", signature)
			.inc("version", 1);
		var event = this.events.event(document.id().toString(), document.version() + 1,
				new DocumentQuarantined(document.workspaceId(), document.id(), version.version(),
						UUID.fromString(version.uploadedBy()), signature));
		if (this.events.update(query, update, StoredDocument.class, event).getModifiedCount() > 0) {
			log.warn("Document {} version {} quarantined: {}", document.id(), version.version(), signature);
			this.audit.record(document.workspaceId(), "system", "document.quarantined", document.id().toString(),
					Map.of("version", Integer.toString(version.version()), "finding", signature));
		}
		else {
			log.info("Document {} changed while version {} was scanned; the next rescan records the finding",
					document.id(), version.version());
		}
	}

}

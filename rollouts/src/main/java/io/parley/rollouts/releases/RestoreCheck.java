package io.parley.rollouts.releases;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import io.parley.platform.backup.PendingEvents;
import io.parley.platform.backup.RestoreCheckRunner;
import io.parley.platform.events.EventsProperties;
import org.bson.Document;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.stereotype.Service;

/**
 * What an operator runs against a restored rollouts database (ADRs 0037, 0040). A release's state, timeline and
 * pending events are one document written in one update, so no backup can restore a state without its events; the
 * check still reads every release the way the service does and confirms it (a damaged or hand-edited document would
 * otherwise fail the first command on it). What a backup taken at different moments can split is a release from the
 * records next to it:
 * <ul>
 * <li>{@code unknownWorkspace}: a release in a workspace that rollouts' copy of the workspaces ({@code workspaces},
 * kept from workspace's events) does not have; it was read before the workspace and the release were made. Until
 * rollouts has that workspace and its members again, nobody's access to the release can be decided.</li>
 * <li>{@code reportsWithoutRelease}: health report points ({@code health_reports}) of a release that is not there;
 * harmless (only a release's chart reads them), listed so that the operator knows where they came from.</li>
 * </ul>
 * and, as every service's check, the events still pending in the outbox. Read-only.
 */
@Service
public class RestoreCheck {

	static final int MAX_LISTED = 100;

	private static final Logger log = LoggerFactory.getLogger(RestoreCheck.class);

	private final MongoTemplate mongo;

	private final List<String> outboxCollections;

	private final Clock clock;

	@Autowired
	RestoreCheck(MongoTemplate mongo, EventsProperties events) {
		this(mongo, events.relay().collections(), Clock.systemUTC());
	}

	RestoreCheck(MongoTemplate mongo, List<String> outboxCollections, Clock clock) {
		this.mongo = mongo;
		this.outboxCollections = outboxCollections;
		this.clock = clock;
	}

	/**
	 * @param valid every release reads and agrees with itself and its pending events, and every workspace a release
	 * is in is known (pending events and report points without a release do not make it invalid)
	 * @param damaged release ids (the first {@value #MAX_LISTED}) with what is wrong
	 * @param unknownWorkspace release ids
	 * @param reportsWithoutRelease report points whose release is not there
	 */
	public record Report(boolean valid, Instant checkedAt, Duration took, long releases, List<String> damaged,
			List<String> unknownWorkspace, long reportsWithoutRelease, PendingEvents outbox)
			implements RestoreCheckRunner.Verdict {
	}

	public Report run() {
		Instant started = this.clock.instant();
		Set<String> workspaces = new HashSet<>();
		this.mongo.findAll(Document.class, "workspaces").forEach((found) -> workspaces.add(String.valueOf(found.get("_id"))));
		Set<Object> releaseIds = new HashSet<>();
		List<String> damaged = new ArrayList<>();
		List<String> unknownWorkspace = new ArrayList<>();
		long releases = 0;
		for (Document document : this.mongo.findAll(Document.class, ReleaseStore.COLLECTION)) {
			releases++;
			releaseIds.add(document.get("_id"));
			String id = String.valueOf(document.get("_id"));
			String problem = problem(document);
			if (problem != null) {
				log.error("Restore check: release {} {}", id, problem);
				listed(damaged, id + ": " + problem);
				continue;
			}
			if (!workspaces.contains(String.valueOf(document.get("workspaceId")))) {
				log.error("Restore check: release {} in workspace {}, which rollouts does not know", id,
						document.get("workspaceId"));
				listed(unknownWorkspace, id);
			}
		}
		long orphans = 0;
		Query points = new Query();
		points.fields().include("releaseId");
		for (Document point : this.mongo.find(points, Document.class, ReleaseStore.SERIES)) {
			if (!releaseIds.contains(point.get("releaseId"))) {
				orphans++;
			}
		}
		boolean valid = damaged.isEmpty() && unknownWorkspace.isEmpty();
		PendingEvents outbox = PendingEvents.in(this.mongo, this.outboxCollections);
		Report report = new Report(valid, started, Duration.between(started, this.clock.instant()), releases,
				List.copyOf(damaged), List.copyOf(unknownWorkspace), orphans, outbox);
		log.info("Restore check: valid={} releases={} damaged={} unknownWorkspace={} reportsWithoutRelease={} "
				+ "pendingEvents={} took={}", valid, releases, damaged.size(), unknownWorkspace.size(), orphans,
				outbox.total(), report.took());
		return report;
	}

	/** What is wrong with a stored release, or null: it reads as the service reads it and agrees with itself. */
	private static @Nullable String problem(Document document) {
		Release.Snapshot release;
		try {
			release = ReleaseDocuments.read(document);
		}
		catch (RuntimeException ex) {
			return "does not read: " + ex;
		}
		ReleaseState state = release.state();
		if ((state == ReleaseState.IN_RING || state == ReleaseState.HALTED) && release.currentRing() == null) {
			return "is " + state + " in no ring";
		}
		if (state == ReleaseState.HALTED && release.halt() == null) {
			return "is HALTED without a halt";
		}
		// platform's outbox keeps each pending event as the exact envelope it will publish (ADR 0005)
		for (Document pending : document.getList("_outbox", Document.class, List.of())) {
			Document event = Document.parse(pending.getString("body"));
			Object version = event.get("aggregateVersion");
			if (!String.valueOf(release.id()).equals(event.getString("aggregateId"))
					|| !(version instanceof Number number) || number.longValue() > release.revision()) {
				return "holds a pending event " + pending.get("id") + " that is not its own or is ahead of it (version "
						+ version + ", release at revision " + release.revision() + ")";
			}
		}
		return null;
	}

	private static void listed(List<String> found, String what) {
		if (found.size() < MAX_LISTED) {
			found.add(what);
		}
	}

}

package io.parley.workspace.releases;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

import io.parley.platform.events.EventEnvelope;
import io.parley.platform.events.EventSubscription;
import io.parley.platform.events.contract.ReleaseCancelled;
import io.parley.platform.events.contract.ReleaseCompleted;
import io.parley.platform.events.contract.ReleaseDeclared;
import io.parley.platform.events.contract.ReleaseHalted;
import io.parley.platform.events.contract.ReleaseResumed;
import io.parley.platform.events.contract.ReleaseRolledBack;
import io.parley.platform.events.contract.ReleaseScheduled;
import io.parley.platform.events.contract.ReleaseSummary;
import io.parley.platform.events.contract.RingStarted;
import io.parley.platform.events.contract.SignOffRecorded;
import io.parley.platform.events.contract.WorkspaceMemberRemoved;
import io.parley.workspace.audit.AuditTrail;
import io.parley.workspace.audit.PendingEntry;
import io.parley.workspace.workspaces.Workspaces;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Service;

import static org.springframework.data.mongodb.core.query.Criteria.where;

/**
 * Workspace as a consumer of {@code rollouts.release.*}: each event is one entry in the audit chain of the release's
 * workspace (action {@code release.<event>}, e.g. {@code release.halted}; subject the release id; details what the
 * event carries), and a halt may open the release's war room ({@link WarRooms}).
 * <p>
 * Idempotent by event id: an entry's id is derived from the event's id and the chain's workspace
 * ({@link #entryId}), and {@link AuditTrail#append} appends an id once, across instances too (the entry id is the
 * audit collection's {@code _id}). A redelivered event, or one two instances handle at once, therefore adds nothing;
 * and the entry is appended before the message is acknowledged, so a crash in between only redelivers it.
 */
@Service
public class ReleaseEvents {

	private static final Logger log = LoggerFactory.getLogger(ReleaseEvents.class);

	private static final String TYPE_PREFIX = "rollouts.release.";

	private final MongoTemplate mongo;

	private final AuditTrail trail;

	private final Workspaces workspaces;

	private final WarRooms warRooms;

	ReleaseEvents(MongoTemplate mongo, AuditTrail trail, Workspaces workspaces, WarRooms warRooms) {
		this.mongo = mongo;
		this.trail = trail;
		this.workspaces = workspaces;
		this.warRooms = warRooms;
	}

	/**
	 * Adds a handler for every {@code rollouts.release.*} event to workspace's subscription, and one for workspace's
	 * own {@code membership.removed}, which war rooms follow.
	 */
	public EventSubscription bind(EventSubscription subscription) {
		return subscription.on(ReleaseDeclared.class, this::on)
			.on(ReleaseScheduled.class, this::on)
			.on(RingStarted.class, this::on)
			.on(SignOffRecorded.class, this::on)
			.on(ReleaseHalted.class, this::on)
			.on(ReleaseResumed.class, this::on)
			.on(ReleaseRolledBack.class, this::on)
			.on(ReleaseCompleted.class, this::on)
			.on(ReleaseCancelled.class, this::on)
			.on(WorkspaceMemberRemoved.class, this.warRooms::memberLeft);
	}

	void on(ReleaseDeclared event, EventEnvelope envelope) {
		audit(envelope, event.release(), event.actorId(),
				details(event.release()).with("rings", Integer.toString(event.rings())));
	}

	void on(ReleaseScheduled event, EventEnvelope envelope) {
		audit(envelope, event.release(), event.actorId(), details(event.release()).with("start", event.start().toString())
			.with("calendarConflicts", String.join("; ", event.calendarConflicts())));
	}

	void on(RingStarted event, EventEnvelope envelope) {
		audit(envelope, event.release(), event.actorId(), details(event.release()).ring(event.ring())
			.with("ringName", event.ringName())
			.with("signOffOrganisations", String.join(", ", event.signOffOrganisations())));
	}

	void on(SignOffRecorded event, EventEnvelope envelope) {
		audit(envelope, event.release(), event.actorId(), details(event.release()).ring(event.ring())
			.with("organisation", event.organisationId())
			.with("decision", event.decision())
			.with("reason", event.reason()));
	}

	/** Audited in the release's workspace first, then the war room; a redelivery repeats both harmlessly. */
	void on(ReleaseHalted event, EventEnvelope envelope) {
		Details details = details(event.release()).ring(event.ring())
			.with("reason", event.reason())
			.with("automatic", Boolean.toString(event.automatic()))
			.with("breaches", event.breaches().stream().map(ReleaseEvents::breach).collect(Collectors.joining("; ")))
			.with("participants", String.join(", ", event.participants()))
			.with("openWarRoom", Boolean.toString(event.openWarRoom()));
		audit(envelope, event.release(), event.actorId(), details);
		this.warRooms.halted(event, envelope, details.map());
	}

	/** Audited in the release's workspace, then copied into its war room if one is open. */
	void on(ReleaseResumed event, EventEnvelope envelope) {
		Details details = details(event.release()).ring(event.ring())
			.with("agreedBy", String.join(", ", event.agreedBy()));
		audit(envelope, event.release(), event.actorId(), details);
		this.warRooms.copy(envelope, event.actorId(), action(envelope), event.release(), details.map());
	}

	/** Audited in the release's workspace, then copied into its war room if one is open. */
	void on(ReleaseRolledBack event, EventEnvelope envelope) {
		Details details = details(event.release()).ring(event.ring()).with("reason", event.reason());
		audit(envelope, event.release(), event.actorId(), details);
		this.warRooms.copy(envelope, event.actorId(), action(envelope), event.release(), details.map());
	}

	void on(ReleaseCompleted event, EventEnvelope envelope) {
		audit(envelope, event.release(), event.actorId(), details(event.release()));
	}

	void on(ReleaseCancelled event, EventEnvelope envelope) {
		audit(envelope, event.release(), event.actorId(), details(event.release()).with("reason", event.reason()));
	}

	/**
	 * The id of the one entry an event gets in the chain of {@code workspaceId}: the same on every delivery and every
	 * instance, different for each chain the event is written to (the release's workspace, its war room).
	 */
	static UUID entryId(EventEnvelope envelope, UUID workspaceId) {
		return UUID.nameUUIDFromBytes(
				("parley:release-audit:" + envelope.id() + ":" + workspaceId).getBytes(StandardCharsets.UTF_8));
	}

	/** The entry an event gets in the chain of {@code workspaceId}, dated when the event happened. */
	static PendingEntry entry(EventEnvelope envelope, UUID workspaceId, String actorId, String action,
			ReleaseSummary release, Map<String, String> details) {
		return new PendingEntry(entryId(envelope, workspaceId), workspaceId, envelope.occurredAt(), actorId, action,
				release.releaseId().toString(), details);
	}

	private void audit(EventEnvelope envelope, ReleaseSummary release, String actorId, Details details) {
		remember(release, envelope);
		if (this.workspaces.find(release.workspaceId()).isEmpty()) {
			// no chain for an id workspace never created (ADR 0012); rollouts only declares in known workspaces
			log.warn("Event {} ({}) of release {} names workspace {}, which does not exist here: not audited",
					envelope.id(), envelope.type(), release.releaseId(), release.workspaceId());
			return;
		}
		this.trail.append(entry(envelope, release.workspaceId(), actorId, action(envelope), release, details.map()));
	}

	/** {@code rollouts.release.halted} is audited as {@code release.halted}. */
	private static String action(EventEnvelope envelope) {
		String type = envelope.type();
		return "release." + (type.startsWith(TYPE_PREFIX) ? type.substring(TYPE_PREFIX.length()) : type);
	}

	/**
	 * Keeps the release's audience for {@link ReleaseAuditRedaction}. Only an event at least as new as the one kept
	 * writes: an older one, redelivered late, matches nothing, and its upsert then collides on {@code _id}.
	 */
	private void remember(ReleaseSummary release, EventEnvelope envelope) {
		KnownRelease known = KnownRelease.of(release, envelope.aggregateVersion());
		Update update = new Update().set("workspaceId", known.workspaceId())
			.set("organisationId", known.organisationId())
			.set("declaredBy", known.declaredBy())
			.set("label", known.label())
			.set("namedPeople", known.namedPeople())
			.set("namedOrganisations", known.namedOrganisations())
			.set("eventVersion", known.eventVersion());
		try {
			this.mongo.upsert(new Query(where("_id").is(known.id()).and("eventVersion").lte(known.eventVersion())),
					update, KnownRelease.class);
		}
		catch (DuplicateKeyException ex) {
			log.debug("Release {}: event {} is older than what is kept", known.id(), envelope.id());
		}
	}

	private static Details details(ReleaseSummary release) {
		return new Details().with("releaseId", release.releaseId().toString())
			.with("product", release.product())
			.with("version", release.version())
			.with("kind", release.kind())
			.with("label", release.label())
			.with("releasingOrganisation", release.organisationId());
	}

	private static String breach(ReleaseHalted.GateBreach breach) {
		return breach.gate() + " " + breach.measuredPerMille() + " per mille over the gate of "
				+ breach.limitPerMille() + " on " + breach.devicesReporting() + " devices reporting";
	}

	/** An entry's details: flat strings (the hash input stays unambiguous), absent values left out. */
	private static final class Details {

		private final Map<String, String> values = new LinkedHashMap<>();

		Details with(String key, @Nullable String value) {
			if (value != null) {
				this.values.put(key, value);
			}
			return this;
		}

		Details ring(int ring) {
			return with("ring", Integer.toString(ring));
		}

		Map<String, String> map() {
			return Map.copyOf(this.values);
		}

	}

}

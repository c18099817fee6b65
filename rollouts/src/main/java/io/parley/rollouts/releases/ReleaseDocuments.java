package io.parley.rollouts.releases;

import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;

import io.parley.platform.labels.TlpLabel;
import org.bson.Document;
import org.jspecify.annotations.Nullable;

/**
 * A release's {@link Release.Snapshot} as a MongoDB document and back, field by field: the store sets these fields
 * with {@code $set} under a version guard (never replaces the document, which also holds the outbox, the health
 * series and the idempotency keys). Times are stored as dates (milliseconds), durations as ISO-8601 text.
 */
final class ReleaseDocuments {

	private ReleaseDocuments() {
	}

	static Document write(Release.Snapshot s) {
		Document document = new Document("_id", s.id()).append("workspaceId", s.workspaceId())
			.append("organisationId", s.organisationId())
			.append("declaredBy", s.declaredBy())
			.append("product", s.product())
			.append("version", s.version())
			.append("kind", s.kind().name())
			.append("summary", s.summary())
			.append("label", s.label().name())
			.append("namedPeople", s.namedPeople())
			.append("namedOrganisations", s.namedOrganisations())
			.append("plan", s.plan().stream().map(ReleaseDocuments::ring).toList())
			.append("declaredAt", date(s.declaredAt()))
			.append("state", s.state().name())
			.append("currentRing", s.currentRing())
			.append("scheduledStart", date(s.scheduledStart()))
			.append("calendarConflicts", s.calendarConflicts())
			.append("hostApproval", (s.hostApproval() != null) ? new Document("by", s.hostApproval().by())
				.append("organisationId", s.hostApproval().organisationId())
				.append("at", date(s.hostApproval().at())) : null)
			.append("rings", s.rings().stream().map(ReleaseDocuments::progress).toList())
			.append("halt", (s.halt() != null) ? halt(s.halt()) : null)
			.append("resumeAgreedBy", s.resumeAgreedBy())
			.append("resumeHostAgreed", s.resumeHostAgreed())
			.append("timeline", s.timeline().stream().map(ReleaseDocuments::entry).toList())
			.append("updatedAt", date(s.updatedAt()))
			.append("revision", s.revision());
		return document;
	}

	static Release.Snapshot read(Document d) {
		Document approval = d.get("hostApproval", Document.class);
		Document halt = d.get("halt", Document.class);
		return new Release.Snapshot(d.get("_id", UUID.class), d.get("workspaceId", UUID.class),
				d.getString("organisationId"), d.getString("declaredBy"), d.getString("product"),
				d.getString("version"), Kind.valueOf(d.getString("kind")), d.getString("summary"),
				TlpLabel.valueOf(d.getString("label")), strings(d, "namedPeople"), strings(d, "namedOrganisations"),
				list(d, "plan", ReleaseDocuments::ring), instant(d, "declaredAt"),
				ReleaseState.valueOf(d.getString("state")), d.getInteger("currentRing"),
				nullableInstant(d, "scheduledStart"), strings(d, "calendarConflicts"),
				(approval != null) ? new Approval(approval.getString("by"), approval.getString("organisationId"),
						instant(approval, "at")) : null,
				list(d, "rings", ReleaseDocuments::progress), (halt != null) ? halt(halt) : null,
				strings(d, "resumeAgreedBy"), Boolean.TRUE.equals(d.getBoolean("resumeHostAgreed")),
				list(d, "timeline", ReleaseDocuments::entry), instant(d, "updatedAt"), d.get("revision", Number.class)
					.longValue());
	}

	static Document report(HealthReport r) {
		return new Document("ring", r.ring()).append("observedAt", date(r.observedAt()))
			.append("devicesUpdated", r.devicesUpdated())
			.append("devicesReporting", r.devicesReporting())
			.append("crashes", r.crashes())
			.append("bootFailures", r.bootFailures())
			.append("rollbacks", r.rollbacks())
			.append("reportedBy", r.reportedBy())
			.append("receivedAt", date(r.receivedAt()));
	}

	static HealthReport report(Document d) {
		return new HealthReport(d.getInteger("ring"), instant(d, "observedAt"), number(d, "devicesUpdated"),
				number(d, "devicesReporting"), number(d, "crashes"), number(d, "bootFailures"),
				number(d, "rollbacks"), d.getString("reportedBy"), instant(d, "receivedAt"));
	}

	private static Document ring(RingPlan ring) {
		Gates gates = ring.gates();
		return new Document("name", ring.name()).append("targetShare", ring.targetShare())
			.append("targetDevices", ring.targetDevices())
			.append("minSoak", ring.minSoak().toString())
			.append("gates", new Document("maxCrashPerMille", gates.maxCrashPerMille())
				.append("maxBootFailurePerMille", gates.maxBootFailurePerMille())
				.append("maxRollbackPerMille", gates.maxRollbackPerMille())
				.append("minDevicesReporting", gates.minDevicesReporting()))
			.append("signOffOrganisations", ring.signOffOrganisations());
	}

	private static RingPlan ring(Document d) {
		Document gates = d.get("gates", Document.class);
		Number share = d.get("targetShare", Number.class);
		Number devices = d.get("targetDevices", Number.class);
		Number rollback = gates.get("maxRollbackPerMille", Number.class);
		return new RingPlan(d.getString("name"), (share != null) ? share.doubleValue() : null,
				(devices != null) ? devices.longValue() : null, Duration.parse(d.getString("minSoak")),
				new Gates(gates.get("maxCrashPerMille", Number.class).doubleValue(),
						gates.get("maxBootFailurePerMille", Number.class).doubleValue(),
						(rollback != null) ? rollback.doubleValue() : null, number(gates, "minDevicesReporting")),
				strings(d, "signOffOrganisations"));
	}

	private static Document progress(RingProgress p) {
		return new Document("startedAt", date(p.startedAt())).append("soakFrom", date(p.soakFrom()))
			.append("signOffs", p.signOffs()
				.stream()
				.map((s) -> new Document("organisationId", s.organisationId()).append("decision", s.decision().name())
					.append("reason", s.reason())
					.append("by", s.by())
					.append("at", date(s.at()))
					.append("host", s.host()))
				.toList())
			.append("latestHealth", (p.latestHealth() != null) ? report(p.latestHealth()) : null)
			.append("lastObservedAt", date(p.lastObservedAt()));
	}

	private static RingProgress progress(Document d) {
		Document latest = d.get("latestHealth", Document.class);
		return new RingProgress(instant(d, "startedAt"), instant(d, "soakFrom"),
				list(d, "signOffs",
						(s) -> new SignOff(s.getString("organisationId"), Decision.valueOf(s.getString("decision")),
								s.getString("reason"), s.getString("by"), instant(s, "at"),
								Boolean.TRUE.equals(s.getBoolean("host")))),
				(latest != null) ? report(latest) : null, nullableInstant(d, "lastObservedAt"));
	}

	private static Document halt(Halt h) {
		return new Document("reason", h.reason()).append("automatic", h.automatic())
			.append("at", date(h.at()))
			.append("by", h.by())
			.append("from", h.from().name())
			.append("ring", h.ring());
	}

	private static Halt halt(Document d) {
		return new Halt(d.getString("reason"), Boolean.TRUE.equals(d.getBoolean("automatic")), instant(d, "at"),
				d.getString("by"), ReleaseState.valueOf(d.getString("from")), d.getInteger("ring"));
	}

	private static Document entry(TimelineEntry e) {
		return new Document("at", date(e.at())).append("kind", e.kind().name())
			.append("ring", e.ring())
			.append("actor", e.actor())
			.append("text", e.text());
	}

	private static TimelineEntry entry(Document d) {
		return new TimelineEntry(instant(d, "at"), TimelineKind.valueOf(d.getString("kind")), d.getInteger("ring"),
				d.getString("actor"), d.getString("text"));
	}

	private static @Nullable Date date(@Nullable Instant instant) {
		return (instant != null) ? Date.from(instant) : null;
	}

	private static Instant instant(Document d, String field) {
		return d.getDate(field).toInstant();
	}

	private static @Nullable Instant nullableInstant(Document d, String field) {
		Date date = d.getDate(field);
		return (date != null) ? date.toInstant() : null;
	}

	private static long number(Document d, String field) {
		return d.get(field, Number.class).longValue();
	}

	private static List<String> strings(Document d, String field) {
		return d.getList(field, String.class, List.of());
	}

	private static <T> List<T> list(Document d, String field, Function<Document, T> read) {
		return d.getList(field, Document.class, List.of()).stream().map(read).toList();
	}

}

package io.parley.notifications.events;

import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

import io.parley.notifications.directory.Directory;
import io.parley.notifications.directory.Directory.Member;
import io.parley.notifications.directory.Labels;
import io.parley.notifications.preferences.NoticeType;
import io.parley.notifications.webhooks.WebhookEvent;
import io.parley.notifications.webhooks.Webhooks;
import io.parley.platform.events.EventEnvelope;
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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Component;

/**
 * Who hears of a release (issue 20, ADR 0031). A release's <em>readers</em> are the members of its workspace whom its
 * label admits, with the releasing organisation as the sharer's organisation and the declarer as the sharer — the
 * rule rollouts itself uses to answer who may open the release. A halt goes to every reader of a participating
 * organisation (all readers when the event names none) and is locked to inbox, push and mail; every other notice
 * follows the person's preferences and skips the person who caused it. People whose access ended, or who left the
 * workspace, hear nothing ({@link Deliveries}, the membership projection).
 */
@Component
class RolloutNotices {

	private static final Logger log = LoggerFactory.getLogger(RolloutNotices.class);

	private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("d MMM yyyy HH:mm 'UTC'")
		.withZone(ZoneOffset.UTC);

	private static final String HOST = "HOST";

	private static final String GOVERNMENT = "GOVERNMENT";

	private final Directory directory;

	private final Deliveries deliveries;

	private final Webhooks webhooks;

	RolloutNotices(Directory directory, Deliveries deliveries, Webhooks webhooks) {
		this.directory = directory;
		this.deliveries = deliveries;
		this.webhooks = webhooks;
	}

	void on(ReleaseDeclared event, EventEnvelope envelope) {
		ReleaseSummary release = event.release();
		tell(envelope, release, NoticeType.RELEASE_DECLARED,
				name(release) + " (" + release.kind() + ") was declared by " + release.organisationId() + " with "
						+ event.rings() + ((event.rings() == 1) ? " ring" : " rings"),
				others(readers(release), event.actorId()));
	}

	/** Only a schedule that needs the host's calendar approval is news, and only to the host's readers. */
	void on(ReleaseScheduled event, EventEnvelope envelope) {
		ReleaseSummary release = event.release();
		if (event.calendarConflicts().isEmpty()) {
			nobody(envelope, release, "no calendar conflict");
			return;
		}
		Set<String> hosts = this.directory.ofOrganisationType(readers(release), HOST);
		tell(envelope, release, NoticeType.RELEASE_SCHEDULED,
				name(release) + " is scheduled to start on " + WHEN.format(event.start())
						+ " and needs the host's calendar approval: " + String.join("; ", event.calendarConflicts()),
				others(hosts, event.actorId()));
	}

	/**
	 * Readers of the organisations whose sign-off the ring needs are asked for it; the other readers hear that the
	 * ring started. One notice per person and event: the request says the ring started too.
	 */
	void on(RingStarted event, EventEnvelope envelope) {
		ReleaseSummary release = event.release();
		String ring = ring(event.ring()) + " (" + event.ringName() + ")";
		Set<String> asked = others(readers(release, inOrganisations(event.signOffOrganisations())), event.actorId());
		Set<String> told = others(readers(release), event.actorId());
		told.removeAll(asked);
		tell(envelope, release, NoticeType.SIGN_OFF_REQUESTED,
				"Your organisation's go or no-go is requested: " + name(release) + " entered " + ring, asked);
		tell(envelope, release, NoticeType.RING_STARTED, name(release) + " entered " + ring, told);
	}

	/** A no-go blocks the release, so its readers hear of it; a go is seen on the release page. */
	void on(SignOffRecorded event, EventEnvelope envelope) {
		ReleaseSummary release = event.release();
		if (!"NO_GO".equals(event.decision())) {
			nobody(envelope, release, event.decision() + " from " + event.organisationId());
			return;
		}
		String reason = (event.reason() != null) ? ": " + event.reason() : "";
		tell(envelope, release, NoticeType.SIGN_OFF_REFUSED, event.organisationId() + " said no-go to " + name(release)
				+ " leaving " + ring(event.ring()) + reason, others(readers(release), event.actorId()));
	}

	/**
	 * Stop the line: every reader of a participating organisation, the person who halted it included (the entry is
	 * their record too), and every government observer who may read the release (they take no part, but watching
	 * the line stop is what they are there for), by inbox, push and mail whatever their preferences
	 * ({@link NoticeType#locked()}).
	 */
	void on(ReleaseHalted event, EventEnvelope envelope) {
		ReleaseSummary release = event.release();
		Predicate<Member> participant = event.participants().isEmpty() ? (member) -> true
				: inOrganisations(event.participants());
		Set<String> told = readers(release, participant);
		told.addAll(this.directory.ofOrganisationType(readers(release), GOVERNMENT));
		String how = event.automatic() ? " by a breached health gate" : "";
		tell(envelope, release, NoticeType.RELEASE_HALTED, "Stop the line: " + name(release) + " was halted in "
				+ ring(event.ring()) + how + ": " + event.reason(), told);
	}

	void on(ReleaseResumed event, EventEnvelope envelope) {
		ReleaseSummary release = event.release();
		tell(envelope, release, NoticeType.RELEASE_RESUMED, name(release) + " resumed in " + ring(event.ring())
				+ ", agreed by " + String.join(" and ", event.agreedBy()), others(readers(release), event.actorId()));
	}

	void on(ReleaseRolledBack event, EventEnvelope envelope) {
		ReleaseSummary release = event.release();
		tell(envelope, release, NoticeType.RELEASE_ROLLED_BACK, name(release) + " was rolled back from "
				+ ring(event.ring()) + ": " + event.reason(), others(readers(release), event.actorId()));
	}

	void on(ReleaseCompleted event, EventEnvelope envelope) {
		ReleaseSummary release = event.release();
		tell(envelope, release, NoticeType.RELEASE_COMPLETED, name(release) + " completed its rollout",
				others(readers(release), event.actorId()));
	}

	void on(ReleaseCancelled event, EventEnvelope envelope) {
		ReleaseSummary release = event.release();
		tell(envelope, release, NoticeType.RELEASE_CANCELLED, name(release) + " was cancelled: " + event.reason(),
				others(readers(release), event.actorId()));
	}

	// ---- helpers

	/**
	 * Records the release's workspace first (a mail about it is withheld from people who left that workspace), then
	 * delivers. The title names product, version and what happened: mails of AMBER and narrower releases leave it
	 * out and say only the kind of notice, the label and the link, as for documents.
	 */
	private void tell(EventEnvelope envelope, ReleaseSummary release, NoticeType type, String title,
			Collection<String> recipients) {
		this.directory.on(release);
		this.deliveries.deliver(envelope, new Notice(type, title, release.label(), link(release)), recipients);
		// a ring start tells in two notices: the second offer of the event collides on its delivery ids
		this.webhooks.offer(new WebhookEvent(envelope.id(), envelope.type(), envelope.occurredAt(),
				release.workspaceId(), release.label(), Labels.audience(release), Map.of("releaseId", release.releaseId()),
				name(release), null, link(release)));
	}

	private void nobody(EventEnvelope envelope, ReleaseSummary release, String why) {
		this.directory.on(release);
		log.info("Event {} ({}, release {}): nobody to tell ({})", envelope.id(), envelope.type(), release.releaseId(),
				why);
	}

	/** Members of the release's workspace whom its label admits. */
	private Set<String> readers(ReleaseSummary release) {
		return readers(release, (member) -> true);
	}

	private Set<String> readers(ReleaseSummary release, Predicate<Member> also) {
		Set<String> readers = new LinkedHashSet<>();
		for (Member member : this.directory.membersOf(release.workspaceId())) {
			if (Labels.mayRead(release, member) && also.test(member)) {
				readers.add(member.personId());
			}
		}
		return readers;
	}

	private static Predicate<Member> inOrganisations(List<String> organisations) {
		return (member) -> member.organisationId() != null && organisations.contains(member.organisationId());
	}

	private static Set<String> others(Set<String> people, String actorId) {
		Set<String> others = new LinkedHashSet<>(people);
		others.remove(actorId);
		return others;
	}

	private static String name(ReleaseSummary release) {
		return release.product() + " " + release.version();
	}

	/** Rings are numbered from 0 in events and from 1 for people ("ring 1" is the first). */
	private static String ring(int ring) {
		return "ring " + (ring + 1);
	}

	/** The release page: the web app's route {@code /rollouts/releases/<id>}, under its hash like every link here. */
	static String link(ReleaseSummary release) {
		return "/#/rollouts/releases/" + release.releaseId();
	}

}

package io.parley.notifications.events;

import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.Predicate;

import io.parley.notifications.directory.Directory;
import io.parley.notifications.directory.Directory.Member;
import io.parley.notifications.directory.DocumentAudience;
import io.parley.notifications.directory.Labels;
import io.parley.notifications.preferences.NoticeType;
import io.parley.notifications.push.PushFanout;
import io.parley.notifications.webhooks.WebhookEvent;
import io.parley.notifications.webhooks.Webhooks;
import io.parley.platform.access.AccessEnds;
import io.parley.platform.events.EventEnvelope;
import io.parley.platform.events.contract.AccessExpiring;
import io.parley.platform.events.contract.AcknowledgementOverdue;
import io.parley.platform.events.contract.AcknowledgementRecorded;
import io.parley.platform.events.contract.AcknowledgementRequested;
import io.parley.platform.events.contract.AnnouncementPosted;
import io.parley.platform.events.contract.CommentPosted;
import io.parley.platform.events.contract.DocumentDeleted;
import io.parley.platform.events.contract.DocumentLabelChanged;
import io.parley.platform.events.contract.DocumentQuarantined;
import io.parley.platform.events.contract.DocumentVersionAdded;
import io.parley.platform.events.contract.InvitationIssued;
import io.parley.platform.events.contract.MemberJoined;
import io.parley.platform.events.contract.MemberOffboarded;
import io.parley.platform.events.contract.WorkspaceCreated;
import io.parley.platform.events.contract.WorkspaceMemberAdded;
import io.parley.platform.events.contract.WorkspaceMemberRoleChanged;
import io.parley.platform.events.contract.WorkspaceMemberRemoved;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Component;

/**
 * Who hears of what (issue 6, ADR 0010). Projection events update {@link Directory} first; a notice then goes to
 * the people the rules below name, decided from notifications' own projection and the audience each event
 * carries, never by asking another service.
 */
@Component
class WhoHears {

	private static final Logger log = LoggerFactory.getLogger(WhoHears.class);

	private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("d MMM yyyy").withZone(ZoneOffset.UTC);

	private final Directory directory;

	private final Deliveries deliveries;

	private final PushFanout push;

	private final AccessEnds access;

	private final Webhooks webhooks;

	WhoHears(Directory directory, Deliveries deliveries, PushFanout push, AccessEnds access, Webhooks webhooks) {
		this.directory = directory;
		this.deliveries = deliveries;
		this.push = push;
		this.access = access;
		this.webhooks = webhooks;
	}

	// ---- projection only (MemberJoined, WorkspaceCreated, removals, label changes)

	void on(MemberJoined event, EventEnvelope envelope) {
		this.directory.on(event);
		projected(envelope);
	}

	void on(WorkspaceCreated event, EventEnvelope envelope) {
		this.directory.on(event);
		projected(envelope);
	}

	void on(WorkspaceMemberRemoved event, EventEnvelope envelope) {
		this.directory.removeMember(event.workspaceId(), event.personId());
		projected(envelope);
	}

	/** Organisations' systems hear of it under the new label (a widened one may now include them). */
	/**
	 * Members who may see the document under its new label and could not before hear that it is now shared with them
	 * (a widening by an owner or the uploader, or an embargo that ended); not whoever changed it. Decided from the
	 * audience before the projection moves on, and written first: a redelivery after a crash in between finds the
	 * same people and the same entries. Of a document notifications never heard of, nobody is told (who already knew
	 * is unknown).
	 */
	void on(DocumentLabelChanged event, EventEnvelope envelope) {
		DocumentAudience before = this.directory.document(event.documentId()).orElse(null);
		if (before != null && !before.deleted()) {
			DocumentAudience after = new DocumentAudience(before.workspaceId(), before.title(), event.to(),
					before.uploadedBy(), event.uploaderOrganisationId(), strings(event.namedPeople()),
					new LinkedHashSet<>(event.namedOrganisations()), before.followers(), false);
			Set<String> newly = members(event.workspaceId(), (member) -> after.mayBeSeenBy(member)
					&& !before.mayBeSeenBy(member));
			newly.remove(event.changedBy().toString());
			if (!newly.isEmpty()) {
				this.deliveries.deliver(envelope, new Notice(NoticeType.DOCUMENT_SHARED,
						title(before) + " is now shared with you (" + event.to() + ")", event.to(),
						documentLink(event.workspaceId(), event.documentId())), newly);
			}
		}
		this.directory.on(event);
		projected(envelope);
		this.directory.document(event.documentId())
			.ifPresent((document) -> toWebhooks(envelope, document, null, documentLink(event.workspaceId(),
					event.documentId()), "documentId", event.documentId()));
	}

	// ---- notices

	/**
	 * The person added hears of it (in the inbox by default) — not whoever created the workspace, of becoming its
	 * first owner: the members a workspace is created with carry its first version, and they are told unless they
	 * created it themselves.
	 */
	void on(WorkspaceMemberAdded event, EventEnvelope envelope) {
		this.directory.on(event);
		String person = event.personId().toString();
		Optional<String> creator = (envelope.aggregateVersion() == 1)
				? this.directory.workspaceCreator(event.workspaceId()) : Optional.empty();
		if (envelope.aggregateVersion() == 1 && creator.isEmpty()) {
			// the creation, recorded before this, is being handled by another instance or thread right now: the
			// consumer's retry (milliseconds later) finds it; the membership above is kept either way
			throw new IllegalStateException("Workspace " + event.workspaceId() + " is not known yet (event "
					+ envelope.id() + "); tried again");
		}
		if (creator.filter(person::equals).isPresent()) {
			log.info("Event {} ({}, aggregate {}): {} created workspace {} and is not told of joining it", envelope.id(),
					envelope.type(), envelope.aggregateId(), person, event.workspaceId());
			return;
		}
		String name = this.directory.workspaceName(event.workspaceId()).orElse("a workspace");
		this.deliveries.deliver(envelope, new Notice(NoticeType.MEMBERSHIP_ADDED,
				"You were added to " + name + " as " + event.role(), null, workspaceLink(event.workspaceId())),
				List.of(event.personId().toString()));
	}

	/** Nobody is told (the owner who changed it knows, the member sees it in the workspace); the directory follows. */
	void on(WorkspaceMemberRoleChanged event, EventEnvelope envelope) {
		this.directory.on(event);
		log.info("Event {} ({}, aggregate {}): {} is now {} in workspace {}", envelope.id(), envelope.type(),
				envelope.aggregateId(), event.personId(), event.role(), event.workspaceId());
	}

	/** Workspace members who may see the document under its label, except the uploader of this version. */
	void on(DocumentVersionAdded event, EventEnvelope envelope) {
		this.directory.on(event);
		DocumentAudience document = this.directory.document(event.documentId()).orElseThrow();
		Set<String> recipients = members(event.workspaceId(), document::mayBeSeenBy);
		recipients.remove(event.uploadedBy().toString());
		this.deliveries.deliver(envelope,
				new Notice(NoticeType.DOCUMENT_VERSION_ADDED,
						"New version " + event.version() + " of " + event.title(), event.label(),
						documentLink(event.workspaceId(), event.documentId())),
				recipients);
		toWebhooks(envelope, document, null, documentLink(event.workspaceId(), event.documentId()), "documentId",
				event.documentId(), "version", event.version());
	}

	/** Nobody is told (the owner deleted it on purpose); later events about the document reach nobody. */
	void on(DocumentDeleted event, EventEnvelope envelope) {
		this.directory.on(event);
		log.info("Document {} of workspace {} deleted: no further notices about it (event {})", event.documentId(),
				event.workspaceId(), envelope.id());
	}

	/** The uploader of the quarantined version. */
	void on(DocumentQuarantined event, EventEnvelope envelope) {
		DocumentAudience document = this.directory.document(event.documentId()).orElse(null);
		this.deliveries.deliver(envelope,
				new Notice(NoticeType.DOCUMENT_QUARANTINED,
						"Version " + event.version() + " of " + title(document) + " was quarantined", label(document),
						documentLink(event.workspaceId(), event.documentId())),
				List.of(event.uploadedBy().toString()));
	}

	/**
	 * The document's followers (uploaders and earlier commenters) and everyone mentioned, who are members and may
	 * see the document; not the author, who follows it from now on. Of a document notifications has not seen yet,
	 * only the mentioned hear (workspace mentions only people who may see it).
	 */
	void on(CommentPosted event, EventEnvelope envelope) {
		DocumentAudience document = this.directory.document(event.documentId()).orElse(null);
		Set<String> concerned = new LinkedHashSet<>(strings(event.mentions()));
		Predicate<Member> allowed = (member) -> concerned.contains(member.personId())
				&& (document == null || !document.deleted());
		if (document != null) {
			concerned.addAll(document.followers());
			allowed = allowed.and(document::mayBeSeenBy);
		}
		Set<String> recipients = members(event.workspaceId(), allowed);
		recipients.remove(event.authorId().toString());
		// before the entries are written: whoever sees them and answers at once must find the author following
		this.directory.follow(event.documentId(), event.authorId());
		String link = documentLink(event.workspaceId(), event.documentId()) + "/comments/" + event.commentId();
		this.deliveries.deliver(envelope, new Notice(NoticeType.COMMENT_POSTED, "New comment on " + title(document),
				label(document), link), recipients);
		if (document != null) {
			toWebhooks(envelope, document, null, link, "documentId", event.documentId(), "commentId",
					event.commentId());
		}
	}

	/**
	 * {@code WORKSPACE}: its members who may see the announcement under its label (the poster's organisation is
	 * the "uploader's" for AMBER+STRICT); {@code ALL_WORKSPACES}: every workspace member, same rule;
	 * {@code GOVERNMENT}: every known person of a GOVERNMENT organisation. Never the poster.
	 */
	void on(AnnouncementPosted event, EventEnvelope envelope) {
		String poster = event.postedBy().toString();
		Collection<Member> audience = switch (event.audience()) {
			case "WORKSPACE" -> (event.workspaceId() != null) ? this.directory.membersOf(event.workspaceId())
					: List.of();
			case "ALL_WORKSPACES" -> this.directory.everyMember();
			case "GOVERNMENT" -> this.directory.governmentPeople()
				.stream()
				.map((person) -> new Member(person, null, null))
				.toList();
			default -> List.of();
		};
		String posterOrganisation = this.directory.person(poster)
			.map(Directory.Person::organisationId)
			.orElse(null);
		Set<String> recipients = new LinkedHashSet<>();
		for (Member member : audience) {
			Member withOrganisation = (member.organisationId() != null) ? member
					: new Member(member.personId(), organisationOf(member.personId()), null);
			if (Labels.maySee(event.label(), poster, posterOrganisation, List.of(), List.of(), withOrganisation)) {
				recipients.add(member.personId());
			}
		}
		recipients.remove(poster);
		String link = (event.workspaceId() != null) ? workspaceLink(event.workspaceId()) + "/announcements/"
				+ event.announcementId() : "/#/announcements/" + event.announcementId();
		this.deliveries.deliver(envelope,
				new Notice(NoticeType.ANNOUNCEMENT_POSTED, event.title(), event.label(), link), recipients);
	}

	/** Members of the named organisations in that workspace who may see the document; not the requester. */
	void on(AcknowledgementRequested event, EventEnvelope envelope) {
		acknowledgement(envelope, NoticeType.ACKNOWLEDGEMENT_REQUESTED, event.requestId(), event.version(),
				event.workspaceId(), event.documentId(), event.organisations(), event.requestedBy(), false, (title) -> "Please acknowledge version "
						+ event.version() + " of " + title + " by " + DAY.format(event.deadline()));
	}

	/** Members of the overdue organisations who may see the document, and the requester. */
	void on(AcknowledgementOverdue event, EventEnvelope envelope) {
		acknowledgement(envelope, NoticeType.ACKNOWLEDGEMENT_OVERDUE, event.requestId(), event.version(),
				event.workspaceId(), event.documentId(), event.organisations(), event.requestedBy(), true,
				(title) -> "Acknowledgement of version " + event.version() + " of " + title + " is overdue ("
						+ String.join(", ", event.organisations()) + ")");
	}

	private void acknowledgement(EventEnvelope envelope, NoticeType type, UUID requestId, int version,
			UUID workspaceId, UUID documentId, List<String> organisations, UUID requestedBy, boolean requesterHears,
			Function<String, String> title) {
		DocumentAudience document = this.directory.document(documentId).orElse(null);
		Set<String> recipients = ofOrganisations(workspaceId, organisations, document);
		if (document != null && document.deleted()) {
			recipients.clear(); // nobody is asked about, or reminded of, a document that is gone
		}
		else if (requesterHears) {
			recipients.add(requestedBy.toString());
		}
		else {
			recipients.remove(requestedBy.toString());
		}
		this.deliveries.deliver(envelope, new Notice(type, title.apply(title(document)), label(document),
				documentLink(workspaceId, documentId)), recipients);
		if (document != null) {
			// only the organisations asked (or overdue) hear of it, as in the inbox
			toWebhooks(envelope, document, Set.copyOf(organisations), documentLink(workspaceId, documentId),
					"documentId", documentId, "version", version, "requestId", requestId);
		}
	}

	/** The requester. */
	void on(AcknowledgementRecorded event, EventEnvelope envelope) {
		DocumentAudience document = this.directory.document(event.documentId()).orElse(null);
		this.deliveries.deliver(envelope,
				new Notice(NoticeType.ACKNOWLEDGEMENT_RECORDED,
						event.organisationId() + " acknowledged version " + event.version() + " of " + title(document),
						label(document), documentLink(event.workspaceId(), event.documentId())),
				List.of(event.requestedBy().toString()));
	}

	/** The person concerned and their sponsor (mandatory). */
	void on(AccessExpiring event, EventEnvelope envelope) {
		this.directory.sponsor(event.personId(), event.sponsorId());
		String name = this.directory.person(event.personId().toString())
			.map(Directory.Person::name)
			.filter(Objects::nonNull)
			.orElse("a sponsored person");
		List<String> recipients = (event.sponsorId() != null)
				? List.of(event.personId().toString(), event.sponsorId().toString())
				: List.of(event.personId().toString());
		this.deliveries.deliver(envelope, new Notice(NoticeType.ACCESS_EXPIRING,
				"Parley access of " + name + " ends on " + DAY.format(event.accessEndsAt()), null, "/#/"), recipients);
	}

	/**
	 * First the person is refused by this service (platform's access filter: inbox, preferences, streams), leaves
	 * every membership and their open streams are closed on every instance; then they (by mail: they can no longer
	 * sign in; the one mail an offboarded person still gets) and their sponsor hear of it (mandatory).
	 */
	void on(MemberOffboarded event, EventEnvelope envelope) {
		this.access.offboarded(event, envelope);
		Directory.Person person = this.directory.person(event.personId().toString()).orElse(null);
		Set<String> recipients = new LinkedHashSet<>(List.of(event.personId().toString()));
		if (person != null && person.sponsorId() != null) {
			recipients.add(person.sponsorId());
		}
		String name = (person != null && person.name() != null) ? person.name() : "a member";
		this.directory.offboard(event.personId(), envelope.occurredAt());
		this.push.closeAll(event.personId().toString());
		this.deliveries.deliver(envelope,
				new Notice(NoticeType.MEMBER_OFFBOARDED, "Parley access of " + name + " has ended", null, "/#/"),
				recipients);
	}

	/** Identity mails the invitation itself; the inviter gets an inbox note. */
	void on(InvitationIssued event, EventEnvelope envelope) {
		this.deliveries.deliver(envelope, new Notice(NoticeType.INVITATION_ISSUED,
				"Invitation sent to " + event.name() + " (" + event.organisationId() + ")", null,
				"/#/organisations/" + event.organisationId()), List.of(event.invitedBy().toString()));
	}

	// ---- helpers

	/**
	 * Offers the event to organisations' webhooks (ADR 0043): they decide which organisations the document's audience
	 * includes as a whole. A deleted document is news to nobody; a document we have not seen has no known audience.
	 */
	private void toWebhooks(EventEnvelope envelope, DocumentAudience document, @Nullable Set<String> only,
			String link, Object... ids) {
		if (document.deleted()) {
			return;
		}
		Map<String, Object> named = new LinkedHashMap<>();
		for (int i = 0; i + 1 < ids.length; i += 2) {
			named.put((String) ids[i], ids[i + 1]);
		}
		this.webhooks.offer(new WebhookEvent(envelope.id(), envelope.type(), envelope.occurredAt(),
				document.workspaceId(), document.label(), document.audience(), named, document.title(), only, link));
	}

	private Set<String> members(UUID workspaceId, Predicate<Member> allowed) {
		Set<String> recipients = new LinkedHashSet<>();
		for (Member member : this.directory.membersOf(workspaceId)) {
			if (allowed.test(member)) {
				recipients.add(member.personId());
			}
		}
		return recipients;
	}

	private Set<String> ofOrganisations(UUID workspaceId, List<String> organisations,
			@Nullable DocumentAudience document) {
		Predicate<Member> named = (member) -> organisations.contains(member.organisationId());
		return members(workspaceId, (document != null) ? named.and(document::mayBeSeenBy) : named);
	}

	private @Nullable String organisationOf(String personId) {
		return this.directory.person(personId).map(Directory.Person::organisationId).orElse(null);
	}

	private static String title(@Nullable DocumentAudience document) {
		return (document != null && document.title() != null) ? document.title() : "a document";
	}

	/** An unknown document is treated as RED in mails: its title is unknown anyway, and so is its audience. */
	private static String label(@Nullable DocumentAudience document) {
		return (document != null) ? document.label() : Labels.RED;
	}

	private static Set<String> strings(List<UUID> ids) {
		Set<String> strings = new LinkedHashSet<>();
		ids.forEach((id) -> strings.add(id.toString()));
		return strings;
	}

	private static String workspaceLink(UUID workspaceId) {
		return "/#/workspaces/" + workspaceId;
	}

	private static String documentLink(UUID workspaceId, UUID documentId) {
		return workspaceLink(workspaceId) + "/documents/" + documentId;
	}

	private static void projected(EventEnvelope envelope) {
		log.info("Event {} ({}, aggregate {}): projection updated", envelope.id(), envelope.type(),
				envelope.aggregateId());
	}

}

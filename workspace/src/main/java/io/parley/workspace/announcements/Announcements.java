package io.parley.workspace.announcements;

import java.net.URI;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import io.parley.platform.events.EventRecorder;
import io.parley.platform.events.contract.AnnouncementPosted;
import io.parley.platform.problem.Problem;
import io.parley.platform.problem.ProblemTypes;
import io.parley.platform.security.Caller;
import io.parley.platform.security.OrganisationType;
import io.parley.workspace.announcements.Announcement.Audience;
import io.parley.workspace.audit.AuditOutbox;
import io.parley.workspace.audit.AuditTrail;
import io.parley.platform.labels.TlpLabel;
import io.parley.workspace.workspaces.Workspace;
import io.parley.workspace.workspaces.WorkspaceAccess;
import io.parley.workspace.workspaces.WorkspaceAccess.Need;
import io.parley.workspace.workspaces.Workspaces;
import org.bson.Document;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.stereotype.Service;
import org.springframework.web.ErrorResponseException;

import static org.springframework.data.mongodb.core.query.Criteria.where;

/**
 * Posting and reading announcements. A post is one insert that also holds its {@code AnnouncementPosted} event
 * and its audit entry (platform's outbox and {@link AuditOutbox}): an announcement nobody hears of, or one the audit
 * trail never saw, cannot happen.
 */
@Service
class Announcements {

	static final String COLLECTION = "announcements";

	/**
	 * An announcement goes to everybody in its audience, so only labels whose audience is "every member" fit:
	 * {@code TLP:AMBER+STRICT} (the poster's organisation only) and {@code TLP:RED} (named people only) do not.
	 */
	static final Set<TlpLabel> BROADCAST_LABELS = Set.of(TlpLabel.CLEAR, TlpLabel.GREEN, TlpLabel.AMBER);

	private static final Logger log = LoggerFactory.getLogger(Announcements.class);

	private final MongoTemplate mongo;

	private final EventRecorder events;

	private final AuditOutbox audit;

	private final WorkspaceAccess access;

	private final Workspaces workspaces;

	private final Clock clock = Clock.systemUTC();

	Announcements(MongoTemplate mongo, EventRecorder events, AuditOutbox audit, WorkspaceAccess access,
			Workspaces workspaces) {
		this.mongo = mongo;
		this.events = events;
		this.audit = audit;
		this.access = access;
		this.workspaces = workspaces;
	}

	Announcement postToWorkspace(Caller caller, UUID workspaceId, String title, String body, TlpLabel label) {
		Workspace workspace = this.access.require(caller, workspaceId, Need.OWNER, "announcement.post");
		requireBroadcastLabel(label);
		if (label.ordinal() > workspace.labelCeiling().ordinal()) {
			throw unprocessable("label-above-ceiling", "Label above the workspace's ceiling",
					"This workspace takes nothing above " + workspace.labelCeiling().value() + ".");
		}
		return post(caller, Audience.WORKSPACE, workspaceId, workspaceId, title, body, label);
	}

	Announcement postGlobally(Caller caller, Audience audience, String title, String body, TlpLabel label) {
		if (!caller.hasRole(Caller.PORTAL_ADMIN)) {
			throw Problem.forbidden("Only portal admins announce to all workspaces or to governments.");
		}
		requireBroadcastLabel(label);
		return post(caller, audience, null, AuditTrail.PORTAL, title, body, label);
	}

	/** One workspace's announcements, newest first (its members). */
	AnnouncementPage ofWorkspace(Caller caller, UUID workspaceId, int page, int size) {
		this.access.require(caller, workspaceId, Need.MEMBER, "announcement.read");
		AnnouncementPage result = page(
				new Query(where("audience").is(Audience.WORKSPACE).and("workspaceId").is(workspaceId)), page, size);
		log.info("Announcements of workspace {} read by {} (page {}: {} of {})", workspaceId, caller.id(), page,
				result.items().size(), result.total());
		return result;
	}

	/**
	 * What the caller may see, newest first: the announcements of their workspaces; those to all workspaces if
	 * they are a member of one; those to governments if their organisation is one. Portal admins see every global
	 * announcement, as they post them.
	 */
	AnnouncementPage visibleTo(Caller caller, int page, int size) {
		List<UUID> mine = this.workspaces.idsOf(caller.id());
		boolean admin = caller.hasRole(Caller.PORTAL_ADMIN);
		List<Criteria> audiences = new ArrayList<>();
		if (!mine.isEmpty()) {
			audiences.add(where("audience").is(Audience.WORKSPACE).and("workspaceId").in(mine));
		}
		if (!mine.isEmpty() || admin) {
			audiences.add(where("audience").is(Audience.ALL_WORKSPACES));
		}
		if (caller.organisationType() == OrganisationType.GOVERNMENT || admin) {
			audiences.add(where("audience").is(Audience.GOVERNMENT));
		}
		AnnouncementPage result = audiences.isEmpty() ? new AnnouncementPage(List.of(), page, size, 0)
				: page(new Query(new Criteria().orOperator(audiences)), page, size);
		log.info("Announcements read by {} ({} workspace(s), page {}: {} of {})", caller.id(), mine.size(), page,
				result.items().size(), result.total());
		return result;
	}

	private Announcement post(Caller caller, Audience audience, @Nullable UUID workspaceId, UUID chain, String title,
			String body, TlpLabel label) {
		UUID postedBy = personId(caller);
		Announcement announcement = new Announcement(UUID.randomUUID(), audience,
				workspaceId, title, body, label, caller.id(),
				this.clock.instant().truncatedTo(ChronoUnit.MILLIS));
		Document document = new Document();
		this.mongo.getConverter().write(announcement, document);
		this.audit.add(document, List.of(this.audit.entry(chain, caller.id(), "announcement.posted",
				announcement.id().toString(), Map.of("audience", audience.name(), "label", label.value()))));
		// The announcement is its own aggregate, written once: version 1.
		this.events.insert(document, COLLECTION,
				this.events.event(announcement.id().toString(), 1, new AnnouncementPosted(announcement.id(),
						audience.name(), announcement.workspaceId(), title, label.value(), postedBy)));
		this.audit.drain(COLLECTION, announcement.id());
		log.info("Announcement {} ({}, workspace {}, {}) posted by {}", announcement.id(), audience,
				announcement.workspaceId(), label.value(), caller.id());
		return announcement;
	}

	private AnnouncementPage page(Query query, int page, int size) {
		long total = this.mongo.count(query, Announcement.class);
		List<Announcement> items = this.mongo.find(query
			.with(Sort.by(Sort.Order.desc("postedAt"), Sort.Order.desc("_id")))
			.skip((long) page * size)
			.limit(size), Announcement.class);
		return new AnnouncementPage(items, page, size, total);
	}

	private static void requireBroadcastLabel(TlpLabel label) {
		if (!BROADCAST_LABELS.contains(label)) {
			throw unprocessable("label-not-for-announcements", "Label not for announcements", "An announcement goes "
					+ "to its whole audience; use TLP:CLEAR, TLP:GREEN or TLP:AMBER, or share a document instead.");
		}
	}

	private static UUID personId(Caller caller) {
		try {
			return UUID.fromString(caller.id());
		}
		catch (IllegalArgumentException ex) {
			throw Problem.forbidden("Your account cannot post announcements.");
		}
	}

	private static ErrorResponseException unprocessable(String slug, String title, String detail) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.UNPROCESSABLE_CONTENT, detail);
		URI type = ProblemTypes.of(slug);
		problem.setType(type);
		problem.setTitle(title);
		return new ErrorResponseException(HttpStatus.UNPROCESSABLE_CONTENT, problem, null);
	}

	/** Newest first; {@code total} counts every announcement the query matches. */
	record AnnouncementPage(List<Announcement> items, int page, int size, long total) {
	}

}

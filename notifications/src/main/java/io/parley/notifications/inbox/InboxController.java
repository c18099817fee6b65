package io.parley.notifications.inbox;

import java.time.Clock;
import java.util.List;
import java.util.UUID;

import io.parley.platform.problem.ProblemTypes;
import io.parley.platform.security.Caller;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.PageRequest;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import static org.springframework.data.mongodb.core.query.Criteria.where;

@RestController
class InboxController {

	private final NotificationRepository notifications;

	private final MongoTemplate mongo;

	private final Entries entries;

	private final ApplicationEventPublisher events;

	private final Clock clock;

	InboxController(NotificationRepository notifications, MongoTemplate mongo, Entries entries,
			ApplicationEventPublisher events, Clock clock) {
		this.notifications = notifications;
		this.mongo = mongo;
		this.entries = entries;
		this.events = events;
		this.clock = clock;
	}

	/** The caller's own inbox, newest first; there is no way to name another person's. */
	@GetMapping("/api/notifications")
	InboxPage inbox(Caller caller, @RequestParam(defaultValue = "0") @Min(0) int page,
			@RequestParam(defaultValue = "20") @Min(1) @Max(100) int size) {
		Page<Notification> found = this.notifications.findByRecipientIdOrderByCreatedAtDesc(caller.id(),
				PageRequest.of(page, size));
		return new InboxPage(found.map(Notification::item).getContent(), found.getNumber(), found.getSize(),
				found.getTotalElements());
	}

	@GetMapping("/api/notifications/unread-count")
	UnreadCount unread(Caller caller) {
		return new UnreadCount(this.notifications.countByRecipientIdAndReadAtIsNull(caller.id()));
	}

	/**
	 * Marks one of the caller's entries read (again: a no-op). Someone else's entry answers exactly like one that
	 * does not exist (404), so ids cannot be probed.
	 */
	@PostMapping("/api/notifications/{id}/read")
	ResponseEntity<?> read(Caller caller, @PathVariable UUID id) {
		Query mine = new Query(where("_id").is(id).and("recipientId").is(caller.id()));
		if (!this.mongo.exists(mine, Notification.class)) {
			ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, "No such notification.");
			problem.setType(ProblemTypes.NOT_FOUND);
			return ResponseEntity.status(HttpStatus.NOT_FOUND).body(problem);
		}
		markRead(Query.of(mine).addCriteria(where("readAt").is(null)), caller, false);
		return ResponseEntity.noContent().build();
	}

	@PostMapping("/api/notifications/read-all")
	ResponseEntity<Void> readAll(Caller caller) {
		markRead(new Query(where("recipientId").is(caller.id()).and("readAt").is(null)), caller, true);
		return ResponseEntity.noContent().build();
	}

	private void markRead(Query unread, Caller caller, boolean all) {
		long changed = this.mongo.updateMulti(unread, new Update().set("readAt", this.clock.instant()),
				Notification.class).getModifiedCount();
		if (changed > 0) {
			// one read takes exactly what it changed off the kept count, however many calls race; reading all counts
			// afresh, which also mends a count that drifted (an instance died between counting and inserting)
			long left = all ? this.entries.recountUnread(caller.id())
					: this.entries.unreadDropped(caller.id(), changed);
			this.events.publishEvent(new UnreadChanged(caller.id(), left));
		}
	}

	record InboxPage(List<InboxItem> items, int page, int size, long total) {
	}

	record UnreadCount(long unread) {
	}

}

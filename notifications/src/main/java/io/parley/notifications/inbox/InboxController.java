package io.parley.notifications.inbox;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import io.parley.platform.security.Caller;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import org.jspecify.annotations.Nullable;

import org.springframework.data.domain.Page;
import org.springframework.data.domain.PageRequest;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
class InboxController {

	private final NotificationRepository notifications;

	InboxController(NotificationRepository notifications) {
		this.notifications = notifications;
	}

	/** The caller's own inbox, newest first; there is no way to name another person's. */
	@GetMapping("/api/notifications")
	InboxPage inbox(Caller caller, @RequestParam(defaultValue = "0") @Min(0) int page,
			@RequestParam(defaultValue = "20") @Min(1) @Max(100) int size) {
		Page<Notification> found = this.notifications.findByRecipientIdOrderByCreatedAtDesc(caller.id(),
				PageRequest.of(page, size));
		return new InboxPage(found.map(Entry::of).getContent(), found.getNumber(), found.getSize(),
				found.getTotalElements());
	}

	@GetMapping("/api/notifications/unread-count")
	UnreadCount unread(Caller caller) {
		return new UnreadCount(this.notifications.countByRecipientIdAndReadAtIsNull(caller.id()));
	}

	record InboxPage(List<Entry> items, int page, int size, long total) {
	}

	record Entry(UUID id, String type, String title, String link, Instant createdAt, @Nullable Instant readAt) {

		static Entry of(Notification notification) {
			return new Entry(notification.id(), notification.type(), notification.title(), notification.link(),
					notification.createdAt(), notification.readAt());
		}

	}

	record UnreadCount(long unread) {
	}

}

package io.parley.notifications.events;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.UUID;

import io.parley.notifications.directory.Directory;
import io.parley.notifications.inbox.Entries;
import io.parley.notifications.inbox.Notification;
import io.parley.notifications.inbox.Notification.MailState;
import io.parley.notifications.mail.Mailer;
import io.parley.notifications.preferences.Channel;
import io.parley.notifications.preferences.NoticeType;
import io.parley.notifications.preferences.Preferences;
import io.parley.notifications.push.PushFanout;
import io.parley.platform.events.EventEnvelope;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Service;

/**
 * Turns one event's notice into one inbox entry per recipient (unless they switched that notice off), a push to
 * their streams and, per their preference, a mail now or a line in their digest. The entry's id is derived from
 * (event id, recipient): a redelivered event — or the same event taken by a second instance — finds the entry
 * there and writes, pushes and mails nothing new.
 */
@Service
class Deliveries {

	private static final Logger log = LoggerFactory.getLogger(Deliveries.class);

	private final Entries entries;

	private final Preferences preferences;

	private final Directory directory;

	private final PushFanout push;

	private final Mailer mailer;

	private final Clock clock;

	Deliveries(Entries entries, Preferences preferences, Directory directory, PushFanout push, Mailer mailer,
			Clock clock) {
		this.entries = entries;
		this.preferences = preferences;
		this.directory = directory;
		this.push = push;
		this.mailer = mailer;
		this.clock = clock;
	}

	void deliver(EventEnvelope event, Notice notice, Collection<String> recipients) {
		int created = 0;
		int duplicates = 0;
		int skipped = 0;
		List<UUID> mails = new ArrayList<>();
		for (String recipient : new LinkedHashSet<>(recipients)) {
			Channel channel = this.preferences.channel(recipient, notice.type());
			boolean offboarded = notice.type() != NoticeType.MEMBER_OFFBOARDED && this.directory.isOffboarded(recipient);
			if (channel == Channel.OFF || offboarded) {
				skipped++;
				continue;
			}
			UUID id = Notification.idFor(event.id(), recipient);
			// checked first so that a redelivery does not use up stream positions; the insert below decides
			if (this.entries.exists(id) || !insert(event, notice, recipient, id, channel)) {
				duplicates++;
				// the first delivery may have died before mailing: the claim makes this a no-op otherwise
				mails.add(id);
				continue;
			}
			created++;
			if (channel == Channel.EMAIL) {
				mails.add(id);
			}
		}
		this.mailer.sendDue(mails);
		log.info("Event {} ({}, aggregate {}): {} new entr{}, {} duplicate, {} skipped (off or offboarded)",
				event.id(), event.type(), event.aggregateId(), created, (created == 1) ? "y" : "ies", duplicates,
				skipped);
	}

	private boolean insert(EventEnvelope event, Notice notice, String recipient, UUID id, Channel channel) {
		MailState mail = switch (channel) {
			case EMAIL -> MailState.PENDING;
			case DIGEST -> MailState.DIGEST;
			default -> MailState.NONE;
		};
		Notification entry = new Notification(id, event.id(), recipient, notice.type().key(), notice.title(),
				notice.label(), notice.link(), this.clock.instant(), null, this.entries.nextSeq(recipient), mail, null);
		if (!this.entries.insertOnce(entry)) {
			return false;
		}
		this.push.notification(recipient, entry.seq(), entry.item(), this.entries.unread(recipient));
		return true;
	}

}

package io.parley.notifications.events;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import io.parley.notifications.inbox.Entries;
import io.parley.notifications.inbox.Notification;
import io.parley.notifications.inbox.Notification.MailState;
import io.parley.notifications.mail.Mailer;
import io.parley.notifications.preferences.Channel;
import io.parley.notifications.preferences.NoticeType;
import io.parley.notifications.preferences.Preferences;
import io.parley.notifications.push.PushFanout;
import io.parley.platform.access.AccessEnds;
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

	private final PushFanout push;

	private final Mailer mailer;

	private final Clock clock;

	private final AccessEnds access;

	Deliveries(Entries entries, Preferences preferences, PushFanout push, Mailer mailer, Clock clock,
			AccessEnds access) {
		this.entries = entries;
		this.preferences = preferences;
		this.push = push;
		this.mailer = mailer;
		this.clock = clock;
		this.access = access;
	}

	/**
	 * Round trips to Mongo per event, not per recipient, where they can be: the recipients' preferences and whose
	 * access ended (offboarded, or past their sponsored end) are one query each, the entries one bulk insert. Per recipient there is only the stream counter
	 * ({@code seq} and unread count in one update) and the push.
	 */
	void deliver(EventEnvelope event, Notice notice, Collection<String> recipients) {
		Set<String> people = new LinkedHashSet<>(recipients);
		Map<String, Channel> channels = this.preferences.channels(people, notice.type());
		Set<String> offboarded = (notice.type() != NoticeType.MEMBER_OFFBOARDED)
				? this.access.ended(people, this.clock.instant()) : Set.of();
		Map<UUID, String> wanted = new LinkedHashMap<>();
		for (String recipient : people) {
			if (channels.get(recipient) != Channel.OFF && !offboarded.contains(recipient)) {
				wanted.put(Notification.idFor(event.id(), recipient), recipient);
			}
		}
		int skipped = people.size() - wanted.size();
		// no "exists?" query first: the insert decides, and a redelivery (rare) pays for it with a stream position
		// per recipient (a gap in seq, which replay does not mind) and the count given back below
		List<Notification> fresh = new ArrayList<>();
		Map<UUID, Long> unread = new HashMap<>();
		for (Map.Entry<UUID, String> recipient : wanted.entrySet()) {
			Entries.Position position = this.entries.next(recipient.getValue());
			fresh.add(entry(event, notice, recipient.getValue(), recipient.getKey(), channels.get(recipient.getValue()),
					position.seq()));
			unread.put(recipient.getKey(), position.unread());
		}
		Set<UUID> collided;
		try {
			collided = this.entries.insertAll(fresh);
		}
		catch (RuntimeException ex) {
			// nothing of this delivery counts; the redelivery counts its entries again
			fresh.forEach((entry) -> this.entries.unreadDropped(entry.recipientId(), 1));
			throw ex;
		}
		List<UUID> mails = new ArrayList<>();
		for (Notification entry : fresh) {
			if (collided.contains(entry.id())) {
				this.entries.unreadDropped(entry.recipientId(), 1);
				// the first delivery may have died before mailing: the claim makes this a no-op otherwise
				mails.add(entry.id());
				continue;
			}
			this.push.notification(entry.recipientId(), entry.seq(), entry.item(), unread.get(entry.id()));
			if (entry.mail() == MailState.PENDING) {
				mails.add(entry.id());
			}
		}
		this.mailer.sendSoon(mails); // off this thread: the next event's pushes do not wait for SMTP
		int created = fresh.size() - collided.size();
		log.info("Event {} ({}, aggregate {}): {} new entr{}, {} duplicate, {} skipped (off, or access ended)",
				event.id(), event.type(), event.aggregateId(), created, (created == 1) ? "y" : "ies",
				collided.size(), skipped);
	}

	private Notification entry(EventEnvelope event, Notice notice, String recipient, UUID id, Channel channel,
			long seq) {
		MailState mail = switch (channel) {
			case EMAIL -> MailState.PENDING;
			case DIGEST -> MailState.DIGEST;
			default -> MailState.NONE;
		};
		return new Notification(id, event.id(), recipient, notice.type().key(), notice.title(), notice.label(),
				notice.link(), this.clock.instant(), null, seq, mail, null);
	}

}

package io.parley.notifications.mail;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import io.parley.notifications.NotificationsProperties;
import io.parley.notifications.directory.Directory;
import io.parley.notifications.inbox.Entries;
import io.parley.notifications.inbox.Notification;
import io.parley.notifications.preferences.Preferences;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The daily digest: every {@code check-interval}, each person with entries waiting for their digest whose local
 * time (their preference's time zone) has passed {@code digest.at} and who got no digest on this local date gets
 * one mail listing those entries (label rules as for any mail), leaving out what {@link Mailer#withheld} withholds
 * (the recipient's access ended, or they left the workspace). The claim on (person, local date) is one
 * conditional write, so two instances never both send it.
 */
public class DigestJob {

	private static final Logger log = LoggerFactory.getLogger(DigestJob.class);

	private final Entries entries;

	private final Preferences preferences;

	private final Directory directory;

	private final Mailer mailer;

	private final Clock clock;

	private final NotificationsProperties.Digest settings;

	public DigestJob(Entries entries, Preferences preferences, Directory directory, Mailer mailer, Clock clock,
			NotificationsProperties properties) {
		this.entries = entries;
		this.preferences = preferences;
		this.directory = directory;
		this.mailer = mailer;
		this.clock = clock;
		this.settings = properties.digest();
	}

	/** Sends the digests that are due now; returns how many were sent. */
	public int run() {
		Instant now = this.clock.instant();
		int sent = 0;
		for (String personId : this.entries.digestRecipients()) {
			ZonedDateTime local = now.atZone(this.preferences.of(personId).timeZone());
			if (local.toLocalTime().isBefore(this.settings.at())) {
				continue;
			}
			LocalDate day = local.toLocalDate();
			if (this.preferences.claimDigest(personId, day) && send(personId, day, now)) {
				sent++;
			}
		}
		return sent;
	}

	private boolean send(String personId, LocalDate day, Instant now) {
		List<Notification> items = new ArrayList<>();
		List<UUID> withheld = new ArrayList<>();
		for (Notification item : this.entries.digestItems(personId, now)) {
			if (this.mailer.withheld(item, now)) {
				withheld.add(item.id());
			}
			else {
				items.add(item);
			}
		}
		if (!withheld.isEmpty()) {
			this.entries.withholdDigested(withheld);
			log.info("Digest of {} for {}: {} item(s) withheld (access ended or workspace left)", day, personId,
					withheld.size());
		}
		Directory.Person person = this.directory.person(personId).orElse(null);
		if (items.isEmpty() || person == null || person.email() == null) {
			this.preferences.releaseDigest(personId, day);
			return false;
		}
		if (!this.mailer.deliver(person.email(), this.mailer.messages().digest(person.name(), items))) {
			this.preferences.releaseDigest(personId, day);
			return false;
		}
		this.entries.markDigested(items.stream().map(Notification::id).toList(), now);
		log.info("Digest of {} for {} sent with {} item(s)", day, personId, items.size());
		return true;
	}

}

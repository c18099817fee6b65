package io.parley.notifications.mail;

import java.time.Clock;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.RejectedExecutionException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.parley.notifications.NotificationsProperties;
import io.parley.notifications.directory.Directory;
import io.parley.notifications.inbox.Entries;
import io.parley.notifications.inbox.Notification;
import io.parley.notifications.inbox.Notification.MailState;
import io.parley.notifications.preferences.NoticeType;
import io.parley.platform.access.AccessEnds;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.mail.MailException;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.mail.javamail.MimeMessageHelper;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;
import org.springframework.stereotype.Service;

/**
 * Sends the mails inbox entries owe, once: an instance first claims an entry ({@code PENDING} → {@code SENDING},
 * a conditional single-document update only one instance can win), then sends, then records {@code SENT}. A
 * failed send gives the claim back; a claim whose instance died is taken over after the lease. So a mail is sent
 * once unless an instance dies between the SMTP server's OK and the {@code SENT} write — then at most twice.
 * <p>
 * The mails of a delivery are sent by a small pool of this instance's own ({@link #sendSoon}), not by the event
 * consumer: an SMTP round trip takes tens to hundreds of milliseconds per mail, and a halt mailed to fifty people
 * would otherwise hold up the pushes of every event behind it (ADR 0031). A mail the pool never sends (full,
 * instance stopped) is still {@code PENDING}, and the retry job sends it.
 */
@Service
public class Mailer implements DisposableBean {

	private static final Logger log = LoggerFactory.getLogger(Mailer.class);

	/** The workspace an entry's link points into ({@code /#/workspaces/<id>[/...]}), as {@code WhoHears} links. */
	private static final Pattern WORKSPACE_LINK = Pattern
		.compile("/#/workspaces/([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})(/|$)");

	/** The release an entry's link points to ({@code /#/rollouts/releases/<id>}), as {@code RolloutNotices} links. */
	private static final Pattern RELEASE_LINK = Pattern
		.compile("/#/rollouts/releases/([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})(/|$)");

	private final JavaMailSender sender;

	private final Directory directory;

	private final Entries entries;

	private final Clock clock;

	private final AccessEnds access;

	private final NotificationsProperties properties;

	private final MailMessages messages;

	private final ThreadPoolTaskExecutor sending = new ThreadPoolTaskExecutor();

	Mailer(JavaMailSender sender, Directory directory, Entries entries, Clock clock, AccessEnds access,
			NotificationsProperties properties) {
		this.sender = sender;
		this.directory = directory;
		this.entries = entries;
		this.clock = clock;
		this.access = access;
		this.properties = properties;
		this.messages = new MailMessages(properties.publicUrl());
		this.sending.setCorePoolSize(properties.mail().senders());
		this.sending.setMaxPoolSize(properties.mail().senders());
		// beyond this many waiting deliveries the retry job sends what is left (they stay PENDING)
		this.sending.setQueueCapacity(10_000);
		this.sending.setThreadNamePrefix("mail-");
		// stopping sends what is waiting for up to 10 s; a mute SMTP server never keeps the process alive past that
		// (daemon threads), and what was not sent is still PENDING for another instance's retry job
		this.sending.setWaitForTasksToCompleteOnShutdown(true);
		this.sending.setAwaitTerminationSeconds(10);
		this.sending.setDaemon(true);
		this.sending.initialize();
	}

	/** Sends these entries' mails on this instance's mail pool, soon; the caller does not wait for SMTP. */
	public void sendSoon(Collection<UUID> ids) {
		if (ids.isEmpty()) {
			return;
		}
		List<UUID> due = List.copyOf(ids);
		try {
			this.sending.execute(() -> sendDue(due));
		}
		catch (RejectedExecutionException ex) {
			log.warn("{} mail(s) left to the retry job: the mail pool is full or stopping", due.size());
		}
	}

	@Override
	public void destroy() {
		this.sending.shutdown();
	}

	/** Sends each entry's mail if it is still due and nobody else holds it. */
	public void sendDue(Collection<UUID> ids) {
		for (UUID id : ids) {
			Instant now = this.clock.instant();
			if (this.entries.claimMail(id, now.minus(this.properties.mail().claimLease()), now)) {
				this.entries.find(id).ifPresent(this::send);
			}
		}
	}

	/** Mails whose first attempt failed, or whose claimer died. */
	void retry() {
		Instant now = this.clock.instant();
		sendDue(this.entries
			.mailsToRetry(now.minus(this.properties.mail().retryInterval()),
					now.minus(this.properties.mail().claimLease()))
			.stream()
			.map(Notification::id)
			.toList());
	}

	/**
	 * Whether an entry's mail (or digest line) must not go out any more: the recipient's access ended (offboarded,
	 * or past their sponsored end) — except the notice of that very offboarding, the one mail such a person still
	 * gets — or the entry is about a workspace (or a release in a workspace) the recipient has left. Checked when the
	 * mail is sent, not only when the entry was written, because a mail waits (retries, the daily digest) and people
	 * leave meanwhile.
	 */
	boolean withheld(Notification entry, Instant now) {
		if (!NoticeType.MEMBER_OFFBOARDED.key().equals(entry.type())
				&& this.access.ended(entry.recipientId(), now)) {
			return true;
		}
		Matcher workspace = WORKSPACE_LINK.matcher(entry.link());
		if (workspace.lookingAt()) {
			return !this.directory.isMember(UUID.fromString(workspace.group(1)), entry.recipientId());
		}
		Matcher release = RELEASE_LINK.matcher(entry.link());
		return release.lookingAt() && this.directory.releaseWorkspace(UUID.fromString(release.group(1)))
			.map((releaseWorkspace) -> !this.directory.isMember(releaseWorkspace, entry.recipientId()))
			.orElse(false);
	}

	private void send(Notification entry) {
		if (withheld(entry, this.clock.instant())) {
			this.entries.finishMail(entry.id(), MailState.WITHHELD);
			log.info("Mail for notification {} (event {}) withheld: {} no longer has access to it", entry.id(),
					entry.eventId(), entry.recipientId());
			return;
		}
		Directory.Person person = this.directory.person(entry.recipientId()).orElse(null);
		if (person == null || person.email() == null) {
			this.entries.finishMail(entry.id(), MailState.NO_ADDRESS);
			log.info("Mail for notification {} (event {}) not sent: no address known for {}", entry.id(),
					entry.eventId(), entry.recipientId());
			return;
		}
		MailMessages.Rendered rendered = this.messages.single(person.name(), entry);
		if (deliver(person.email(), rendered)) {
			this.entries.finishMail(entry.id(), MailState.SENT);
			log.info("Mail sent for notification {} (event {}, {}) to {}", entry.id(), entry.eventId(), entry.type(),
					entry.recipientId());
		}
		else {
			this.entries.finishMail(entry.id(), MailState.PENDING);
		}
	}

	/** One mail with a plain-text and an HTML part; false (and logged) when the SMTP server refused it. */
	boolean deliver(String to, MailMessages.Rendered rendered) {
		try {
			MimeMessage message = this.sender.createMimeMessage();
			MimeMessageHelper helper = new MimeMessageHelper(message, true, "UTF-8");
			helper.setFrom(this.properties.mailFrom());
			helper.setTo(to);
			helper.setSubject(rendered.subject());
			helper.setText(rendered.text(), rendered.html());
			this.sender.send(message);
			return true;
		}
		catch (MailException | MessagingException ex) {
			// the address is personal data: the log names the person id the caller logs, not the address
			log.warn("Mail not sent, will retry: {}", ex.toString());
			return false;
		}
	}

	MailMessages messages() {
		return this.messages;
	}

}

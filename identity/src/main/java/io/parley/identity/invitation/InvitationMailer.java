package io.parley.identity.invitation;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.mail.MailException;
import org.springframework.mail.SimpleMailMessage;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.stereotype.Component;

/**
 * Mails the invitation link. Identity does it itself rather than notifications: the link carries the token, and
 * the token must not travel through the broker or sit in another service's database (ADR 0006).
 */
@Component
class InvitationMailer {

	private static final Logger log = LoggerFactory.getLogger(InvitationMailer.class);

	private final JavaMailSender mail;

	private final InvitationProperties properties;

	InvitationMailer(JavaMailSender mail, InvitationProperties properties) {
		this.mail = mail;
		this.properties = properties;
	}

	/** Returns false if the mail server refused it; the admin can re-send, which issues a fresh link. */
	boolean send(Invitation invitation, String organisationName, boolean secondFactor, String token) {
		SimpleMailMessage message = new SimpleMailMessage();
		message.setFrom(this.properties.mailFrom());
		message.setTo(invitation.email());
		message.setSubject("Your invitation to Parley");
		message.setText("""
				Hello %s,

				you are invited to join Parley as a member of %s.

				Open this link to accept; it works once and until %s:

				%s%s

				Parley's sign-in service will then e-mail you a link to choose your password%s.
				If you did not expect this invitation, ignore this e-mail.
				""".formatted(invitation.name(), organisationName, invitation.expiresAt(), this.properties.acceptUrl(),
				token, secondFactor ? " and set up an authenticator app (a second factor is required)" : ""));
		try {
			this.mail.send(message);
			return true;
		}
		catch (MailException ex) {
			log.warn("Could not mail invitation {}: {}", invitation.id(), ex.getMessage());
			return false;
		}
	}

}

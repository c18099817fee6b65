package io.parley.identity.invitation;

import java.time.Duration;

import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * {@code parley.identity.invitation.*}.
 *
 * @param validity how long a link may be used
 * @param acceptUrl the portal page the link opens, the token appended; the default puts it in the fragment
 * (after {@code #}), which browsers never send to a server, so it stays out of access logs and Referer headers
 * @param mailFrom sender of invitation e-mails
 * @param retryAcceptanceAfter an acceptance that crashed half-way may be retried with the same link after this
 */
@ConfigurationProperties("parley.identity.invitation")
@Validated
record InvitationProperties(@DefaultValue("7d") Duration validity,
		@DefaultValue("http://127.0.0.1:8080/#/invitation/") @NotBlank String acceptUrl,
		@DefaultValue("no-reply@parley.example") @Email String mailFrom,
		@DefaultValue("2m") Duration retryAcceptanceAfter) {
}

package io.parley.notifications;

import java.net.URI;
import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * {@code parley.notifications.*}.
 *
 * @param eventsQueue the durable queue on {@code parley.events} this service consumes (with {@code <queue>.dlq});
 * every instance consumes the same one, as competing consumers
 * @param publicUrl where people reach the portal; e-mails link to paths under it
 * @param mailFrom sender of every mail
 * @param push real-time push settings
 * @param digest daily digest settings
 * @param mail immediate mail settings
 * @param webhooks deliveries to organisations' own systems (ADR 0043)
 */
@ConfigurationProperties("parley.notifications")
@Validated
public record NotificationsProperties(@DefaultValue("notifications") @NotBlank String eventsQueue,
		@DefaultValue("http://127.0.0.1:8080") URI publicUrl, @DefaultValue("no-reply@parley.example") String mailFrom,
		@DefaultValue Push push, @DefaultValue Digest digest, @DefaultValue Mail mail,
		@DefaultValue Webhooks webhooks) {

	/**
	 * @param exchange the fanout exchange every instance binds an exclusive queue to: a push reaches the
	 * instance that holds the browser's stream, whichever instance wrote the inbox entry
	 * @param heartbeat how often an idle stream gets a comment line (keeps proxies from closing it, and finds
	 * dead connections)
	 * @param streamTimeout a stream is closed after this; the browser reconnects with {@code Last-Event-ID}
	 * @param replayLimit most entries replayed to a reconnecting stream (the inbox API has the rest)
	 * @param gapGrace how long a stream keeps asking, at each heartbeat, for a position it did not get: one that is
	 * not stored by then was handed out and never used (an insert that collided, an instance that died first)
	 */
	public record Push(@DefaultValue("parley.notifications.push") String exchange,
			@DefaultValue("15s") Duration heartbeat, @DefaultValue("30m") Duration streamTimeout,
			@DefaultValue("500") @Min(1) int replayLimit, @DefaultValue("1m") Duration gapGrace) {
	}

	/**
	 * @param at local time (in each person's time zone) from which their digest of the day is sent
	 * @param checkInterval how often the job looks for people whose morning has come
	 * @param defaultTimeZone the time zone of people who chose none
	 */
	public record Digest(@DefaultValue("08:00") LocalTime at, @DefaultValue("5m") Duration checkInterval,
			@DefaultValue("UTC") ZoneId defaultTimeZone) {
	}

	/**
	 * @param retryInterval how often mails that could not be sent (SMTP down, instance died mid-send) are retried
	 * @param claimLease how long an instance's claim on a mail keeps other instances from sending it
	 * @param senders threads of this instance that send mails, off the event consumer's thread
	 */
	public record Mail(@DefaultValue("1m") Duration retryInterval, @DefaultValue("5m") Duration claimLease,
			@DefaultValue("2") @Min(1) int senders) {
	}

	/**
	 * @param secretKey AES-256 key (32 bytes, Base64) that encrypts endpoints' signing secrets at rest, so that a
	 * reader of the database alone cannot sign; blank: one generated for this start (secrets stored under it must
	 * be rotated after a restart), with a warning
	 * @param allowedAddresses IP addresses a webhook may reach although they are loopback or private (devstack and
	 * tests: {@code 127.0.0.1}); plain {@code http} is accepted only for these
	 * @param senders deliveries in flight at once on this instance, each on its own thread
	 * @param connectTimeout how long connecting to a receiver may take
	 * @param readTimeout how long a receiver may take to answer once the request is sent
	 * @param pollInterval how often the worker looks for deliveries that are due
	 * @param firstRetry the wait after the first failed attempt; it doubles after each further one
	 * @param maxBackoff the longest wait between two attempts
	 * @param giveUpAfter how long after its first attempt a delivery is retried; then the endpoint is failing
	 * @param claimLease how long an instance's claim on a delivery keeps others from sending it
	 * @param logSize deliveries the log of an endpoint shows (newest first)
	 */
	public record Webhooks(@DefaultValue("") String secretKey, @DefaultValue List<String> allowedAddresses,
			@DefaultValue("4") @Min(1) int senders, @DefaultValue("5s") Duration connectTimeout,
			@DefaultValue("10s") Duration readTimeout, @DefaultValue("1s") Duration pollInterval,
			@DefaultValue("30s") Duration firstRetry, @DefaultValue("1h") Duration maxBackoff,
			@DefaultValue("24h") Duration giveUpAfter, @DefaultValue("2m") Duration claimLease,
			@DefaultValue("50") @Min(1) int logSize) {
	}

}

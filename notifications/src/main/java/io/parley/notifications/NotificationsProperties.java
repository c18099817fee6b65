package io.parley.notifications;

import java.net.URI;
import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneId;

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
 */
@ConfigurationProperties("parley.notifications")
@Validated
public record NotificationsProperties(@DefaultValue("notifications") @NotBlank String eventsQueue,
		@DefaultValue("http://127.0.0.1:8080") URI publicUrl, @DefaultValue("no-reply@parley.example") String mailFrom,
		@DefaultValue Push push, @DefaultValue Digest digest, @DefaultValue Mail mail) {

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

}

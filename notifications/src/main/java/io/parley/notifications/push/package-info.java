/** Real-time push: server-sent event streams, fed through a RabbitMQ fanout so any instance can hold a stream. */
@NullMarked
package io.parley.notifications.push;

import org.jspecify.annotations.NullMarked;

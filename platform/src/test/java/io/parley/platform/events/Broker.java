package io.parley.platform.events;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.springframework.amqp.rabbit.connection.CachingConnectionFactory;
import org.springframework.amqp.rabbit.core.RabbitAdmin;
import org.springframework.beans.factory.DisposableBean;

/**
 * The real RabbitMQ on 127.0.0.1:5672 the event tests run against, and {@code rabbitmqctl} for the fault test.
 */
final class Broker {

	static final String HOST = "127.0.0.1";

	private Broker() {
	}

	/** Deletes what a test declared; queues first, so the exchange has no bindings left. */
	static void delete(String exchange, String... queues) {
		CachingConnectionFactory factory = new CachingConnectionFactory(HOST);
		try {
			RabbitAdmin admin = new RabbitAdmin(factory);
			for (String queue : queues) {
				admin.deleteQueue(queue);
			}
			admin.deleteExchange(exchange);
		}
		finally {
			factory.destroy();
		}
	}

	/**
	 * A bean that deletes a test's exchange and queues when its context closes: after the listener container has
	 * stopped, so nothing declares them again (an {@code @AfterAll} runs while the cached context still lives).
	 */
	static DisposableBean cleanup(String exchange, String... queues) {
		return () -> delete(exchange, queues);
	}

	static String rabbitmqctl(String... args) {
		List<String> command = new ArrayList<>(List.of("rabbitmqctl"));
		command.addAll(List.of(args));
		try {
			Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
			if (!process.waitFor(60, TimeUnit.SECONDS)) {
				process.destroyForcibly();
				throw new IllegalStateException("Timed out: " + command);
			}
			String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
			if (process.exitValue() != 0) {
				throw new IllegalStateException(command + " failed: " + output);
			}
			return output;
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	/** Closes, from the broker side, every connection whose client-given name starts with {@code prefix}. */
	static int closeConnections(String prefix) {
		// RabbitMQ 3.10's list_connections has no user_provided_name column; the name is in client_properties.
		String marker = "{\"connection_name\",\"" + prefix;
		int closed = 0;
		for (String line : rabbitmqctl("-q", "list_connections", "pid", "client_properties").split("\n")) {
			if (line.contains(marker)) {
				String pid = line.substring(0, line.indexOf('\t')).trim();
				try {
					rabbitmqctl("close_connection", pid, "fault test");
					closed++;
				}
				catch (IllegalStateException ex) {
					// already gone
				}
			}
		}
		return closed;
	}

}

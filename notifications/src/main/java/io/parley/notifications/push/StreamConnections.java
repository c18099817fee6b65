package io.parley.notifications.push;

import org.eclipse.jetty.server.ServerConnector;

import org.springframework.boot.jetty.ConfigurableJettyWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.stereotype.Component;

/**
 * Browsers reconnect their event streams in bursts (a restarted instance, a network blip): Jetty's listen backlog
 * defaults to the JVM's 50, past which new connections wait for SYN retries. 1,000 queued connects, like the
 * accept count the service had on Tomcat. The rest of a stream's cost is Jetty's business: it keeps no buffer
 * for an idle async request (ADR 0016).
 */
@Component
class StreamConnections implements WebServerFactoryCustomizer<ConfigurableJettyWebServerFactory> {

	static final int ACCEPT_QUEUE = 1000;

	@Override
	public void customize(ConfigurableJettyWebServerFactory factory) {
		factory.addServerCustomizers((server) -> {
			for (var connector : server.getConnectors()) {
				if (connector instanceof ServerConnector network) {
					network.setAcceptQueueSize(ACCEPT_QUEUE);
				}
			}
		});
	}

}

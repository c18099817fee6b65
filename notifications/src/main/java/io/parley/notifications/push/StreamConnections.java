package io.parley.notifications.push;

import org.apache.catalina.connector.Connector;

import org.springframework.boot.tomcat.TomcatConnectorCustomizer;
import org.springframework.stereotype.Component;

/**
 * An open event stream keeps its connection's buffers for as long as it lives. Tomcat sizes each connection's
 * socket read and write buffers at 8 KiB by default; an SSE stream reads one request and writes a few hundred
 * bytes at a time, so 2 KiB each is plenty and leaves heap for many more streams (bench/README.md).
 */
@Component
class StreamConnections implements TomcatConnectorCustomizer {

	static final String SOCKET_BUFFER = "2048";

	@Override
	public void customize(Connector connector) {
		// "socket.*" properties go to the endpoint's SocketProperties (Tomcat's documented connector attributes)
		connector.setProperty("socket.appReadBufSize", SOCKET_BUFFER);
		connector.setProperty("socket.appWriteBufSize", SOCKET_BUFFER);
	}

}
